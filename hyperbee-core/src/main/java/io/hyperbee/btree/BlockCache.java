package io.hyperbee.btree;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded, lock-free cache of decoded blocks, direct-mapped by seq (slot = seq mod capacity).
 * Hits allocate nothing; a miss simply replaces the slot's previous block. Blocks are immutable
 * and a seq always denotes the same bytes in an append-only core, so races are harmless.
 *
 * <p>Blocks read take a slot only on their second read within a while ({@link #offer}): a
 * "doorkeeper" array of recently read seqs (plain longs, no objects) admits them. Why: on a
 * large tree most reads of a uniform workload touch a block once, and caching every one of them
 * costs more than it saves - each cached block survives a young collection and is copied by the
 * garbage collector before it is evicted unread. Blocks a writer just wrote are cached at once
 * ({@link #put}).
 */
final class BlockCache {
  private final AtomicReferenceArray<DecodedBlock> slots;
  private final long[] seen;
  private final int mask;

  BlockCache(int size) {
    int capacity = Integer.highestOneBit(Math.max(16, size) - 1) << 1;
    this.slots = new AtomicReferenceArray<>(capacity);
    this.seen = new long[capacity];
    this.mask = capacity - 1;
  }

  /**
   * Caches {@code block} if its seq was offered recently, else only remembers the seq (races
   * between threads lose a remembered seq at worst).
   */
  void offer(DecodedBlock block) {
    int i = (int) block.seq & mask;
    if (seen[i] == block.seq + 1) {
      slots.setRelease(i, block);
    } else {
      seen[i] = block.seq + 1;
    }
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
      seen[i] = 0;
    }
  }
}
