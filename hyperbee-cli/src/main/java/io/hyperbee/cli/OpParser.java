package io.hyperbee.cli;

import io.hyperbee.encoding.JsJson;
import io.hyperbee.btree.Cas;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one {@code apply} line (a JSON object) into a {@link WriteOp}. The format is the one of
 * the interop scenarios' write ops:
 *
 * <pre>
 * {"type":"put","key":K,"value":V}          V null or absent: a put without value
 * {"type":"del","key":K}
 * {"type":"batch","ops":[...puts and dels...]}
 * </pre>
 *
 * Keys and values are JSON values read per the encodings: a string (utf8), a hex string (hex), any
 * JSON value (json). Puts and dels may also carry {@code "cas": true | false | {"prevValue": V}}
 * (write only if the stored value equals V) and {@code "sub": ["a", "b"]} (the key lives in
 * nested subs: prefix {@code a 0x00 b 0x00}, as JS {@code db.sub('a').sub('b')}). Unknown fields
 * are refused so that a typo does not silently change a write.
 *
 * @throws IllegalArgumentException naming what is wrong with the line
 */
final class OpParser {
  private static final Set<String> PUT_FIELDS = Set.of("type", "key", "value", "cas", "sub");
  private static final Set<String> DEL_FIELDS = Set.of("type", "key", "cas", "sub");
  private static final Set<String> BATCH_FIELDS = Set.of("type", "ops");

  private final Encoding keyEncoding;
  private final Encoding valueEncoding;

  OpParser(Encoding keyEncoding, Encoding valueEncoding) {
    this.keyEncoding = keyEncoding;
    this.valueEncoding = valueEncoding;
  }

  WriteOp parse(String line) {
    Object json;
    try {
      json = JsJson.parse(line);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
    }
    return op(json, true);
  }

  private WriteOp op(Object json, boolean topLevel) {
    if (!(json instanceof Map<?, ?> op)) {
      throw new IllegalArgumentException("expected a JSON object like {\"type\":\"put\",...}");
    }
    Object type = op.get("type");
    if ("put".equals(type)) {
      checkFields(op, PUT_FIELDS, "put");
      byte[] key = key(op);
      Object value = op.get("value");
      return new WriteOp.Put(key, value == null ? null : encodeValue(value, "value"), cas(op));
    }
    if ("del".equals(type)) {
      checkFields(op, DEL_FIELDS, "del");
      return new WriteOp.Del(key(op), cas(op));
    }
    if ("batch".equals(type)) {
      if (!topLevel) {
        throw new IllegalArgumentException("a batch cannot contain a batch");
      }
      checkFields(op, BATCH_FIELDS, "batch");
      if (!(op.get("ops") instanceof List<?> ops)) {
        throw new IllegalArgumentException("a batch needs \"ops\": [...puts and dels...]");
      }
      List<WriteOp> parsed = new ArrayList<>();
      for (int i = 0; i < ops.size(); i++) {
        try {
          parsed.add(op(ops.get(i), false));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("batch op " + (i + 1) + ": " + e.getMessage(), e);
        }
      }
      return new WriteOp.Batch(List.copyOf(parsed));
    }
    throw new IllegalArgumentException(
        type == null
            ? "missing \"type\" (put, del or batch)"
            : "unknown type " + JsJson.stringify(type) + " (expected put, del or batch)");
  }

  private static void checkFields(Map<?, ?> op, Set<String> allowed, String type) {
    for (Object name : op.keySet()) {
      if (!allowed.contains(name)) {
        throw new IllegalArgumentException(
            "unknown field \"" + name + "\" in a " + type + " (allowed: " + String.join(", ",
                allowed.stream().sorted().toList()) + ")");
      }
    }
  }

  private byte[] key(Map<?, ?> op) {
    if (!op.containsKey("key") || op.get("key") == null) {
      throw new IllegalArgumentException("missing \"key\"");
    }
    byte[] key;
    try {
      key = keyEncoding.fromJsonValue(op.get("key"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad key: " + e.getMessage(), e);
    }
    byte[] prefix = subPrefix(op.get("sub"));
    if (prefix.length == 0) {
      return key;
    }
    byte[] prefixed = Arrays.copyOf(prefix, prefix.length + key.length);
    System.arraycopy(key, 0, prefixed, prefix.length, key.length);
    return prefixed;
  }

  /** JS {@code db.sub(a).sub(b)} with the default separator: {@code a 0x00 b 0x00}. */
  private static byte[] subPrefix(Object sub) {
    if (sub == null) {
      return new byte[0];
    }
    if (!(sub instanceof List<?> names)) {
      throw new IllegalArgumentException("\"sub\" must be a list of names like [\"a\", \"b\"]");
    }
    ByteArrayOutputStream prefix = new ByteArrayOutputStream();
    for (Object name : names) {
      if (!(name instanceof String s)) {
        throw new IllegalArgumentException("\"sub\" names must be strings");
      }
      prefix.writeBytes(Encoding.utf8(s));
      prefix.write(0);
    }
    return prefix.toByteArray();
  }

  private Cas cas(Map<?, ?> op) {
    if (!op.containsKey("cas")) {
      return null;
    }
    Object cas = op.get("cas");
    if (Boolean.TRUE.equals(cas)) {
      return (prev, next) -> true;
    }
    if (Boolean.FALSE.equals(cas)) {
      return (prev, next) -> false;
    }
    if (cas instanceof Map<?, ?> m && m.size() == 1 && m.containsKey("prevValue")) {
      Object prevValue = m.get("prevValue");
      byte[] expected = prevValue == null ? null : encodeValue(prevValue, "cas prevValue");
      return (prev, next) -> Arrays.equals(prev.value(), expected);
    }
    throw new IllegalArgumentException(
        "\"cas\" must be true, false or {\"prevValue\": V}");
  }

  private byte[] encodeValue(Object value, String what) {
    try {
      return valueEncoding.fromJsonValue(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad " + what + ": " + e.getMessage(), e);
    }
  }
}
