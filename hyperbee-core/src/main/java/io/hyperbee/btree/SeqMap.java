package io.hyperbee.btree;

import java.util.Arrays;

/**
 * A small open-addressing map from block seq to {@link BlockEntry} holding at most a fixed number
 * of entries (no removal): a batch's lookups of the blocks it has read, without boxing the seq.
 */
final class SeqMap {
  private final long[] seqs;
  private final BlockEntry[] values;
  private final int mask;
  private int size;

  SeqMap(int maxEntries) {
    int capacity = Integer.highestOneBit(Math.max(8, maxEntries) * 2 - 1) << 1;
    seqs = new long[capacity];
    values = new BlockEntry[capacity];
    mask = capacity - 1;
  }

  int size() {
    return size;
  }

  BlockEntry get(long seq) {
    for (int i = slot(seq); ; i = (i + 1) & mask) {
      BlockEntry v = values[i];
      if (v == null || seqs[i] == seq) {
        return v;
      }
    }
  }

  /** Adds or replaces; the caller keeps size below half the capacity. */
  void put(long seq, BlockEntry value) {
    for (int i = slot(seq); ; i = (i + 1) & mask) {
      if (values[i] == null) {
        seqs[i] = seq;
        values[i] = value;
        size++;
        return;
      }
      if (seqs[i] == seq) {
        values[i] = value;
        return;
      }
    }
  }

  void clear() {
    if (size > 0) {
      Arrays.fill(values, null);
      size = 0;
    }
  }

  private int slot(long seq) {
    long h = seq * 0x9E3779B97F4A7C15L;
    return (int) (h >>> 40) & mask;
  }
}
