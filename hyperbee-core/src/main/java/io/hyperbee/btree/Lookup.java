package io.hyperbee.btree;

import java.util.Arrays;

/**
 * Point lookup (spec 4.1): one root-to-leaf binary-search walk.
 *
 * <p>Deliberate deviation: JS first checks whether the visited node's own block holds the key
 * ({@code node.block.isTarget(key)}) and returns that block's entry. That shortcut is wrong when a
 * node written by an old put of the key survives in a subtree after the key was deleted from an
 * internal node: JS then returns the deleted entry (reproduced with hyperbee 2.27.3, see
 * StaleReadTest). We always walk to the key slot, which gives JS's answer in every other case.
 */
final class Lookup {
  private Lookup() {}

  /** The block holding {@code key}'s entry, or null when absent or deleted. */
  static BlockRecord get(BlockReader reader, byte[] key) {
    IndexNode node = reader.root();
    if (node == null) {
      return null;
    }
    while (true) {
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
