package io.hyperbee.btree;

import java.util.Arrays;

/** One block of the log as JS {@code createHistoryStream} yields it. */
public record HistoryEntry(Type type, long seq, byte[] key, byte[] value) {

  /** Whether the block recorded a put or a delete. */
  public enum Type {
    PUT,
    DEL
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HistoryEntry e
        && e.type == type
        && e.seq == seq
        && Arrays.equals(e.key, key)
        && Arrays.equals(e.value, value);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * type.hashCode() + Long.hashCode(seq)) + Arrays.hashCode(key))
        + Arrays.hashCode(value);
  }
}
