package io.hyperbee.btree;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded, lock-free cache of decoded nodes ({@link Level}s with the key bytes they resolved),
 * direct-mapped by (seq, offset). Kept apart from the {@link BlockCache}: a lookup needs a few
 * nodes per level of the tree but the bytes of only one block, so nodes stay cached while the
 * blocks read to resolve their keys come and go. Nodes are immutable per (seq, offset) in an
 * append-only core, so races are harmless.
 */
final class NodeCache {
  private final AtomicReferenceArray<Level> slots;
  private final int mask;

  NodeCache(int size) {
    int capacity = Integer.highestOneBit(Math.max(16, size) - 1) << 1;
    this.slots = new AtomicReferenceArray<>(capacity);
    this.mask = capacity - 1;
  }

  private int slot(long seq, int offset) {
    long h = (seq * 0x9E3779B97F4A7C15L) + offset;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  Level get(long seq, int offset) {
    Level l = slots.getAcquire(slot(seq, offset));
    return l != null && l.seq == seq && l.offset == offset ? l : null;
  }

  void put(Level level) {
    slots.setRelease(slot(level.seq, level.offset), level);
  }

  void clear() {
    for (int i = 0; i < slots.length(); i++) {
      slots.set(i, null);
    }
  }
}
