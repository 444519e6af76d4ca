package io.hyperbee.btree;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One key/value record as read from the bee: the seq of the block that holds it, its encoded key
 * and its value ({@code null} when the put had no value, as JS returns {@code value: null}).
 * Arrays are owned by the entry; callers must not modify them.
 */
public record Entry(long seq, byte[] key, byte[] value) {

  @Override
  public boolean equals(Object o) {
    return o instanceof Entry e
        && e.seq == seq
        && Arrays.equals(e.key, key)
        && Arrays.equals(e.value, value);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Long.hashCode(seq) + Arrays.hashCode(key)) + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    HexFormat hex = HexFormat.of();
    return "Entry{seq=" + seq + ", key=" + hex.formatHex(key) + ", value="
        + (value == null ? "null" : hex.formatHex(value)) + "}";
  }
}
