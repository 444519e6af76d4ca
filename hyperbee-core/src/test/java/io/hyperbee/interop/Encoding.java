package io.hyperbee.interop;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperbee.encoding.Codecs;
import java.util.HexFormat;

/**
 * The key/value encodings a scenario may name, and how a JSON value from a scenario becomes the
 * bytes JS hands to the B-tree: {@code utf-8} encodes a string, {@code binary} decodes a hex
 * string, {@code json} is {@code JSON.stringify} of the value ({@link Codecs#JSON}).
 */
public enum Encoding {
  UTF8("utf-8"),
  BINARY("binary"),
  JSON("json");

  private final String jsName;

  Encoding(String jsName) {
    this.jsName = jsName;
  }

  /** The encoding's name as the scenario and hyperbee spell it. */
  public String jsName() {
    return jsName;
  }

  public static Encoding of(String jsName) {
    for (Encoding e : values()) {
      if (e.jsName.equals(jsName)) {
        return e;
      }
    }
    throw new IllegalArgumentException("unknown encoding: " + jsName);
  }

  /** The encoded bytes of a scenario value; {@code null} or JSON null gives {@code null}. */
  public byte[] encode(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return null;
    }
    return switch (this) {
      case UTF8 -> Codecs.UTF8.encode(text(value));
      case BINARY -> HexFormat.of().parseHex(text(value));
      case JSON -> Codecs.JSON.encode(value);
    };
  }

  private String text(JsonNode value) {
    if (!value.isTextual()) {
      throw new IllegalStateException(jsName + " value must be a JSON string: " + value);
    }
    return value.textValue();
  }
}
