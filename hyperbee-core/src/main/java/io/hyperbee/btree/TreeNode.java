package io.hyperbee.btree;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A mutable B-tree node inside one write or batch (JS TreeNode). Its key and child lists are
 * shared with the {@link BlockEntry} it came from, and its {@code changed} flag persists across
 * the ops of a batch: both are needed to produce JS's exact bytes (spec 3.9, 3.10).
 */
final class TreeNode implements IndexNode {
  static final int MIN_KEYS = 4;
  static final int MAX_CHILDREN = 2 * MIN_KEYS + 1;

  BlockEntry block;
  final int offset;
  final ArrayList<Key> keys;
  final ArrayList<Child> children;
  boolean changed;

  TreeNode(BlockEntry block, ArrayList<Key> keys, ArrayList<Child> children, int offset) {
    this.block = block;
    this.keys = keys;
    this.children = children;
    this.offset = offset;
  }

  static TreeNode create(BlockEntry block) {
    // sized for a full node: a created node is a split's right half or a new root
    TreeNode node = new TreeNode(block, new ArrayList<>(MAX_CHILDREN), new ArrayList<>(MAX_CHILDREN + 1), 0);
    node.changed = true;
    return node;
  }

  byte[] getKey(int index, TreeWriter tree) {
    Key k = keys.get(index);
    if (k.value == null) {
      k.value = block != null && k.seq == block.seq ? block.key() : tree.getKey(k.seq);
    }
    return k.value;
  }

  TreeNode getChildNode(int index, TreeWriter tree) {
    Child c = children.get(index);
    if (c.value != null) {
      return c.value;
    }
    BlockEntry b = block != null && c.seq == block.seq ? block : tree.getBlock(c.seq);
    c.value = b.getTreeNode(c.offset);
    return c.value;
  }

  BlockEntry getKeyNode(int index, TreeWriter tree) {
    return tree.getBlock(keys.get(index).seq);
  }

  /**
   * Inserts {@code key} (with the child to its right, for splits) or replaces an equal key.
   * Returns false when the node now needs a split. A refused cas or an identical value under
   * {@code alwaysDuplicate=false} leaves the node unchanged and returns true.
   */
  boolean insertKey(Key key, byte[] value, TreeNode child, TreeWriter tree, WriteOp op) {
    int s = 0;
    int e = keys.size();
    int c = 0;
    java.util.Comparator<byte[]> order = tree.keyOrder();
    while (s < e) {
      int mid = (s + e) >>> 1;
      c = KeyOrder.compare(order, key.value, getKey(mid, tree));
      if (c == 0) {
        if (op != null && op.refuses(getKeyNode(mid, tree))) {
          return true;
        }
        if (op != null && tree.skipsDuplicate(getKeyNode(mid, tree), key.value, value)) {
          return true;
        }
        changed = true;
        keys.set(mid, key);
        return true;
      }
      if (c < 0) {
        e = mid;
      } else {
        s = mid + 1;
      }
    }
    keys.add(s, key);
    if (child != null) {
      children.add(s + 1, new Child(0, 0, child));
    }
    changed = true;
    return keys.size() < MAX_CHILDREN;
  }

  static boolean sameValue(byte[] a, byte[] b) {
    return a == b || (a != null && b != null && Arrays.equals(a, b));
  }

  void removeKey(int index) {
    keys.remove(index);
    if (!children.isEmpty()) {
      children.get(index + 1).seq = 0; // freed: compaction drops it from pending blocks
      children.remove(index + 1);
    }
    changed = true;
  }

  /** Index of this node in {@code parent.children}, found by identity. */
  int indexIn(TreeNode parent) {
    for (int i = 0; i < parent.children.size(); i++) {
      if (parent.children.get(i).value == this) {
        return i;
      }
    }
    throw new IllegalStateException("Bad parent");
  }

  void merge(TreeNode node, Key median) {
    changed = true;
    keys.add(median);
    keys.addAll(node.keys);
    children.addAll(node.children);
  }

  /** Moves the upper half out into a new right sibling; returns the median key (and the sibling). */
  Key split(TreeWriter tree, TreeNode[] rightOut) {
    int len = keys.size() >> 1;
    TreeNode right = create(block);
    moveTail(keys, keys.size() - len, right.keys);
    getKey(keys.size() - 1, tree); // the median's bytes are needed by the parent
    Key median = keys.remove(keys.size() - 1);
    if (!children.isEmpty()) {
      moveTail(children, children.size() - (len + 1), right.children);
    }
    changed = true;
    rightOut[0] = right;
    return median;
  }

  /**
   * Moves {@code from}'s elements from index {@code start} on to the end of {@code to}, removing
   * them last first: a subList's clear costs an arraycopy and a range walk for a handful of slots.
   */
  private static <T> void moveTail(ArrayList<T> from, int start, ArrayList<T> to) {
    int n = from.size();
    for (int i = start; i < n; i++) {
      to.add(from.get(i));
    }
    for (int i = n - 1; i >= start; i--) {
      from.remove(i);
    }
  }

  /** Appends this node and its changed descendants, pre-order, to {@code index} (spec 3.7). */
  int indexChanges(List<Child> index, long seq) {
    int myOffset = index.size();
    index.add(null);
    changed = false;
    for (int i = 0, n = children.size(); i < n; i++) { // indexed: no iterator per recursion
      Child child = children.get(i);
      if (child.value == null || !child.value.changed) {
        continue;
      }
      child.seq = seq;
      child.offset = child.value.indexChanges(index, seq);
      index.set(child.offset, child);
    }
    return myOffset;
  }

  @Override
  public int keyCount() {
    return keys.size();
  }

  @Override
  public long keySeq(int i) {
    return keys.get(i).seq;
  }

  @Override
  public byte[] key(int i, BlockReader reader) {
    return getKey(i, (TreeWriter) reader);
  }

  @Override
  public int childCount() {
    return children.size();
  }

  @Override
  public long childSeq(int i) {
    return children.get(i).seq;
  }

  @Override
  public int childOffset(int i) {
    return children.get(i).offset;
  }

  @Override
  public IndexNode child(int i, BlockReader reader) {
    return getChildNode(i, (TreeWriter) reader);
  }

  @Override
  public void unlinkChild(int i, long coreLength) {
    if (block != null && block.seq < coreLength) {
      children.get(i).value = null;
    }
  }
}
