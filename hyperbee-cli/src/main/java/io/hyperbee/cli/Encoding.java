package io.hyperbee.cli;

import io.hyperbee.encoding.Codecs;
import io.hyperbee.encoding.JsJson;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/**
 * How the CLI turns the keys and values a user types (or writes in {@code apply} lines) into the
 * stored bytes and back, matching the JS codecs of the same name: {@code utf8} (UTF-8 text; a
 * lone surrogate becomes U+FFFD as Node's Buffer does), {@code hex} (strict: anything but pairs
 * of hex digits is refused) and {@code json} ({@code JSON.stringify} bytes, see {@link JsJson}).
 */
enum Encoding {
  UTF8("utf8"),
  HEX("hex"),
  JSON("json");

  private static final HexFormat HEX_FORMAT = HexFormat.of();

  private final String label;

  Encoding(String label) {
    this.label = label;
  }

  /** Accepts the names the JS codecs accept for these three: utf8, utf-8, hex, json. */
  static Encoding fromName(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "utf8":
      case "utf-8":
        return UTF8;
      case "hex":
        return HEX;
      case "json":
        return JSON;
      default:
        throw new IllegalArgumentException(
            "unknown encoding '" + name + "' (expected utf8, hex or json)");
    }
  }

  /**
   * Bytes for text typed on the command line.
   *
   * @throws IllegalArgumentException naming the problem (not hex, not JSON)
   */
  byte[] fromText(String text) {
    switch (this) {
      case UTF8:
        return utf8(text);
      case HEX:
        return hex(text);
      default:
        Object value;
        try {
          value = JsJson.parse(text);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
        return utf8(JsJson.stringify(value));
    }
  }

  /**
   * Bytes for a key or value given as a JSON value in an {@code apply} line: a string for utf8,
   * a hex string for hex, any JSON value for json.
   */
  byte[] fromJsonValue(Object value) {
    switch (this) {
      case UTF8:
        if (!(value instanceof String s)) {
          throw new IllegalArgumentException("expected a string (utf8 encoding)");
        }
        return utf8(s);
      case HEX:
        if (!(value instanceof String s)) {
          throw new IllegalArgumentException("expected a hex string (hex encoding)");
        }
        return hex(s);
      default:
        return utf8(JsJson.stringify(value));
    }
  }

  /** Text for plain output: the UTF-8 text, the hex digits, or the JSON text. */
  String toText(byte[] bytes) {
    switch (this) {
      case UTF8:
        return new String(bytes, StandardCharsets.UTF_8);
      case HEX:
        return HEX_FORMAT.formatHex(bytes);
      default:
        return JsJson.stringify(toJsonValue(bytes));
    }
  }

  /**
   * The value for {@code --json} output, as a JS stream with this encoding yields it: a string
   * for utf8 and hex, the decoded value for json.
   *
   * @throws IllegalArgumentException when json-encoded bytes are not JSON
   */
  Object toJsonValue(byte[] bytes) {
    switch (this) {
      case UTF8:
      case HEX:
        return toText(bytes);
      default:
        try {
          return JsJson.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }
  }

  static byte[] hex(String text) {
    if (text.length() % 2 != 0) {
      throw new IllegalArgumentException(
          "not hex: '" + abbreviate(text) + "' has an odd number of digits");
    }
    for (int i = 0; i < text.length(); i++) {
      if (Character.digit(text.charAt(i), 16) < 0) {
        throw new IllegalArgumentException(
            "not hex: '" + abbreviate(text) + "' (bad character '" + text.charAt(i) + "' at "
                + (i + 1) + ")");
      }
    }
    return HEX_FORMAT.parseHex(text);
  }

  static String hex(byte[] bytes) {
    return HEX_FORMAT.formatHex(bytes);
  }

  /** UTF-8 as Node's Buffer.from(string) writes it: lone surrogates become U+FFFD (ef bf bd). */
  static byte[] utf8(String text) {
    return Codecs.UTF8.encode(text);
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 37) + "...";
  }

  @Override
  public String toString() {
    return label;
  }
}
