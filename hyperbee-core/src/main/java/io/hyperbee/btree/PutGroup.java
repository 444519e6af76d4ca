package io.hyperbee.btree;

import io.hyperbee.log.BlockLog;
import io.hyperbee.log.Hypercore;
import java.util.ArrayList;
import java.util.List;

/**
 * The blocks of a group of one-shot puts and dels that a {@link WriteQueue} appends together:
 * each write is still its own block, encoded exactly as if the ones before it had been appended
 * one by one (so the bytes equal a sequential run), and the group is one append whose every
 * block ends a whole version. Until that append succeeds the blocks live here only: later writes
 * of the group, and of the next group while this one is still being appended ({@link #previous}),
 * read them from here, and the bee's caches get them after the append (a failed append must
 * leave nothing cached under seqs that later blocks will take).
 */
final class PutGroup {
  private final List<byte[]> blocks = new ArrayList<>();
  private final List<DecodedBlock> decoded = new ArrayList<>();
  /** Per block, its nodes as cached once later writes of the group leave them; null slots for the rest. */
  private final List<Object[]> nodes = new ArrayList<>();
  /** Nodes of earlier blocks that writes of this group left, cached with this group's. */
  private final List<Object> older = new ArrayList<>();
  private long first = -1;
  /** The fork the first write was encoded against: the group is appended only onto it. */
  private long fork;
  /** The group encoded before this one, until its append is done (then its blocks are the core's). */
  private volatile PutGroup previous;

  PutGroup(PutGroup previous) {
    this.previous = previous;
  }

  /** Number of blocks so far. */
  int size() {
    return blocks.size();
  }

  /** The log's length as this group's next write sees it: after the group before it and its own blocks. */
  long logLength(BlockLog core) {
    if (first >= 0) {
      return first + blocks.size();
    }
    PutGroup p = previous;
    return p != null ? p.logLength(core) : core.length();
  }

  /** The group before this one is appended: its blocks are read from the core and caches now. */
  void previousAppended() {
    previous = null;
  }

  /**
   * Adds the encoded block {@code seq} (the next one), its decoded form and the number of its
   * nodes, which later writes of the group add as cached when they leave them ({@link #leftBehind}).
   */
  void add(long seq, long fork, byte[] block, DecodedBlock d, int nodeCount) {
    if (first < 0) {
      first = seq;
      this.fork = fork;
    } else if (seq != first + blocks.size() || fork != this.fork) {
      throw Hypercore.movedUnder(first + blocks.size(), this.fork, seq, fork); // moved between the group's writes
    }
    blocks.add(block);
    decoded.add(d);
    nodes.add(new Object[nodeCount]);
  }

  /** Node {@code offset} of block {@code seq}, as the node cache will hold it once this group is appended. */
  void leftBehind(long seq, int offset, Object node) {
    long i = seq - first;
    if (first >= 0 && i >= 0 && i < nodes.size()) {
      nodes.get((int) i)[offset] = node;
    } else {
      older.add(node);
    }
  }

  /** Block {@code seq} of this group or one before it still in flight, decoded, or null. */
  DecodedBlock decoded(long seq) {
    long i = seq - first;
    if (first >= 0 && i >= 0 && i < decoded.size()) {
      return decoded.get((int) i);
    }
    PutGroup p = previous;
    return p == null ? null : p.decoded(seq);
  }

  /** Node {@code offset} of block {@code seq} of this group (or one before it in flight) as the node cache will hold it, or null. */
  Object node(long seq, int offset) {
    long i = seq - first;
    if (first >= 0 && i >= 0 && i < nodes.size()) {
      Object[] n = nodes.get((int) i);
      return offset >= 0 && offset < n.length ? n[offset] : null;
    }
    PutGroup p = previous;
    return p == null ? null : p.node(seq, offset);
  }

  /** Seq of the first block: the log length the group must be appended at. */
  long first() {
    return first;
  }

  /** The fork the group was encoded against. */
  long fork() {
    return fork;
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
    for (Object n : older) {
      bee.nodes.put(n);
    }
  }
}
