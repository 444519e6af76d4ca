package io.hyperbee.btree;

import java.util.Arrays;

/**
 * A small open-addressing map from block seq to {@link BlockEntry} (no removal): a batch's lookups
 * of the blocks it has read, without boxing the seq. Starts small, as a one-shot write reads only
 * the few blocks on its path, and doubles to stay at most half full.
 */
final class SeqMap {
  private long[] seqs;
  private BlockEntry[] values;
  private int mask;
  private int size;

  SeqMap() {
    seqs = new long[16];
    values = new BlockEntry[16];
    mask = 15;
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

  /** Adds or replaces. */
  void put(long seq, BlockEntry value) {
    if (size * 2 >= mask) {
      grow();
    }
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

  private void grow() {
    long[] oldSeqs = seqs;
    BlockEntry[] oldValues = values;
    seqs = new long[oldSeqs.length * 2];
    values = new BlockEntry[oldValues.length * 2];
    mask = seqs.length - 1;
    size = 0;
    for (int i = 0; i < oldValues.length; i++) {
      if (oldValues[i] != null) {
        put(oldSeqs[i], oldValues[i]);
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
