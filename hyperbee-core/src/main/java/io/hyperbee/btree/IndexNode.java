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

  /**
   * Binary search of the keys for {@code key} in key order {@code order} (null: unsigned bytes,
   * see {@link KeyOrder}): its index when present, else {@code -(insertion point) - 1}, as
   * {@link java.util.Arrays#binarySearch}.
   */
  default int search(byte[] key, java.util.Comparator<byte[]> order, BlockReader reader) {
    return search(this, key, order, reader);
  }

  /** The search of {@link #search(byte[], java.util.Comparator, BlockReader)}, key by key. */
  static int search(
      IndexNode node, byte[] key, java.util.Comparator<byte[]> order, BlockReader reader) {
    int s = 0;
    int e = node.keyCount();
    while (s < e) {
      int mid = (s + e) >>> 1;
      int c = KeyOrder.compare(order, key, node.key(mid, reader));
      if (c == 0) {
        return mid;
      }
      if (c < 0) {
        e = mid;
      } else {
        s = mid + 1;
      }
    }
    return -s - 1;
  }

  /** 0 for a leaf, else keyCount() + 1. */
  int childCount();

  long childSeq(int i);

  int childOffset(int i);

  IndexNode child(int i, BlockReader reader);

  /** Drops a cached child reference after a range iterator descended into it (JS does this). */
  default void unlinkChild(int i, long coreLength) {}
}
