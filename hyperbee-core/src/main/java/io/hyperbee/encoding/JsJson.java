package io.hyperbee.encoding;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON as JavaScript's {@code JSON.parse} / {@code JSON.stringify} see it, so that a JSON value
 * is stored as the very bytes JS Hyperbee's {@code json} encoding
 * ({@code Buffer.from(JSON.stringify(v))}) would store. The one JSON implementation of the
 * project: {@link Codecs#JSON}, the CLI and the interop tests use it.
 *
 * <p>Parsed values are {@code null}, {@link Boolean}, {@link Double} (every JSON number is a
 * double in JS), {@link String}, {@code List<Object>} and {@code Map<String, Object>} (insertion
 * ordered; a repeated name keeps its first position and its last value, as in JS).
 * {@link #stringify} also takes any other {@link Number} (written as the JS number nearest to
 * it) and Jackson {@link JsonNode} trees. Jackson does the tokenising;
 * the JS rules live here: number text to the nearest double, shortest round-trip number output,
 * array-index property names first in numeric order, and JSON.stringify's string escapes.
 */
public final class JsJson {
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNumberLength(Integer.MAX_VALUE)
                  .maxStringLength(Integer.MAX_VALUE)
                  .build())
          .build();

  /** Largest array index in JS: 2^32 - 2. */
  private static final long MAX_ARRAY_INDEX = 4_294_967_294L;

  /** Largest integer below which every integer is a double: 2^53. */
  private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

  private JsJson() {}

  /**
   * Parses one JSON text, as {@code JSON.parse}.
   *
   * @throws IllegalArgumentException naming the problem when {@code text} is not one JSON value
   */
  public static Object parse(String text) {
    try (JsonParser parser = FACTORY.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new IllegalArgumentException("empty JSON text");
      }
      Object value = read(parser, first);
      if (parser.nextToken() != null) {
        throw new IllegalArgumentException(
            "unexpected text after the JSON value at column " + parser.currentLocation().getColumnNr());
      }
      return value;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Object read(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT:
        Map<String, Object> object = new LinkedHashMap<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
          String name = parser.currentName();
          object.put(name, read(parser, parser.nextToken()));
        }
        return object;
      case START_ARRAY:
        List<Object> array = new ArrayList<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
          array.add(read(parser, t));
        }
        return array;
      case VALUE_STRING:
        return parser.getText();
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        // JS rounds the decimal text once, to the nearest double; so does parseDouble
        return Double.parseDouble(parser.getText());
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new IllegalArgumentException("unexpected JSON token " + token);
    }
  }

  /**
   * {@code JSON.parse} as a Jackson tree: numbers with an integral value within +-2^53 become
   * int/long nodes, other numbers double nodes, so {@code 1.0} and {@code 1} read alike as in JS.
   *
   * @throws IllegalArgumentException naming the problem when {@code text} is not one JSON value
   */
  public static JsonNode parseTree(String text) {
    return toTree(parse(text));
  }

  private static JsonNode toTree(Object value) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    if (value == null) {
      return nodes.nullNode();
    } else if (value instanceof Boolean b) {
      return nodes.booleanNode(b);
    } else if (value instanceof String s) {
      return nodes.textNode(s);
    } else if (value instanceof Double d) {
      if (d == Math.rint(d) && Math.abs(d) <= MAX_SAFE_INTEGER) {
        long l = d.longValue();
        return l == (int) l ? nodes.numberNode((int) l) : nodes.numberNode(l);
      }
      return nodes.numberNode(d);
    } else if (value instanceof List<?> list) {
      ArrayNode array = nodes.arrayNode(list.size());
      list.forEach(v -> array.add(toTree(v)));
      return array;
    } else {
      ObjectNode object = nodes.objectNode();
      ((Map<?, ?>) value).forEach((k, v) -> object.set((String) k, toTree(v)));
      return object;
    }
  }

  /**
   * {@code JSON.stringify(value)} for the values {@link #parse} returns, other numbers and Jackson
   * trees.
   *
   * @throws IllegalArgumentException for a value that is not JSON (or a binary/POJO tree node)
   */
  public static String stringify(Object value) {
    StringBuilder out = new StringBuilder();
    write(out, value);
    return out.toString();
  }

  private static void write(StringBuilder out, Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Boolean) {
      out.append(value);
    } else if ((value instanceof Long || value instanceof Integer)
        && Math.abs(((Number) value).longValue()) <= MAX_SAFE_INTEGER) {
      out.append(value);
    } else if (value instanceof Number number) {
      double d = number.doubleValue();
      out.append(Double.isFinite(d) ? numberToString(d) : "null");
    } else if (value instanceof String s) {
      quote(out, s);
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(out, list.get(i));
      }
      out.append(']');
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : jsPropertyOrder(map)) {
        if (!first) {
          out.append(',');
        }
        first = false;
        quote(out, (String) e.getKey());
        out.append(':');
        write(out, e.getValue());
      }
      out.append('}');
    } else if (value instanceof JsonNode node) {
      write(out, fromTree(node));
    } else {
      throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }
  }

  /** One level of a Jackson tree as the plain values {@link #write} takes. */
  private static Object fromTree(JsonNode node) {
    switch (node.getNodeType()) {
      case NULL:
        return null;
      case BOOLEAN:
        return node.booleanValue();
      case STRING:
        return node.textValue();
      case NUMBER:
        return node.canConvertToExactIntegral() && node.canConvertToLong()
                && Math.abs(node.longValue()) <= MAX_SAFE_INTEGER
            ? (Object) node.longValue()
            : (Object) node.doubleValue();
      case ARRAY:
        List<JsonNode> list = new ArrayList<>(node.size());
        node.elements().forEachRemaining(list::add);
        return list;
      case OBJECT:
        Map<String, JsonNode> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          map.put(field.getKey(), field.getValue());
        }
        return map;
      default:
        throw new IllegalArgumentException("not a JSON value: " + node.getNodeType() + " node");
    }
  }

  /** JS objects list array-index names first, ascending, then the others in insertion order. */
  private static List<Map.Entry<?, ?>> jsPropertyOrder(Map<?, ?> map) {
    TreeMap<Long, Map.Entry<?, ?>> indexed = new TreeMap<>();
    List<Map.Entry<?, ?>> named = new ArrayList<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      long index = arrayIndex((String) e.getKey());
      if (index >= 0) {
        indexed.put(index, e);
      } else {
        named.add(e);
      }
    }
    List<Map.Entry<?, ?>> ordered = new ArrayList<>(indexed.values());
    ordered.addAll(named);
    return ordered;
  }

  /** The array index {@code name} denotes (canonical decimal up to 2^32-2), or -1. */
  private static long arrayIndex(String name) {
    int n = name.length();
    if (n == 0 || n > 10 || (n > 1 && name.charAt(0) == '0')) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < n; i++) {
      char c = name.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v <= MAX_ARRAY_INDEX ? v : -1;
  }

  /** JSON.stringify's QuoteJSONString (ES2019: lone surrogates escaped). */
  private static void quote(StringBuilder out, String s) {
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
          if (c < 0x20) {
            unicodeEscape(out, c);
          } else if (Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            out.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            unicodeEscape(out, c);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static void unicodeEscape(StringBuilder out, char c) {
    out.append("\\u").append(String.format("%04x", (int) c));
  }

  /**
   * JS {@code Number.prototype.toString()} for a finite double (ECMA-262 Number::toString): the
   * shortest digit string that reads back as {@code d}, in plain notation for exponents in
   * [-6, 21) and as {@code d.ddde+n} otherwise. Java 17's Double.toString is not always
   * shortest, so the digits are searched here.
   */
  public static String numberToString(double d) {
    if (d == 0) {
      return "0"; // also -0
    }
    if (d == Math.rint(d) && Math.abs(d) <= MAX_SAFE_INTEGER) {
      return Long.toString((long) d); // exact and shortest; spares the digit search
    }
    if (d < 0) {
      return "-" + numberToString(-d);
    }
    BigDecimal shortest = shortestDecimal(d);
    String digits = shortest.unscaledValue().toString();
    int k = digits.length();
    int n = k - shortest.scale(); // d = digits * 10^(n-k)
    if (k <= n && n <= 21) {
      return digits + "0".repeat(n - k);
    }
    if (0 < n && n <= 21) {
      return digits.substring(0, n) + "." + digits.substring(n);
    }
    if (-6 < n && n <= 0) {
      return "0." + "0".repeat(-n) + digits;
    }
    int e = n - 1;
    String exponent = "e" + (e < 0 ? "-" : "+") + Math.abs(e);
    return k == 1 ? digits + exponent : digits.charAt(0) + "." + digits.substring(1) + exponent;
  }

  /** Fewest significant digits that round-trip; among those, the one closest to {@code d}. */
  private static BigDecimal shortestDecimal(double d) {
    BigDecimal exact = new BigDecimal(d);
    for (int precision = 1; precision <= 17; precision++) {
      BigDecimal best = null;
      for (RoundingMode mode :
          new RoundingMode[] {RoundingMode.HALF_EVEN, RoundingMode.DOWN, RoundingMode.UP}) {
        BigDecimal candidate = exact.round(new MathContext(precision, mode));
        if (Double.parseDouble(candidate.toString()) == d
            && (best == null
                || candidate.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
          best = candidate;
        }
      }
      if (best != null) {
        return best.stripTrailingZeros();
      }
    }
    throw new AssertionError("17 digits always round-trip: " + d);
  }
}
