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
import java.util.Locale;
import java.util.function.Function;

/**
 * The codecs of the npm {@code codecs} package that hyperbee's {@code keyEncoding} and
 * {@code valueEncoding} name: {@code binary}, {@code utf-8}, {@code json}, {@code ndjson},
 * {@code ascii}, {@code hex}, {@code base64} and {@code utf16le}/{@code ucs2}. Each encodes to
 * the very bytes the JS codec of that name writes and decodes as it does, Node's forgiving rules
 * included (malformed UTF-8 becomes U+FFFD, stray hex or base64 characters are dropped); {@link
 * #UTF8_STRICT} refuses malformed UTF-8 instead. {@link #named} looks one up by its JS name.
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
   * Node's {@code Buffer.from(string)} does; decoding replaces each maximal ill-formed subpart
   * with U+FFFD as Node's {@code buffer.toString()} does.
   */
  public static final Codec<String> UTF8 = text(Codecs::utf8Bytes, JsUtf8::decode);

  /** As {@link #UTF8}, but decoding refuses malformed bytes with {@code DECODING_ERROR}. */
  public static final Codec<String> UTF8_STRICT = text(Codecs::utf8Bytes, JsUtf8::decodeStrict);

  /** JS {@code 'ascii'}: encodes the low byte of each UTF-16 unit, decodes bytes & 0x7f. */
  public static final Codec<String> ASCII = text(NodeStrings::asciiBytes, NodeStrings::ascii);

  /** JS {@code 'hex'}: lowercase hex; encoding stops at the first pair that is not hex. */
  public static final Codec<String> HEX = text(NodeStrings::hexBytes, NodeStrings::hex);

  /** JS {@code 'base64'}: padded standard base64; encoding also reads the URL-safe alphabet. */
  public static final Codec<String> BASE64 = text(NodeStrings::base64Bytes, NodeStrings::base64);

  /** JS {@code 'utf16le'} (alias {@code 'ucs2'}): UTF-16 code units, low byte first. */
  public static final Codec<String> UTF16LE = text(NodeStrings::utf16leBytes, NodeStrings::utf16le);

  /** JS {@code 'ucs2'}: the same codec as {@link #UTF16LE}. */
  public static final Codec<String> UCS2 = UTF16LE;

  /**
   * JSON values (JS {@code 'json'}) as Jackson trees: encoding writes {@code JSON.stringify}'s
   * bytes, decoding reads as {@code JSON.parse} of the UTF-8 text (see {@link JsJson}).
   */
  public static final Codec<JsonNode> JSON = json("");

  /** JS {@code 'ndjson'}: as {@link #JSON} with a newline after each value. */
  public static final Codec<JsonNode> NDJSON = json("\n");

  private Codecs() {}

  /**
   * The codec JS's {@code codecs(name)} returns: {@code binary}, {@code utf-8}/{@code utf8},
   * {@code json}, {@code ndjson}, {@code ascii}, {@code hex}, {@code base64},
   * {@code utf16le}/{@code utf16-le}, {@code ucs2}/{@code ucs-2}. Unlike JS, which falls back to
   * binary, an unknown name is refused.
   *
   * @throws IllegalArgumentException for a name JS does not know
   */
  public static Codec<?> named(String name) {
    requireNonNull(name, "name is null");
    switch (name) {
      case "binary":
        return BINARY;
      case "utf-8":
      case "utf8":
        return UTF8;
      case "json":
        return JSON;
      case "ndjson":
        return NDJSON;
      case "ascii":
        return ASCII;
      case "hex":
        return HEX;
      case "base64":
        return BASE64;
      case "utf16le":
      case "utf16-le":
      case "ucs2":
      case "ucs-2":
        return UTF16LE;
      default:
        throw new IllegalArgumentException("unknown codec '" + name + "' (JS names: binary, "
            + "utf-8, json, ndjson, ascii, hex, base64, utf16le, ucs2)"
            + (name.toLowerCase(Locale.ROOT).equals(name) ? "" : "; names are case-sensitive"));
    }
  }

  private static Codec<String> text(Function<String, byte[]> encode, Function<byte[], String> decode) {
    return new Codec<>() {
      @Override
      public byte[] encode(String value) {
        return encode.apply(requireNonNull(value, "value is null"));
      }

      @Override
      public String decode(byte[] bytes) {
        return decode.apply(bytes);
      }
    };
  }

  private static Codec<JsonNode> json(String suffix) {
    return new Codec<>() {
      @Override
      public byte[] encode(JsonNode value) {
        requireNonNull(value, "value is null");
        return utf8Bytes(JsJson.stringify(value) + suffix); // stringify escapes lone surrogates
      }

      @Override
      public JsonNode decode(byte[] bytes) {
        try {
          return JsJson.parseTree(JsUtf8.decode(bytes));
        } catch (IllegalArgumentException e) {
          throw new HyperbeeException(
              ErrorCode.DECODING_ERROR, "bytes are not valid JSON: " + e.getMessage(), e);
        }
      }
    };
  }

  private static byte[] utf8Bytes(String s) {
    return hasSurrogate(s) ? encodeReplacing(s) : s.getBytes(StandardCharsets.UTF_8);
  }

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
