package io.hyperbee.btree;

import java.util.Arrays;

/** Point lookup (spec 4.1): one root-to-leaf binary-search walk. */
final class Lookup {
  private Lookup() {}

  /** The block holding {@code key}'s entry, or null when absent or deleted. */
  static BlockRecord get(BlockReader reader, byte[] key) {
    IndexNode node = reader.root();
    if (node == null) {
      return null;
    }
    while (true) {
      BlockRecord own = node.committedBlock();
      if (own != null && Arrays.equals(own.key(), key)) {
        return own.isDeletion() ? null : own;
      }
      int s = 0;
      int e = node.keyCount();
      while (s < e) {
        int mid = (s + e) >>> 1;
        int c = Arrays.compareUnsigned(key, node.key(mid, reader));
        if (c == 0) {
          return reader.block(node.keySeq(mid));
        }
        if (c < 0) {
          e = mid;
        } else {
          s = mid + 1;
        }
      }
      if (node.childCount() == 0) {
        return null;
      }
      node = node.child(s, reader);
    }
  }
}
