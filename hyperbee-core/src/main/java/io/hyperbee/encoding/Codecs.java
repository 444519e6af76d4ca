package io.hyperbee.encoding;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The codecs hyperbee users name most: {@code binary} (bytes as they are), {@code utf-8} and
 * {@code json} (compact JSON text, as {@code JSON.stringify} writes it for plain values).
 */
public final class Codecs {
  private static final ObjectMapper JSON_MAPPER = new ObjectMapper();

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

  /** UTF-8 text (JS {@code 'utf-8'}); decoding refuses malformed bytes rather than guessing. */
  public static final Codec<String> UTF8 = new Codec<>() {
    @Override
    public byte[] encode(String value) {
      return requireNonNull(value, "value is null").getBytes(StandardCharsets.UTF_8);
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

  /** JSON values (JS {@code 'json'}) as Jackson trees, written compactly. */
  public static final Codec<JsonNode> JSON = new Codec<>() {
    @Override
    public byte[] encode(JsonNode value) {
      requireNonNull(value, "value is null");
      try {
        return JSON_MAPPER.writeValueAsBytes(value);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("value cannot be written as JSON: " + e.getMessage(), e);
      }
    }

    @Override
    public JsonNode decode(byte[] bytes) {
      try {
        return JSON_MAPPER.readTree(bytes);
      } catch (IOException e) {
        throw new HyperbeeException(ErrorCode.DECODING_ERROR, "bytes are not valid JSON", e);
      }
    }
  };

  private Codecs() {}
}
