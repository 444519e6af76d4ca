package io.hyperbee.interop;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * {@code JSON.stringify} of the JSON values scenarios use, byte for byte as V8 prints them. Only
 * the subset whose output is unambiguous is accepted: strings, booleans, null, integers within
 * +-2^53, arrays and objects whose keys are not array indices (JS would print those first).
 * Anything else is refused rather than guessed.
 */
final class JsStringify {
  private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

  private JsStringify() {}

  static String stringify(JsonNode value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  private static void write(JsonNode value, StringBuilder out) {
    switch (value.getNodeType()) {
      case NULL -> out.append("null");
      case BOOLEAN -> out.append(value.booleanValue());
      case STRING -> quote(value.textValue(), out);
      case NUMBER -> {
        if (!value.canConvertToExactIntegral() || !value.canConvertToLong()
            || Math.abs(value.longValue()) > MAX_SAFE_INTEGER) {
          throw new IllegalStateException("json values must be safe integers: " + value);
        }
        out.append(value.longValue());
      }
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < value.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(value.get(i), out);
        }
        out.append(']');
      }
      case OBJECT -> {
        out.append('{');
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        boolean first = true;
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> field = fields.next();
          if (isArrayIndex(field.getKey())) {
            throw new IllegalStateException("json object keys must not be integers: " + value);
          }
          if (!first) {
            out.append(',');
          }
          first = false;
          quote(field.getKey(), out);
          out.append(':');
          write(field.getValue(), out);
        }
        out.append('}');
      }
      default -> throw new IllegalStateException("not a JSON value: " + value);
    }
  }

  private static boolean isArrayIndex(String key) {
    return !key.isEmpty() && key.chars().allMatch(Character::isDigit)
        && (key.length() == 1 || key.charAt(0) != '0');
  }

  /** JS escapes only the quote, the backslash, control characters and lone surrogates. */
  private static void quote(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          boolean lone = Character.isSurrogate(c) && !pairedSurrogate(s, i);
          if (c < 0x20 || lone) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static boolean pairedSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }
}
