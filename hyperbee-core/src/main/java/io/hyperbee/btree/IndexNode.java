package io.hyperbee.btree;

/**
 * One B-tree node as the read algorithms (get, range, diff) see it: either an immutable
 * {@link Level} of a stored block or a mutable {@link TreeNode} inside a write. Keys and children
 * are resolved through the {@link BlockReader} of the read.
 */
interface IndexNode {
  int keyCount();

  long keySeq(int i);

  /** Encoded bytes of key {@code i}. */
  byte[] key(int i, BlockReader reader);

  /** 0 for a leaf, else keyCount() + 1. */
  int childCount();

  long childSeq(int i);

  int childOffset(int i);

  IndexNode child(int i, BlockReader reader);

  /** Drops a cached child reference after a range iterator descended into it (JS does this). */
  default void unlinkChild(int i, long coreLength) {}
}
