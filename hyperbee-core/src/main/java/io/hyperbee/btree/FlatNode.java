package io.hyperbee.btree;

import java.util.ArrayList;
import java.util.Arrays;

/**
 * One {@link TreeNode} copied into flat arrays - key seqs, key bytes, (seq, offset) child pairs -
 * from which both of its stored forms are written: its level of a block's index and the node
 * cache's {@link CachedNode} array. A drain reads each node's {@link Key} and {@link Child}
 * objects once here (they are cold by then: inflated a batch ago) instead of once per form.
 * Mutable scratch, reused node after node by one writer; not thread-safe.
 */
final class FlatNode {
  private long[] keySeqs = new long[TreeNode.MAX_CHILDREN + 1];
  private byte[][] keyBytes = new byte[TreeNode.MAX_CHILDREN + 1][];
  private long[] childPairs = new long[2 * (TreeNode.MAX_CHILDREN + 2)];
  private int keyCount;
  private int childCount;

  /** Copies {@code node}'s key seqs and child pairs; every key's bytes start unknown (null). */
  FlatNode load(TreeNode node) {
    ArrayList<Key> keys = node.keys;
    ArrayList<Child> children = node.children;
    keyCount = keys.size();
    childCount = children.size();
    if (keyCount > keySeqs.length) {
      keySeqs = new long[keyCount];
      keyBytes = new byte[keyCount][];
    }
    if (2 * childCount > childPairs.length) {
      childPairs = new long[2 * childCount];
    }
    for (int i = 0; i < keyCount; i++) {
      keySeqs[i] = keys.get(i).seq;
      keyBytes[i] = null;
    }
    for (int i = 0; i < childCount; i++) {
      Child c = children.get(i);
      childPairs[2 * i] = c.seq;
      childPairs[2 * i + 1] = c.offset;
    }
    return this;
  }

  boolean isLeaf() {
    return childCount == 0;
  }

  int keyCount() {
    return keyCount;
  }

  long keySeq(int i) {
    return keySeqs[i];
  }

  void keyBytes(int i, byte[] bytes) {
    keyBytes[i] = bytes;
  }

  /** Bytes of this node's level in a block's index, its field tag and length included. */
  int indexSize() {
    return Messages.levelSize(keySeqs, keyCount, childPairs, childCount);
  }

  /** Writes this node's level at {@code out[p]} ({@link #indexSize} bytes); returns the end. */
  int writeIndex(byte[] out, int p) {
    return Messages.writeLevel(out, p, keySeqs, keyCount, childPairs, childCount);
  }

  /**
   * The node-cache form of this node as node {@code offset} of block {@code seq}: a {@link
   * CachedNode} array when every key's bytes were given, else a {@link LazyNode} that resolves
   * the rest when a search compares them.
   */
  Object stored(long seq, int offset) {
    for (int i = 0; i < keyCount; i++) {
      if (keyBytes[i] == null) {
        Level level = new Level(seq, offset, Arrays.copyOf(keySeqs, keyCount),
            childCount == 0 ? Level.NO_SEQS : Arrays.copyOf(childPairs, 2 * childCount));
        return new LazyNode(level, Arrays.copyOf(keyBytes, keyCount));
      }
    }
    return CachedNode.encode(seq, offset, keySeqs, keyBytes, keyCount, childPairs, childCount);
  }
}
