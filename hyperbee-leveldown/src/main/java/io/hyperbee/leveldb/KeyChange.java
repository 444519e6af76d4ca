package io.hyperbee.leveldb;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One key that differs between two versions, from {@link HyperbeeDB#diff(long, long)}: {@code
 * before} is its value in the older version and {@code after} in the newer one; null means the key
 * is absent there. Arrays belong to the caller.
 */
public record KeyChange(byte[] key, byte[] before, byte[] after) {

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyChange c
        && Arrays.equals(c.key, key)
        && Arrays.equals(c.before, before)
        && Arrays.equals(c.after, after);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(key) + Arrays.hashCode(before)) + Arrays.hashCode(after);
  }

  @Override
  public String toString() {
    HexFormat hex = HexFormat.of();
    return "KeyChange{key="
        + hex.formatHex(key)
        + ", before="
        + (before == null ? "null" : hex.formatHex(before))
        + ", after="
        + (after == null ? "null" : hex.formatHex(after))
        + "}";
  }
}
