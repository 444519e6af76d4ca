package io.hyperbee.btree;

import java.util.ArrayList;
import java.util.List;

/**
 * The blocks of a group of one-shot puts and dels that a {@link WriteQueue} appends together:
 * each write is still its own block, encoded exactly as if the ones before it had been appended
 * one by one (so the bytes equal a sequential run), and the group is one append whose every
 * block ends a whole version. Until that append succeeds the blocks live here only: later writes
 * of the group read them from here, and the bee's caches get them after the append (a failed
 * append must leave nothing cached under seqs that later blocks will take).
 */
final class PutGroup {
  private final List<byte[]> blocks = new ArrayList<>();
  private final List<DecodedBlock> decoded = new ArrayList<>();
  private final List<Object[]> nodes = new ArrayList<>();
  private long first = -1;

  /** Number of blocks so far. */
  int size() {
    return blocks.size();
  }

  /**
   * Adds the encoded block {@code seq} (the next one), its decoded form and the number of its
   * nodes, which later writes of the group add as cached when they leave them ({@link #leftBehind}).
   */
  void add(long seq, byte[] block, DecodedBlock d, int nodeCount) {
    if (first < 0) {
      first = seq;
    } else if (seq != first + blocks.size()) {
      throw new IllegalStateException("block " + seq + " does not follow the group's " + (first + blocks.size() - 1));
    }
    blocks.add(block);
    decoded.add(d);
    nodes.add(new Object[nodeCount]);
  }

  /** Node {@code offset} of block {@code seq} of this group as the node cache will hold it. */
  void leftBehind(long seq, int offset, Object node) {
    nodes.get((int) (seq - first))[offset] = node;
  }

  /** Block {@code seq} of this group, decoded, or null when the group does not hold it. */
  DecodedBlock decoded(long seq) {
    long i = seq - first;
    return first < 0 || i < 0 || i >= decoded.size() ? null : decoded.get((int) i);
  }

  /** Node {@code offset} of block {@code seq} of this group as the node cache will hold it, or null. */
  Object node(long seq, int offset) {
    long i = seq - first;
    if (first < 0 || i < 0 || i >= nodes.size()) {
      return null;
    }
    Object[] n = nodes.get((int) i);
    return offset >= 0 && offset < n.length ? n[offset] : null;
  }

  /** The blocks to append, in order. */
  List<byte[]> blocks() {
    return blocks;
  }

  /** The lengths strictly inside the group's append: each block but the last ends a version too. */
  long[] innerWholeLengths() {
    long[] inner = new long[Math.max(0, blocks.size() - 1)];
    for (int i = 0; i < inner.length; i++) {
      inner[i] = first + i + 1;
    }
    return inner;
  }

  /** Puts every block and node into the bee's caches, once the append has succeeded. */
  void publish(BeeContext bee) {
    for (int i = 0; i < decoded.size(); i++) {
      bee.cache.put(decoded.get(i));
      for (Object n : nodes.get(i)) {
        if (n != null) { // null: still on the kept path, or rewritten by a later write
          bee.nodes.put(n);
        }
      }
    }
  }
}
