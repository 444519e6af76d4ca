package io.hyperbee.interop;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperbee.btree.Cas;
import java.util.Arrays;

/**
 * The compare-and-swap a scenario attaches to a put or del: always accept, always refuse, or
 * accept iff the stored value equals {@code prevValue} (both may be {@code null}, no value). JS
 * calls the function only when the key exists.
 */
public record CasSpec(Kind kind, byte[] prevValue) {

  public enum Kind {
    ALWAYS,
    NEVER,
    PREV_VALUE
  }

  static CasSpec parse(JsonNode node, Encoding valueEncoding) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isBoolean()) {
      return new CasSpec(node.booleanValue() ? Kind.ALWAYS : Kind.NEVER, null);
    }
    if (node.isObject() && node.has("prevValue")) {
      return new CasSpec(Kind.PREV_VALUE, valueEncoding.encode(node.get("prevValue")));
    }
    throw new IllegalStateException("cas must be true, false or {prevValue}: " + node);
  }

  /** The decision for a key whose stored value is {@code storedValue}. */
  public boolean test(byte[] storedValue) {
    return switch (kind) {
      case ALWAYS -> true;
      case NEVER -> false;
      case PREV_VALUE -> Arrays.equals(prevValue, storedValue);
    };
  }

  /** As the B-tree's {@link Cas}, deciding on the previous entry's value. */
  public Cas asCas() {
    return (prev, next) -> test(prev.value());
  }
}
