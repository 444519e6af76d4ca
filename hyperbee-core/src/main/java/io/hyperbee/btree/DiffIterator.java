package io.hyperbee.btree;

import java.util.ArrayList;

/**
 * Two synchronised in-order walks (spec 5, JS iterators/diff.js) that skip every child slot or
 * key both trees share by (seq, offset) identity, so shared subtrees are never loaded.
 */
final class DiffIterator extends AbstractBeeIterator<DiffEntry> {
  private final TreeWalk left;
  private final TreeWalk right;
  private final Runnable guard;
  private long limit;
  private boolean opened;

  DiffIterator(TreeWalk left, TreeWalk right, long limit, Runnable guard) {
    this.left = left;
    this.right = right;
    this.limit = limit;
    this.guard = guard;
  }

  @Override
  protected DiffEntry advance() {
    guard.run();
    if (!opened) {
      opened = true;
      left.open();
      right.open();
    }
    if (limit == 0) {
      return null;
    }
    DiffEntry res = step();
    if (res == null || (res.left() == null && res.right() == null)) {
      return null;
    }
    limit--;
    return res;
  }

  private DiffEntry step() {
    TreeWalk a = left;
    TreeWalk b = right;
    while (true) {
      SubTree l = a.peek();
      SubTree r = b.peek();
      if (l == null && r == null) {
        return null;
      }
      if (l == null) {
        return new DiffEntry(null, b.nextKey());
      }
      if (r == null) {
        return new DiffEntry(a.nextKey(), null);
      }
      if (l.seq == r.seq && l.isKey == r.isKey && l.offset == r.offset) {
        a.skip();
        b.skip();
        continue;
      }
      if (l.isKey && !r.isKey) {
        b.next();
        continue;
      }
      if (!l.isKey && r.isKey) {
        a.next();
        continue;
      }
      int c = compare(l.key(a.reader), r.key(b.reader), a.reader.keyOrder());
      if (l.isKey) {
        if (c == 0) {
          Entry x = a.nextKey();
          return new DiffEntry(x, b.nextKey());
        }
        if (c < 0) {
          return new DiffEntry(a.nextKey(), null);
        }
        return new DiffEntry(null, b.nextKey());
      }
      if (c == 0) {
        a.next();
        b.next();
      } else if (c < 0) {
        b.next();
      } else {
        a.next();
      }
    }
  }

  /** Null is "+infinity", greater than every key; others compare in {@code order} (KeyOrder). */
  static int compare(byte[] a, byte[] b, java.util.Comparator<byte[]> order) {
    if (a == null) {
      return b != null ? 1 : 0;
    }
    if (b == null) {
      return -1;
    }
    return KeyOrder.compare(order, a, b);
  }

  /** A cursor over the slots of one node (JS SubTree). */
  static final class SubTree {
    final IndexNode node;
    final SubTree parent;
    boolean isKey;
    int i;
    int n;
    long seq;
    int offset;

    SubTree(IndexNode node, SubTree parent) {
      this.node = node;
      this.parent = parent;
      this.isKey = node.childCount() == 0;
      this.i = isKey ? 1 : 0;
      this.n = 0;
      this.seq = isKey ? (node.keyCount() == 0 ? 0 : node.keySeq(0)) : node.childSeq(0);
      this.offset = isKey ? 0 : node.childOffset(0);
    }

    boolean next() {
      i++;
      isKey = (i & 1) == 1;
      if (!isKey && node.childCount() == 0) {
        i++;
      }
      return update();
    }

    boolean bisect(byte[] key, boolean incl, BlockReader reader) {
      boolean leaf = node.childCount() == 0;
      int mid = node.search(key, reader.keyOrder(), reader);
      if (mid >= 0) {
        i = incl ? mid * 2 + 1 : mid * 2 + (leaf ? 3 : 2);
        return true;
      }
      i = 2 * (-mid - 1) + (leaf ? 1 : 0);
      return leaf;
    }

    boolean update() {
      isKey = (i & 1) == 1;
      n = i >> 1;
      if (n >= (isKey ? node.keyCount() : node.childCount())) {
        return false;
      }
      seq = isKey ? node.keySeq(n) : node.childSeq(n);
      offset = isKey ? 0 : node.childOffset(n);
      return true;
    }

    byte[] key(BlockReader reader) {
      if (n < node.keyCount()) {
        return node.key(n, reader);
      }
      return parent == null ? null : parent.key(reader);
    }
  }

  /** One side's walk (JS TreeIterator). */
  static final class TreeWalk {
    final BlockReader reader;
    private final ArrayList<SubTree> stack = new ArrayList<>();
    private final byte[] lt;
    private final boolean lte;
    private final byte[] gt;
    private final boolean gte;
    private final int prefixLength;
    private boolean seeking;

    TreeWalk(BlockReader reader, KeyRange range, int prefixLength) {
      this.reader = reader;
      this.lt = range.upper();
      this.lte = range.upperInclusive();
      this.gt = range.lower();
      this.gte = range.lowerInclusive();
      this.seeking = gt != null;
      this.prefixLength = prefixLength;
    }

    void open() {
      IndexNode node = reader.root();
      if (node == null || node.keyCount() == 0) {
        return;
      }
      SubTree tree = new SubTree(node, null);
      if (seeking && !seek(tree)) {
        return;
      }
      stack.add(tree);
    }

    private boolean seek(SubTree tree) {
      boolean done = tree.bisect(gt, gte, reader);
      boolean oob = !tree.update();
      if (done || oob) {
        seeking = false;
        return !oob;
      }
      return true;
    }

    SubTree peek() {
      return stack.isEmpty() ? null : stack.get(stack.size() - 1);
    }

    void skip() {
      if (!stack.isEmpty() && !stack.get(stack.size() - 1).next()) {
        stack.remove(stack.size() - 1);
      }
    }

    Entry nextKey() {
      BlockRecord n = null;
      while (!stack.isEmpty() && n == null) {
        n = next();
      }
      if (n == null) {
        return null;
      }
      if (lt == null) {
        return Hyperbee.entryOf(n, prefixLength);
      }
      int c = compare(n.key(), lt, reader.keyOrder());
      if (lte ? c <= 0 : c < 0) {
        return Hyperbee.entryOf(n, prefixLength);
      }
      stack.clear();
      return null;
    }

    BlockRecord next() {
      if (stack.isEmpty()) {
        return null;
      }
      SubTree top = stack.get(stack.size() - 1);
      boolean isKey = top.isKey;
      int n = top.n;
      long seq = top.seq;
      if (!top.next()) {
        stack.remove(stack.size() - 1);
      }
      if (isKey) {
        seeking = false;
        return reader.block(seq);
      }
      IndexNode child = top.node.child(n, reader);
      SubTree tree = new SubTree(child, top);
      if (seeking && !seek(tree)) {
        return null;
      }
      stack.add(tree);
      return null;
    }
  }
}
