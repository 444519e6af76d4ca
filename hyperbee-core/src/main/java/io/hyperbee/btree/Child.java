package io.hyperbee.btree;

/**
 * A mutable child pointer: node {@code offset} of block {@code seq}, and the materialised node.
 * Shared between a parent's children list and a pending block's index on purpose (spec 3.9).
 */
final class Child {
  long seq;
  int offset;
  TreeNode value;

  Child(long seq, int offset, TreeNode value) {
    this.seq = seq;
    this.offset = offset;
    this.value = value;
  }
}
