package io.hyperbee.btree;

import java.util.Arrays;

/**
 * Addresses (seq, offset) of stored nodes a write replaced, to drop from the {@link NodeCache}
 * once the write's blocks are appended: the new head no longer reaches them, and left cached they
 * would take the ways the live nodes need. Old checkouts still read them, from their blocks.
 */
final class StaleNodes {
  private long[] seqs = Level.NO_SEQS; // grown on first use
  private int[] offsets = new int[0];
  private int size;

  void add(long seq, int offset) {
    if (size == seqs.length) {
      int grown = Math.max(16, 2 * size);
      seqs = Arrays.copyOf(seqs, grown);
      offsets = Arrays.copyOf(offsets, grown);
    }
    seqs[size] = seq;
    offsets[size] = offset;
    size++;
  }

  /** Drops every noted node from {@code cache} and forgets them. */
  void removeFrom(NodeCache cache) {
    for (int i = 0; i < size; i++) {
      cache.remove(seqs[i], offsets[i]);
    }
    size = 0;
  }

  void clear() {
    size = 0;
  }
}
