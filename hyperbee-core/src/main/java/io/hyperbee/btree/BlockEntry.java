package io.hyperbee.btree;

import java.util.ArrayList;

/**
 * A block as a write sees it (JS BlockEntry): its entry plus mutable key/child lists per level,
 * inflated from the immutable {@link DecodedBlock} once per write and shared by every
 * {@link TreeNode} made from it.
 */
class BlockEntry implements BlockRecord {
  final long seq;
  final byte[] key;
  final byte[] value;
  private final DecodedBlock decoded;
  private ArrayList<Key>[] levelKeys;
  private ArrayList<Child>[] levelChildren;

  BlockEntry(long seq, byte[] key, byte[] value, DecodedBlock decoded) {
    this.seq = seq;
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

  /** Inflates level {@code offset} once; its lists are then shared by every node made from it. */
  @SuppressWarnings("unchecked")
  private void inflate(int offset) {
    if (levelKeys == null) {
      int n = decoded.levels().length;
      levelKeys = new ArrayList[n];
      levelChildren = new ArrayList[n];
    }
    if (levelKeys[offset] != null) {
      return;
    }
    Level l = decoded.level(offset);
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
    levelKeys[offset] = keys;
    levelChildren[offset] = children;
  }

  @Override
  public boolean isDeletion() {
    if (value != null) {
      return false;
    }
    Level[] levels = decoded.levels();
    for (int i = 0; i < levels.length; i++) {
      // a level's lists may have been edited by this write: they win over the stored level
      boolean has = levelKeys != null && levelKeys[i] != null
          ? levelKeys[i].stream().anyMatch(k -> k.seq == seq)
          : levels[i].hasKeySeq(seq);
      if (has) {
        return false;
      }
    }
    return true;
  }

  TreeNode getTreeNode(int offset) {
    decoded.level(offset); // throws the decoding error for a missing level
    inflate(offset);
    return new TreeNode(this, levelKeys[offset], levelChildren[offset], offset);
  }
}
