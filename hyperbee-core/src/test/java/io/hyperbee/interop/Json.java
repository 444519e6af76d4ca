package io.hyperbee.interop;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HexFormat;

/** Field readers that name the missing or malformed field, shared by the vector records. */
final class Json {
  private Json() {}

  static JsonNode required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalStateException("missing field '" + field + "' in " + abbreviate(node));
    }
    return value;
  }

  static String text(JsonNode node, String field) {
    JsonNode value = required(node, field);
    if (!value.isTextual()) {
      throw new IllegalStateException("field '" + field + "' must be a string: " + abbreviate(node));
    }
    return value.textValue();
  }

  static long number(JsonNode node, String field) {
    JsonNode value = required(node, field);
    if (!value.canConvertToExactIntegral() || !value.canConvertToLong()) {
      throw new IllegalStateException("field '" + field + "' must be an integer: " + abbreviate(node));
    }
    return value.longValue();
  }

  static Long optionalNumber(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : number(node, field);
  }

  static boolean flag(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.asBoolean(false);
  }

  static byte[] hex(JsonNode node, String field) {
    return parseHex(text(node, field), field);
  }

  static byte[] optionalHex(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : hex(node, field);
  }

  static byte[] parseHex(String hex, String field) {
    try {
      return HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("field '" + field + "' is not hex", e);
    }
  }

  static String abbreviate(JsonNode node) {
    String s = String.valueOf(node);
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }
}
