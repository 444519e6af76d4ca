package io.hyperbee.encoding;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The codecs hyperbee users name most: {@code binary} (bytes as they are), {@code utf-8} and
 * {@code json}; each encodes to the very bytes the JS codec of that name writes.
 */
public final class Codecs {
  private static final byte[] REPLACEMENT = {(byte) 0xef, (byte) 0xbf, (byte) 0xbd};

  /** Bytes unchanged (JS {@code 'binary'}). */
  public static final Codec<byte[]> BINARY = new Codec<>() {
    @Override
    public byte[] encode(byte[] value) {
      return requireNonNull(value, "value is null");
    }

    @Override
    public byte[] decode(byte[] bytes) {
      return bytes;
    }
  };

  /**
   * UTF-8 text (JS {@code 'utf-8'}): encoding writes a lone surrogate as U+FFFD (ef bf bd) as
   * Node's {@code Buffer.from(string)} does; decoding refuses malformed bytes rather than
   * guessing (JS would substitute U+FFFD).
   */
  public static final Codec<String> UTF8 = new Codec<>() {
    @Override
    public byte[] encode(String value) {
      requireNonNull(value, "value is null");
      return hasSurrogate(value) ? encodeReplacing(value) : value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String decode(byte[] bytes) {
      try {
        return StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes))
            .toString();
      } catch (CharacterCodingException e) {
        throw new HyperbeeException(ErrorCode.DECODING_ERROR, "bytes are not valid UTF-8", e);
      }
    }
  };

  /**
   * JSON values (JS {@code 'json'}) as Jackson trees: encoding writes {@code JSON.stringify}'s
   * bytes, decoding reads as {@code JSON.parse} (see {@link JsJson}).
   */
  public static final Codec<JsonNode> JSON = new Codec<>() {
    @Override
    public byte[] encode(JsonNode value) {
      requireNonNull(value, "value is null");
      return JsJson.stringify(value).getBytes(StandardCharsets.UTF_8); // escapes lone surrogates
    }

    @Override
    public JsonNode decode(byte[] bytes) {
      try {
        return JsJson.parseTree(new String(bytes, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new HyperbeeException(
            ErrorCode.DECODING_ERROR, "bytes are not valid JSON: " + e.getMessage(), e);
      }
    }
  };

  private Codecs() {}

  private static boolean hasSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isSurrogate(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static byte[] encodeReplacing(String s) {
    try {
      ByteBuffer out = StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .replaceWith(REPLACEMENT)
          .encode(CharBuffer.wrap(s));
      byte[] bytes = new byte[out.remaining()];
      out.get(bytes);
      return bytes;
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("REPLACE never throws", e);
    }
  }
}
