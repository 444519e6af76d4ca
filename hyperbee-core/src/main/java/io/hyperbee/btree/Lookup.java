package io.hyperbee.btree;

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
    java.util.Comparator<byte[]> order = reader.keyOrder();
    while (true) {
      int i = node.search(key, order, reader);
      if (i >= 0) {
        return reader.block(node.keySeq(i));
      }
      if (node.childCount() == 0) {
        return null;
      }
      node = node.child(-i - 1, reader);
    }
  }
}
