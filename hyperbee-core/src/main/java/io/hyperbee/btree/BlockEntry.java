package io.hyperbee.btree;

import java.util.ArrayList;
import java.util.List;

/**
 * A block as a write sees it (JS BlockEntry): its entry plus mutable key/child lists per level,
 * inflated from the immutable {@link DecodedBlock} once per write and shared by every
 * {@link TreeNode} made from it.
 */
class BlockEntry implements BlockRecord {
  final long seq;
  final TreeWriter tree;
  final byte[] key;
  final byte[] value;
  private final DecodedBlock decoded;
  private List<ArrayList<Key>> levelKeys;
  private List<ArrayList<Child>> levelChildren;

  BlockEntry(long seq, TreeWriter tree, byte[] key, byte[] value, DecodedBlock decoded) {
    this.seq = seq;
    this.tree = tree;
    this.key = key;
    this.value = value;
    this.decoded = decoded;
  }

  @Override
  public long seq() {
    return seq;
  }

  @Override
  public byte[] key() {
    return key;
  }

  @Override
  public byte[] value() {
    return value;
  }

  boolean isTarget(byte[] k) {
    return java.util.Arrays.equals(key, k);
  }

  private void inflate() {
    if (levelKeys != null) {
      return;
    }
    Level[] levels = decoded.levels();
    levelKeys = new ArrayList<>(levels.length);
    levelChildren = new ArrayList<>(levels.length);
    for (Level l : levels) {
      long[] ks = l.keySeqs();
      ArrayList<Key> keys = new ArrayList<>(ks.length + 2);
      for (long k : ks) {
        keys.add(new Key(k, null));
      }
      long[] cs = l.childPairs();
      ArrayList<Child> children = new ArrayList<>(cs.length / 2 + 2);
      for (int i = 0; i < cs.length; i += 2) {
        children.add(new Child(cs[i], (int) cs[i + 1], null));
      }
      levelKeys.add(keys);
      levelChildren.add(children);
    }
  }

  @Override
  public boolean isDeletion() {
    if (value != null) {
      return false;
    }
    inflate();
    for (List<Key> keys : levelKeys) {
      for (Key k : keys) {
        if (k.seq == seq) {
          return false;
        }
      }
    }
    return true;
  }

  TreeNode getTreeNode(int offset) {
    inflate();
    if (offset < 0 || offset >= levelKeys.size()) {
      decoded.level(offset); // throws the decoding error
    }
    return new TreeNode(this, levelKeys.get(offset), levelChildren.get(offset), offset);
  }
}
