package io.hyperbee.btree;

import io.hyperbee.log.Hypercore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * JS hyperbee 2.27.3's {@code clearUnlinked}: clears the local data of the blocks in {@code [gte,
 * lt)} that the tree at the current version no longer links to, and of the entries those keys had
 * at version {@code gte} when no longer linked. A block is linked when the search for its key (or
 * for the first key of one of its levels) from the current root passes it, exactly as JS's {@code
 * isLinked} and {@code links} decide. JS clears each block as it finds it but keeps reading the
 * blocks it already decoded from its caches (a bee's node and key caches hold every block read
 * or written in the session), so later checks still see them; here every block stays readable
 * until the end and the clears are then applied in runs of consecutive seqs, one durable commit
 * each. One deliberate difference: JS may clear a block whose key the current tree still
 * references (its key cache keeps the key, so JS goes on, until a restart leaves it waiting for a
 * peer); such blocks are kept here, so the current version always reads and writes from local
 * data. A block already cleared before the call and needed on a search path fails the call
 * ({@code BLOCK_NOT_AVAILABLE}), where JS would wait for a peer.
 */
final class UnlinkedBlocks {
  private final Hypercore core;
  private final long version;
  /** The bee's key order (null: unsigned bytes): searches walk the tree as its writes laid it out. */
  private final java.util.Comparator<byte[]> order;

  private UnlinkedBlocks(Hypercore core, long version, java.util.Comparator<byte[]> order) {
    this.core = core;
    this.version = version;
    this.order = order;
  }

  /**
   * Clears, for seqs {@code [gte, lt)} of {@code core} read at {@code version}, what JS clears;
   * returns the seqs cleared, in order.
   */
  static List<Long> clear(Hypercore core, long version, long gte, long lt, java.util.Comparator<byte[]> order) {
    UnlinkedBlocks u = new UnlinkedBlocks(core, version, order);
    java.util.LinkedHashSet<Long> found = new java.util.LinkedHashSet<>();
    for (long seq = Math.max(1, gte); seq < lt; seq++) {
      if (!core.has(seq)) {
        continue; // JS's local iterator skips what it cannot read without waiting
      }
      NodeBlock block = u.block(seq);
      if (!u.isLinked(block)) {
        found.add(seq);
      }
      NodeBlock prev = u.prevEntry(gte, block.key());
      if (prev != null && core.has(prev.seq()) && !u.isLinked(prev)) {
        found.add(prev.seq());
      }
    }
    found.removeAll(u.referenced()); // never what the current tree still reads (see the class comment)
    java.util.TreeSet<Long> sorted = new java.util.TreeSet<>(found);
    while (!sorted.isEmpty()) { // in runs: one durable commit per run, not per block
      long start = sorted.pollFirst();
      long end = start + 1;
      while (!sorted.isEmpty() && sorted.first() == end) {
        sorted.pollFirst();
        end++;
      }
      core.clear(start, end);
    }
    return new ArrayList<>(found);
  }

  /** Every seq the current tree reads: its nodes' blocks, and the blocks holding their keys. */
  private java.util.Set<Long> referenced() {
    java.util.Set<Long> seqs = new java.util.HashSet<>();
    Node root = root(version);
    java.util.ArrayDeque<Node> todo = new java.util.ArrayDeque<>();
    if (root != null) {
      todo.add(root);
    }
    while (!todo.isEmpty()) {
      Node n = todo.pop();
      seqs.add(n.block().seq());
      for (long k : n.keys()) {
        seqs.add(k);
      }
      for (int i = 0; i < n.children().length / 2; i++) {
        todo.push(child(n, i));
      }
    }
    return seqs;
  }

  private NodeBlock block(long seq) {
    return NodeBlock.decode(seq, core.get(seq));
  }

  /** The key of block {@code seq} if it is stored here, else null (JS: getKey without waiting, failure skipped). */
  private byte[] keyIfStored(long seq) {
    if (!core.has(seq)) {
      return null;
    }
    try {
      return block(seq).key();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private boolean isLinked(NodeBlock block) {
    List<byte[]> keys = new ArrayList<>();
    keys.add(block.key());
    for (int l = 0; l < block.levelCount(); l++) {
      long[] levelKeys = block.keys(l);
      if (levelKeys.length == 0) {
        continue;
      }
      byte[] k = keyIfStored(levelKeys[0]);
      if (k != null) {
        keys.add(k);
      }
    }
    for (byte[] k : keys) {
      if (links(k, block.seq())) {
        return true;
      }
    }
    return false;
  }

  /** A tree node: level {@code offset} of block {@code block}. */
  private record Node(NodeBlock block, int offset) {
    long[] keys() {
      return block.keys(offset);
    }

    long[] children() {
      return block.children(offset);
    }
  }

  private Node root(long at) {
    return at < 2 ? null : new Node(block(at - 1), 0);
  }

  private Node child(Node node, int i) {
    long[] pairs = node.children();
    long seq = pairs[2 * i];
    NodeBlock b = seq == node.block().seq() ? node.block() : block(seq);
    return new Node(b, (int) pairs[2 * i + 1]);
  }

  /** JS {@code Batch.links}: whether the search for {@code key} at the current version passes block {@code seq}. */
  private boolean links(byte[] key, long seq) {
    Node node = root(version);
    if (node == null) {
      return false;
    }
    if (node.block().seq() == seq) {
      return true;
    }
    while (true) {
      if (Arrays.equals(node.block().key(), key)) {
        return false;
      }
      long[] keys = node.keys();
      int s = 0;
      int e = keys.length;
      int c = 0;
      while (s < e) {
        int mid = (s + e) >>> 1;
        if (keys[mid] == seq) {
          return true;
        }
        c = KeyOrder.compare(order, key, block(keys[mid]).key());
        if (c == 0) {
          return false;
        }
        if (c < 0) {
          e = mid;
        } else {
          s = mid + 1;
        }
      }
      if (node.children().length == 0) {
        return false;
      }
      node = child(node, c < 0 ? e : s);
      if (node.block().seq() == seq) {
        return true;
      }
    }
  }

  /**
   * JS {@code prev.get(key, {finalize: false})} at checkout {@code at} (version at least 1), any
   * failure being null: the block of the key's entry there, or null.
   */
  private NodeBlock prevEntry(long at, byte[] key) {
    try {
      Node node = root(Math.max(1, at));
      if (node == null) {
        return null;
      }
      while (true) {
        if (Arrays.equals(node.block().key(), key)) {
          return node.block().isDeletion() ? null : node.block();
        }
        long[] keys = node.keys();
        int s = 0;
        int e = keys.length;
        int c = 0;
        while (s < e) {
          int mid = (s + e) >>> 1;
          c = KeyOrder.compare(order, key, block(keys[mid]).key());
          if (c == 0) {
            return block(keys[mid]);
          }
          if (c < 0) {
            e = mid;
          } else {
            s = mid + 1;
          }
        }
        if (node.children().length == 0) {
          return null;
        }
        node = child(node, c < 0 ? e : s);
      }
    } catch (RuntimeException e) {
      return null;
    }
  }
}
