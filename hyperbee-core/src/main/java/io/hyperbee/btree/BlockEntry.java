package io.hyperbee.btree;

import java.util.ArrayList;
import java.util.Arrays;

/**
 * A block as a write sees it (JS BlockEntry): its entry plus mutable key/child lists per level,
 * inflated once per write and shared by every {@link TreeNode} made from it.
 *
 * <p>A stored block is read lazily: a level the bee's {@link NodeCache} holds (with the bytes of
 * the keys it resolved) is inflated from there, and the block itself is loaded and decoded only
 * when its key, value or an uncached level is needed. Inserting into a node whose keys are known
 * then reads no block at all.
 */
class BlockEntry implements BlockRecord {
  private static final byte[] UNREAD = new byte[0];

  final long seq;
  private final TreeWriter reader; // loads the block on demand; null when key and value are given
  private DecodedBlock decoded;
  private byte[] key;
  private byte[] value;
  private ArrayList<Key>[] levelKeys;
  private ArrayList<Child>[] levelChildren;

  /** A block whose entry is known (pending in a batch). */
  BlockEntry(long seq, byte[] key, byte[] value) {
    this.seq = seq;
    this.reader = null;
    this.key = key;
    this.value = value;
  }

  /** Stored block {@code seq}, read through {@code reader} when first needed (or given decoded). */
  BlockEntry(long seq, TreeWriter reader, DecodedBlock decoded) {
    this.seq = seq;
    this.reader = reader;
    this.decoded = decoded;
    this.key = UNREAD;
  }

  private DecodedBlock decoded() {
    DecodedBlock d = decoded;
    if (d == null) {
      d = reader.load(seq);
      decoded = d;
    }
    return d;
  }

  private void read() {
    if (key == UNREAD) {
      DecodedBlock d = decoded();
      value = d.value();
      key = d.key();
    }
  }

  @Override
  public long seq() {
    return seq;
  }

  @Override
  public byte[] key() {
    read();
    return key;
  }

  @Override
  public byte[] value() {
    read();
    return value;
  }

  boolean isTarget(byte[] k) {
    return Arrays.equals(key(), k);
  }

  /** Inflates level {@code offset} once; its lists are then shared by every node made from it. */
  @SuppressWarnings("unchecked")
  private void inflate(int offset) {
    if (levelKeys == null || offset >= levelKeys.length) {
      int n = Math.max(offset + 1, levelKeys == null ? 4 : levelKeys.length * 2);
      levelKeys = levelKeys == null ? new ArrayList[n] : Arrays.copyOf(levelKeys, n);
      levelChildren = levelChildren == null ? new ArrayList[n] : Arrays.copyOf(levelChildren, n);
    }
    if (levelKeys[offset] != null) {
      return;
    }
    if (reader == null) { // a block given by its entry keeps its nodes in TreeNodes, never inflated
      throw new IllegalStateException("block " + seq + " has no stored node " + offset + " to inflate here");
    }
    ArrayList<Key> keys;
    ArrayList<Child> children;
    Object cached = reader.cachedStoredNode(seq, offset);
    if (cached instanceof byte[] data) { // every key resolved: no block read for comparisons
      CachedNode n = new CachedNode(data);
      keys = new ArrayList<>(n.keyCount() + 2);
      for (int i = 0; i < n.keyCount(); i++) {
        keys.add(new Key(n.keySeq(i), n.key(i, null)));
      }
      children = new ArrayList<>(n.childCount() + 2);
      for (int i = 0; i < n.childCount(); i++) {
        children.add(new Child(n.childSeq(i), n.childOffset(i), null));
      }
    } else {
      LazyNode lazy = cached instanceof LazyNode n ? n : null;
      Level l = lazy != null ? lazy.level : decoded().level(offset); // throws for a missing level
      byte[] own = decoded == null ? null : decoded.key();
      long[] ks = l.keySeqs();
      keys = new ArrayList<>(ks.length + 2);
      for (int i = 0; i < ks.length; i++) {
        byte[] known = lazy != null ? lazy.knownKey(i) : ks[i] == seq ? own : null;
        keys.add(new Key(ks[i], known));
      }
      long[] cs = l.childPairs();
      children = new ArrayList<>(cs.length / 2 + 2);
      for (int i = 0; i < cs.length; i += 2) {
        children.add(new Child(cs[i], (int) cs[i + 1], null));
      }
    }
    levelKeys[offset] = keys;
    levelChildren[offset] = children;
  }

  @Override
  public boolean isDeletion() {
    if (value() != null) {
      return false;
    }
    Level[] levels = decoded().levels();
    for (int i = 0; i < levels.length; i++) {
      // a level's lists may have been edited by this write: they win over the stored level
      boolean has = levelKeys != null && i < levelKeys.length && levelKeys[i] != null
          ? levelKeys[i].stream().anyMatch(k -> k.seq == seq)
          : levels[i].hasKeySeq(seq);
      if (has) {
        return false;
      }
    }
    return true;
  }

  TreeNode getTreeNode(int offset) {
    if (offset < 0) {
      decoded().level(offset); // throws the decoding error
    }
    inflate(offset);
    TreeNode node = new TreeNode(this, levelKeys[offset], levelChildren[offset], offset);
    reader.tookStored(node, seq);
    return node;
  }
}
