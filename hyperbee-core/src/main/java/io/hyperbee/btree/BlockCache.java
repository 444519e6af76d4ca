package io.hyperbee.btree;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded, lock-free cache of decoded blocks, direct-mapped by seq (slot = seq mod capacity).
 * Hits allocate nothing; a miss simply replaces the slot's previous block. Blocks are immutable
 * and a seq always denotes the same bytes in an append-only core, so races are harmless.
 */
final class BlockCache {
  private final AtomicReferenceArray<DecodedBlock> slots;
  private final int mask;

  BlockCache(int size) {
    int capacity = Integer.highestOneBit(Math.max(16, size) - 1) << 1;
    this.slots = new AtomicReferenceArray<>(capacity);
    this.mask = capacity - 1;
  }

  DecodedBlock get(long seq) {
    DecodedBlock b = slots.getAcquire((int) seq & mask);
    return b != null && b.seq == seq ? b : null;
  }

  void put(DecodedBlock block) {
    slots.setRelease((int) block.seq & mask, block);
  }

  void clear() {
    for (int i = 0; i < slots.length(); i++) {
      slots.set(i, null);
    }
  }
}
