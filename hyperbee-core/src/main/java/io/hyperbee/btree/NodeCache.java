package io.hyperbee.btree;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded, lock-free cache of decoded nodes - arrays in {@link CachedNode}'s layout (keys
 * resolved) or {@link LazyNode}s (keys still to resolve) - 4-way set-associative by (seq, offset). Kept apart from the {@link BlockCache}: a
 * lookup needs a node per level of the tree but the bytes of only one block, so nodes stay cached
 * while the blocks read to resolve their keys come and go.
 *
 * <p>Why associative with leaf-first eviction: every lookup walks the same few inner nodes (about
 * a fifth of a tree's nodes) and one of many leaves. In a direct-mapped table a cold leaf evicts
 * a hot inner node as often as the reverse, and a re-read inner node costs a block read plus a
 * read per key. Here a new node takes a free way of its set, else replaces a leaf, and a leaf
 * never replaces an inner node. A set's tags sit in one cache line, so finding the way costs one
 * memory access, not one per way.
 *
 * <p>Nodes are immutable per (seq, offset) in an append-only core, so races are harmless: a hit
 * is confirmed against the address stored in the node itself, and a lost update only costs a
 * later miss.
 */
final class NodeCache {
  private static final int WAYS = 4;
  private final AtomicReferenceArray<Object> slots;
  private final AtomicLongArray tags;
  private final int setMask;

  NodeCache(int size) {
    int capacity = Integer.highestOneBit(Math.max(16, size) - 1) << 1;
    this.slots = new AtomicReferenceArray<>(capacity);
    this.tags = new AtomicLongArray(capacity);
    this.setMask = (capacity - 1) & ~(WAYS - 1);
  }

  /**
   * A tag's top bit says whether its way holds a leaf, so that choosing a victim reads the set's
   * tags only, not the four nodes (each a likely cache miss).
   */
  private static final long LEAF = Long.MIN_VALUE;

  private static long tag(long seq, int offset) {
    long t = (((seq << 6) | (offset & 63)) + 1) & ~LEAF;
    return t == 0 ? 1 : t; // never 0 (an empty way); a clash fails isAt
  }

  private int set(long tag) {
    long h = tag * 0x9E3779B97F4A7C15L;
    return (int) (h >>> 32) & setMask;
  }

  /** The node at (seq, offset): a {@code byte[]} in {@link CachedNode}'s layout, a LazyNode, or null. */
  Object get(long seq, int offset) {
    int i = find(seq, offset);
    return i < 0 ? null : at(i, seq, offset);
  }

  /** The slot that holds the node at (seq, offset) (confirm with {@link #at}), or -1. */
  int find(long seq, int offset) {
    long tag = tag(seq, offset);
    int base = set(tag);
    for (int i = base; i < base + WAYS; i++) {
      if ((tags.getPlain(i) & ~LEAF) == tag) {
        return i;
      }
    }
    return -1;
  }

  /** The node in {@code slot} if it is the one at (seq, offset), else null. */
  Object at(int slot, long seq, int offset) {
    if (slot >= slots.length()) { // a hint from a cache of another size: never trusted
      return null;
    }
    Object l = slots.getAcquire(slot);
    return l != null && isAt(l, seq, offset) ? l : null;
  }

  private static boolean isAt(Object node, long seq, int offset) {
    if (node instanceof byte[] data) {
      return CachedNode.isAt(data, seq, offset);
    }
    Level l = ((LazyNode) node).level;
    return l.seq == seq && l.offset == offset;
  }

  private static boolean isLeaf(Object node) {
    return node instanceof byte[] data ? CachedNode.isLeaf(data) : ((LazyNode) node).childCount() == 0;
  }

  /** Caches {@code node} (a CachedNode array or a LazyNode); returns its slot, or -1 if not kept. */
  int put(Object node) {
    if (node instanceof byte[] data) {
      return put(node, CachedNode.seqOf(data), CachedNode.offsetOf(data), isLeaf(node));
    }
    Level l = ((LazyNode) node).level;
    return put(node, l.seq, l.offset, isLeaf(node));
  }

  /**
   * {@link #put(Object)} for a caller that knows the node's address and whether it is a leaf: a
   * batch caches its nodes after its append, when reading them again would cost a memory miss.
   */
  int put(Object node, long seq, int offset, boolean leaf) {
    long tag = tag(seq, offset);
    int base = set(tag);
    long stored = leaf ? tag | LEAF : tag;
    int start = ThreadLocalRandom.current().nextInt(WAYS);
    int victim = -1;
    for (int k = 0; k < WAYS; k++) {
      int i = base + ((start + k) & (WAYS - 1));
      long t = tags.getPlain(i);
      if (t == 0 || (t & ~LEAF) == tag) {
        store(i, stored, node);
        return i;
      }
      if (victim < 0 && (t & LEAF) != 0) {
        victim = i;
      }
    }
    if (victim < 0 && !leaf) {
      victim = base + start; // all four are inner nodes: an inner node replaces one of them
    }
    if (victim >= 0) {
      store(victim, stored, node);
    }
    return victim;
  }

  /**
   * Drops the node at (seq, offset) if it is cached, by its tag alone: reading the node to
   * confirm would cost a memory miss per node, and a clash (offsets 64 apart in one block) only
   * drops another node. A put racing into the freed way may lose its node: a later miss.
   */
  void remove(long seq, int offset) {
    long tag = tag(seq, offset);
    int base = set(tag);
    for (int i = base; i < base + WAYS; i++) {
      long t = tags.getPlain(i);
      if ((t & ~LEAF) == tag) {
        if (tags.compareAndSet(i, t, 0)) {
          slots.setRelease(i, null); // frees the node for the collector
        }
        return;
      }
    }
  }

  private void store(int i, long tag, Object node) {
    slots.setRelease(i, node);
    tags.setRelease(i, tag);
  }

  void clear() {
    for (int i = 0; i < slots.length(); i++) {
      tags.set(i, 0);
      slots.set(i, null);
    }
  }
}
