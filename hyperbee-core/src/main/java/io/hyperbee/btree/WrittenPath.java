package io.hyperbee.btree;

import java.util.List;

/**
 * The nodes the last one-shot put or del wrote, kept mutable so that the next one starts from
 * them instead of re-inflating its root path from the node cache (issue 18): a put into a tree
 * of depth d rewrites d nodes, and the next put shares most of that path (all of it for keys
 * written in order).
 *
 * <p>Valid only while the core is exactly as that write left it: at {@link #length} (the group's
 * blocks included) and {@link #fork}. A write takes it ({@link BeeContext#takeWrittenPath}) and
 * mutates it, so a write that ends without appending (a cas refusal, an identical value, an
 * error, a failed group append) leaves none behind, and the next write inflates from the caches
 * as before; any other change of the head (a batch, a truncation, another writer on the core)
 * moves the length or the fork. The nodes are exactly the stored ones: their child pointers
 * carry the seqs and offsets the encoding gave them, no dirty flag is set, and they hold no
 * array a caller passed in. Only the written path stays linked (children in other blocks are
 * unlinked), so it holds one root-to-leaf path, not a growing copy of the tree.
 *
 * <p>Its nodes are not in the node cache: the next write rewrites most of them (all of them for
 * keys in order), so copying each into the cache on every put was wasted work. A node enters the
 * cache when it leaves the path, unchanged, at a later write ({@link TreeWriter}); until then
 * readers decode it from the written block, which the block cache holds.
 *
 * @param nodes the nodes of block {@code length - 1}, by offset (the root first)
 */
record WrittenPath(long length, long fork, TreeNode[] nodes) {
  /**
   * The path of block {@code seq} just encoded from {@code index} (root first, as {@link
   * TreeNode#indexChanges} left it), with {@code ownKey} / {@code ownValue} the block's own copies
   * of the written entry (the caller has already made the key slot of a put hold {@code ownKey}:
   * the caller's array may change after the write returns); valid at length {@code seq + 1} and
   * {@code fork}.
   */
  static WrittenPath of(long seq, long fork, List<Child> index, byte[] ownKey, byte[] ownValue) {
    BlockEntry block = new BlockEntry(seq, ownKey, ownValue);
    TreeNode[] nodes = new TreeNode[index.size()];
    for (int o = 0; o < nodes.length; o++) {
      TreeNode node = index.get(o).value;
      nodes[o] = node;
      node.block = block; // drops the writer that inflated it, and everything that writer read
      for (Child child : node.children) {
        if (child.seq != seq) {
          child.value = null; // not rewritten: read again from the caches when needed
        }
      }
    }
    return new WrittenPath(seq + 1, fork, nodes);
  }

  TreeNode root() {
    return nodes[0];
  }

  /** The seq of the block these nodes were written in. */
  long seq() {
    return length - 1;
  }

  /** Whether the path may start a write at {@code length} and {@code fork}. */
  boolean validAt(long length, long fork) {
    return this.length == length && this.fork == fork;
  }
}
