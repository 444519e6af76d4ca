package io.hyperbee.btree;

import java.util.List;

/** A block pending in a batch: its levels are the live {@link Child} objects of the write. */
final class BatchEntry extends BlockEntry {
  final List<Child> pendingIndex;

  BatchEntry(long seq, byte[] key, byte[] value, List<Child> pendingIndex) {
    super(seq, key, value);
    this.pendingIndex = pendingIndex;
  }

  @Override
  boolean isTarget(byte[] k) {
    return false;
  }

  @Override
  public boolean isDeletion() {
    if (value() != null) {
      return false;
    }
    for (Child c : pendingIndex) {
      if (c != null) {
        for (Key k : c.value.keys) {
          if (k.seq == seq) {
            return false;
          }
        }
      }
    }
    return true;
  }

  @Override
  TreeNode getTreeNode(int offset) {
    return pendingIndex.get(offset).value;
  }
}
