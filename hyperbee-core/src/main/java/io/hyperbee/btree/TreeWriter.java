package io.hyperbee.btree;

import io.hyperbee.log.BlockLog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The write side of one JS {@code Batch}: put/del on mutable {@link TreeNode}s built from the
 * stored blocks, then either one immediate append (a one-shot write) or pending blocks appended
 * together by {@link #flush()} after the compaction of spec 3.9. Not thread-safe: the owner holds
 * the bee's write lock (and the batch's own mutex) around every call.
 */
final class TreeWriter implements BlockReader {
  private static final int MAX_BLOCKS_CACHED = 128;
  /** Initial capacity of a root-to-leaf path's lists: deeper than most trees, so they rarely grow. */
  private static final int STACK = 12;

  private final BeeContext bee;
  private final boolean alwaysDuplicate;
  private final boolean autoFlush;
  /** Pending blocks of this batch, index = seq - {@link #firstPending}; {@code length} of them. */
  private final ArrayList<BatchEntry> pending = new ArrayList<>();
  private long firstPending;
  /** Stored blocks this batch has read (at most MAX_BLOCKS_CACHED; JS's per-batch cache). */
  private SeqMap cached; // made on first use: most one-shot writes read only a few blocks
  private int length;
  /** Decoded forms of the blocks the last drain encoded, cached once the append succeeds. */
  private final List<DecodedBlock> drained = new ArrayList<>();
  /** Their nodes, with the key bytes this batch resolved, cached with them. */
  private final List<Object> drainedNodes = new ArrayList<>();
  /**
   * Where each of {@link #drainedNodes} goes in the node cache: its block, and its offset times
   * two plus one for a leaf. Known while the drain encodes the node, so that caching it after
   * the append need not read it again (it is cold by then).
   */
  private long[] drainedSeqs = new long[64];
  private int[] drainedOffsets = new int[64];

  /** Scratch of the node being encoded, and of the index of the block being drained. */
  private final FlatNode flat = new FlatNode();
  private byte[] indexBuffer = new byte[256];
  /** A batch's nodes taken from stored blocks, and those blocks' seqs (see {@link #tookStored}). */
  private final ArrayList<TreeNode> took = new ArrayList<>();
  private long[] tookSeqs = Level.NO_SEQS; // grown on first use: most one-shot writes take a few
  /** Addresses (seq, offset) of the stored nodes the last drain replaced, dropped by {@link #cacheDrained}. */
  private final StaleNodes replaced = new StaleNodes();
  /** The group a writer queue appends this one-shot write with, or null to append it at once. */
  private final PutGroup group;
  /**
   * The core's fork when this write took its root (a batch: its first root): its blocks may only
   * be appended to that fork, and one-shot writes keep it with the written path.
   */
  private long fork;
  /** The path this one-shot write started from, whose nodes it did not rewrite it caches, or null. */
  private WrittenPath kept;

  TreeWriter(BeeContext bee, boolean alwaysDuplicate, boolean autoFlush) {
    this(bee, alwaysDuplicate, autoFlush, null);
  }

  /** A one-shot writer whose block joins {@code group} (appended by the group) instead of being appended. */
  TreeWriter(BeeContext bee, boolean alwaysDuplicate, boolean autoFlush, PutGroup group) {
    this.bee = bee;
    this.alwaysDuplicate = alwaysDuplicate;
    this.autoFlush = autoFlush;
    this.group = group;
  }

  /**
   * The log length this write's tree was read at, pinned when it took its root (a batch: its
   * first root) so that its blocks' seqs and the tree they extend belong to one head, or -1.
   * Another writer on the core moving it in between is caught by the append, which is refused
   * unless the core is still at this length and {@link #fork}.
   */
  private long base = -1;

  /** The log's length as this writer sees it: with the blocks of its group, which follow the core's. */
  private long logLength() {
    return base >= 0 ? base : liveLength();
  }

  private long liveLength() {
    return group == null ? bee.core.length() : group.logLength(bee.core);
  }

  int pending() {
    return length;
  }

  /** Seq of the first pending block (the log length the batch's blocks must be appended at). */
  long firstPending() {
    return firstPending;
  }

  /** The fork the pending blocks were written against (see {@link #fork}). */
  long fork() {
    return fork;
  }

  /**
   * Whether a put of {@code key, value} over the entry in {@code existing} writes nothing (with
   * alwaysDuplicate false): the same value and, since a custom order may call distinct bytes the
   * same key, the same key bytes.
   */
  boolean skipsDuplicate(BlockEntry existing, byte[] key, byte[] value) {
    return !alwaysDuplicate
        && TreeNode.sameValue(existing.value(), value)
        && (bee.order == null || Arrays.equals(existing.key(), key));
  }

  long version() {
    return Math.max(1, logLength() + length);
  }

  TreeNode getRoot(boolean ensureHeader) {
    if (ensureHeader) {
      bee.ensureHeader();
    }
    long version = version();
    if (version < 2) {
      return null;
    }
    return getBlock(version - 1).getTreeNode(0);
  }

  /**
   * The root a put or del starts from: for a one-shot write, the path the previous one-shot
   * write left when the core has not changed since ({@link WrittenPath}), else read as {@link
   * #getRoot}.
   */
  private TreeNode writeRoot() {
    if (autoFlush) {
      took.clear(); // a one-shot write's nodes from a write that appended nothing
    }
    bee.ensureHeader();
    if (autoFlush || length == 0) { // a batch pins them at its first write
      fork = bee.currentFork(); // before the length: a truncation in between is then seen
      base = liveLength();
    }
    if (!autoFlush) {
      return getRoot(false);
    }
    WrittenPath p = bee.takeWrittenPath();
    if (p != null && p.validAt(logLength(), fork)) {
      kept = p;
      return p.root();
    }
    if (p != null && p.fork() == fork && p.length() <= bee.core.length()) {
      cacheLeftBehind(p, null); // a batch or another writer came after it: its blocks are stored
    }
    return getRoot(false);
  }

  private BlockEntry known(long seq) {
    long i = seq - firstPending;
    if (i >= 0 && i < length) {
      return pending.get((int) i);
    }
    return cached == null ? null : cached.get(seq);
  }

  BlockEntry getBlock(long seq) {
    BlockEntry b = known(seq);
    if (b != null) {
      return b;
    }
    DecodedBlock grouped = group == null ? null : group.decoded(seq);
    if (grouped == null && (seq <= 0 || seq >= bee.core.length())) {
      bee.load(seq, bee.core.length()); // throws the error naming the bad seq
    }
    b = new BlockEntry(seq, this, grouped); // read (from the block cache or the log) when first needed
    if (cached == null) {
      cached = new SeqMap();
    }
    if (cached.size() < MAX_BLOCKS_CACHED) {
      cached.put(seq, b);
    }
    return b;
  }

  byte[] getKey(long seq) {
    BlockEntry b = known(seq);
    return b != null ? b.key() : load(seq).key();
  }

  /** Stored block {@code seq}, decoded (from the bee's block cache when it is there). */
  DecodedBlock load(long seq) {
    DecodedBlock grouped = group == null ? null : group.decoded(seq);
    return grouped != null ? grouped : bee.load(seq, bee.core.length());
  }

  /**
   * Node {@code offset} of stored block {@code seq} as the bee's node cache holds it (a
   * {@link CachedNode} array or a {@link LazyNode}), or null.
   */
  Object cachedStoredNode(long seq, int offset) {
    Object grouped = group == null ? null : group.node(seq, offset);
    return grouped != null ? grouped : bee.nodes.get(seq, offset);
  }

  /**
   * Notes that this write made {@code node} from stored block {@code seq}: if the write rewrites
   * it, the stored node is stale and is dropped from the node cache (a batch's once its blocks
   * are appended, a one-shot write's once its block is encoded: dropping a live node only costs
   * a later miss). Why: writes rewrite their paths; the old versions would stay cached, unread,
   * and crowd the live tree out of the cache (on 1M keys, 20,000 random overwrites in batches
   * left 85% of the leaves they rewrote uncached: every way of their sets held a stale inner node).
   */
  void tookStored(TreeNode node, long seq) {
    int n = took.size();
    if (n == tookSeqs.length) {
      tookSeqs = Arrays.copyOf(tookSeqs, Math.max(16, 2 * n));
    }
    tookSeqs[n] = seq;
    took.add(node);
  }

  // ---- BlockReader: reads through a batch see its pending writes ----

  @Override
  public BlockRecord block(long seq) {
    return getBlock(seq);
  }

  @Override
  public IndexNode node(long seq, int offset) {
    return getBlock(seq).getTreeNode(offset);
  }

  @Override
  public IndexNode root() {
    return getRoot(false);
  }

  @Override
  public java.util.Comparator<byte[]> keyOrder() {
    return bee.order;
  }

  @Override
  public long coreLength() {
    return logLength();
  }

  // ---- put (spec 3.5) ----

  /** Returns true when a block was appended (or, in a batch, queued). */
  boolean put(byte[] key, byte[] value, WriteOp op) {
    TreeNode root = writeRoot();
    TreeNode node = root;
    if (node == null) {
      node = root = TreeNode.create(null);
    }
    long seq = logLength() + length;
    op.seq = seq;
    Key target = new Key(seq, key);
    List<TreeNode> stack = new ArrayList<>(STACK);
    java.util.Comparator<byte[]> order = bee.order;

    while (!node.children.isEmpty()) {
      stack.add(node);
      node.changed = true; // changed, but compressible (spec 3.10)
      int s = 0;
      int e = node.keys.size();
      while (s < e) {
        int mid = (s + e) >>> 1;
        int c = KeyOrder.compare(order, key, node.getKey(mid, this));
        if (c == 0) {
          if (op.refuses(node.getKeyNode(mid, this))) {
            return false;
          }
          if (skipsDuplicate(node.getKeyNode(mid, this), key, value)) {
            return false;
          }
          node.keys.set(mid, target);
          node.changed = true;
          return append(root, seq, target, key, value);
        }
        if (c < 0) {
          e = mid;
        } else {
          s = mid + 1;
        }
      }
      node = node.getChildNode(s, this);
    }

    boolean needsSplit = !node.insertKey(target, value, null, this, op);
    if (!node.changed) {
      return false;
    }
    TreeNode[] right = new TreeNode[1];
    while (needsSplit) {
      TreeNode parent = stack.isEmpty() ? null : stack.remove(stack.size() - 1);
      Key median = node.split(this, right);
      if (parent != null) {
        needsSplit = !parent.insertKey(median, value, right[0], this, null);
        node = parent;
      } else {
        root = TreeNode.create(node.block);
        root.keys.add(median);
        root.children.add(new Child(0, 0, node));
        root.children.add(new Child(0, 0, right[0]));
        needsSplit = false;
      }
    }
    return append(root, seq, target, key, value);
  }

  // ---- del (spec 3.6) ----

  boolean del(byte[] key, WriteOp op) {
    TreeNode node = writeRoot();
    if (node == null) {
      return false;
    }
    long seq = logLength() + length;
    op.seq = seq;
    List<TreeNode> stack = new ArrayList<>(STACK);
    java.util.Comparator<byte[]> order = bee.order;
    while (true) {
      stack.add(node);
      int s = 0;
      int e = node.keys.size();
      while (s < e) {
        int mid = (s + e) >>> 1;
        int c = KeyOrder.compare(order, key, node.getKey(mid, this));
        if (c == 0) {
          if (op.refuses(node.getKeyNode(mid, this))) {
            return false;
          }
          if (!node.children.isEmpty()) {
            setKeyToNearestLeaf(node, mid, stack);
          } else {
            node.removeKey(mid);
          }
          for (TreeNode n : stack) {
            n.changed = true; // late, so a missed delete rewrites nothing
          }
          return append(rebalance(stack), seq, null, key, null);
        }
        if (c < 0) {
          e = mid;
        } else {
          s = mid + 1;
        }
      }
      if (node.children.isEmpty()) {
        return false;
      }
      node = node.getChildNode(s, this);
    }
  }

  private int leafSize(TreeNode node, boolean goLeft) {
    while (!node.children.isEmpty()) {
      node = node.getChildNode(goLeft ? 0 : node.children.size() - 1, this);
    }
    return node.keys.size();
  }

  private void setKeyToNearestLeaf(TreeNode node, int index, List<TreeNode> stack) {
    TreeNode left = node.getChildNode(index, this);
    TreeNode right = node.getChildNode(index + 1, this);
    int ls = leafSize(left, false);
    int rs = leafSize(right, true);
    if (ls < rs) {
      stack.add(right);
      while (!right.children.isEmpty()) {
        right = right.children.get(0).value;
        stack.add(right);
      }
      node.keys.set(index, right.keys.remove(0));
    } else {
      stack.add(left);
      while (!left.children.isEmpty()) {
        left = left.children.get(left.children.size() - 1).value;
        stack.add(left);
      }
      node.keys.set(index, left.keys.remove(left.keys.size() - 1));
    }
  }

  private TreeNode rebalance(List<TreeNode> stack) {
    TreeNode root = stack.get(0);
    while (stack.size() > 1) {
      TreeNode node = stack.remove(stack.size() - 1);
      TreeNode parent = stack.get(stack.size() - 1);
      if (node.keys.size() >= TreeNode.MIN_KEYS) {
        return root;
      }
      int index = node.indexIn(parent);
      TreeNode left = index > 0 ? parent.getChildNode(index - 1, this) : null;
      TreeNode right =
          index < parent.children.size() - 1 ? parent.getChildNode(index + 1, this) : null;

      if (left != null && left.keys.size() > TreeNode.MIN_KEYS) {
        left.changed = true;
        node.keys.add(0, parent.keys.get(index - 1));
        if (!left.children.isEmpty()) {
          node.children.add(0, left.children.remove(left.children.size() - 1));
        }
        parent.keys.set(index - 1, left.keys.remove(left.keys.size() - 1));
        return root;
      }
      if (right != null && right.keys.size() > TreeNode.MIN_KEYS) {
        right.changed = true;
        node.keys.add(parent.keys.get(index));
        if (!right.children.isEmpty()) {
          node.children.add(right.children.remove(0));
        }
        parent.keys.set(index, right.keys.remove(0));
        return root;
      }
      if (left != null) {
        index--;
        right = node;
      } else {
        left = node;
      }
      left.merge(right, parent.keys.get(index));
      parent.removeKey(index);
    }
    if (root.keys.isEmpty() && !root.children.isEmpty()) {
      return root.getChildNode(0, this);
    }
    return root;
  }

  // ---- appending (spec 3.7, 3.9) ----

  /** Writes block {@code seq} of the tree at {@code root}; {@code written} is the key slot a put added (null for a del). */
  private boolean append(TreeNode root, long seq, Key written, byte[] key, byte[] value) {
    List<Child> index = new ArrayList<>(STACK);
    root.indexChanges(index, seq);
    index.set(0, new Child(seq, 0, root));
    if (!autoFlush) {
      BatchEntry block = new BatchEntry(seq, key, value, index);
      root.block = block;
      if (length == 0) {
        firstPending = seq;
      }
      pending.add(block);
      length++;
      // the nodes now in this block are exactly those indexed (JS updateChildren walks to them)
      for (int i = 0; i < index.size(); i++) {
        index.get(i).value.block = block;
      }
      return true;
    }
    byte[] encodedIndex = Messages.encodeIndex(index);
    byte[] block = Messages.encodeNode(encodedIndex, key, value);
    byte[] ownKey = key.clone(); // the caller may reuse its arrays
    if (written != null) {
      written.value = ownKey; // the only key of this block's seq in the tree: a kept path holds no caller array
    }
    DecodedBlock decoded = new DecodedBlock(seq, ownKey, value == null ? null : value.clone(), encodedIndex);
    if (group != null) {
      group.add(seq, fork, block, decoded, index.size()); // appended, then cached, by the group
    } else {
      bee.append(List.of(block), seq, fork);
      bee.cache.put(decoded);
    }
    dropRewritten(index);
    if (kept != null) {
      cacheLeftBehind(kept, index);
    }
    bee.keepWrittenPath(WrittenPath.of(seq, fork, index, ownKey, decoded.value()));
    return true;
  }

  /**
   * Caches the nodes of the path {@code left} that the write of {@code index} (null: none) left as
   * they were stored: neither rewritten into its block nor edited (an edited node missing from the
   * index was dropped from the tree). The nodes of a block still in this write's group are cached
   * with the group, once its append succeeds.
   */
  private void cacheLeftBehind(WrittenPath left, List<Child> index) {
    TreeNode[] nodes = left.nodes();
    long seq = left.seq();
    for (int o = 0; o < nodes.length; o++) {
      TreeNode n = nodes[o];
      if (n.changed || (index != null && indexes(index, n))) {
        continue;
      }
      Object stored = written(seq, o, n, n.block.key(), null);
      if (group != null) { // cached with the group: the block may be in flight still
        group.leftBehind(seq, o, stored);
      } else {
        bee.nodes.put(stored);
      }
    }
  }

  /** Drops from the node cache the stored nodes this one-shot write rewrote: those in its {@code index}. */
  private void dropRewritten(List<Child> index) {
    for (int i = 0; i < took.size(); i++) {
      TreeNode n = took.get(i);
      if (indexes(index, n)) {
        bee.nodes.remove(tookSeqs[i], n.offset);
      }
    }
    took.clear();
  }

  private static boolean indexes(List<Child> index, TreeNode node) {
    for (Child c : index) {
      if (c.value == node) {
        return true;
      }
    }
    return false;
  }

  /**
   * The stored form of node {@code offset} of the block {@code seq} this writer encoded from
   * {@code node}, with the key bytes the write resolved, so that later writes and reads find it
   * in the node cache instead of reading and decoding blocks. Keys of this batch's blocks take
   * the copies in {@code batchKeys} (index seq - first pending seq): the caller may reuse the
   * arrays it passed; other resolved keys were read from the log and are immutable.
   */
  private Object written(long seq, int offset, TreeNode node, byte[] ownKey, byte[][] batchKeys) {
    return withKeys(flat.load(node), node, seq, ownKey, batchKeys).stored(seq, offset);
  }

  /** Gives {@code flat} (loaded from {@code node}) the key bytes {@link #written} describes. */
  private FlatNode withKeys(FlatNode flat, TreeNode node, long seq, byte[] ownKey, byte[][] batchKeys) {
    ArrayList<Key> keys = node.keys;
    for (int i = 0; i < flat.keyCount(); i++) {
      Key k = keys.get(i);
      byte[] bytes = null;
      if (k.seq == seq) {
        bytes = ownKey;
      } else if (k.value != null) {
        long p = k.seq - firstPending;
        bytes = batchKeys == null || p < 0 || p >= batchKeys.length ? k.value : batchKeys[(int) p];
      }
      if (bytes == null) { // not compared by this write: known if its block is cached
        DecodedBlock b = group == null ? null : group.decoded(k.seq);
        b = b != null ? b : bee.cache.get(k.seq);
        bytes = b == null ? null : b.key();
        k.value = bytes; // a cached block's key never changes: a kept path need not look again
      }
      flat.keyBytes(i, bytes); // unknown bytes stay unresolved
    }
    return flat;
  }

  /** Puts the blocks of the last {@link #drain()} into the bee's cache once they are appended. */
  void cacheDrained() {
    for (DecodedBlock b : drained) {
      bee.cache.put(b);
    }
    replaced.removeFrom(bee.nodes);
    for (int i = 0; i < drainedNodes.size(); i++) {
      int o = drainedOffsets[i];
      bee.nodes.put(drainedNodes.get(i), drainedSeqs[i], o >>> 1, (o & 1) != 0);
    }
    drained.clear();
    drainedNodes.clear();
  }

  /** Encodes every pending block, compacting all but the last (spec 3.9), and clears the batch. */
  List<byte[]> drain() {
    List<byte[]> out = new ArrayList<>(length);
    drained.clear();
    drainedNodes.clear();
    replaced.clear();
    for (int i = 0; i < took.size(); i++) {
      TreeNode n = took.get(i);
      if (n.block.seq != tookSeqs[i]) { // indexed into one of this batch's blocks: rewritten
        replaced.add(tookSeqs[i], n.offset);
      }
    }
    // copies for the caches (the caller may reuse its arrays), each taken as its block is drained:
    // a block's nodes hold no key of a later block (a node changed later moved to that block)
    byte[][] keys = new byte[length][];
    for (int i = 0; i < length; i++) {
      BatchEntry entry = pending.get(i);
      keys[i] = entry.key().clone();
      long seq = entry.seq;
      List<Child> p = entry.pendingIndex;
      if (i < length - 1) {
        p.set(0, null);
        int j = 0;
        while (j < p.size()) {
          Child c = p.get(j);
          if (c != null && c.seq == seq) {
            c.offset = j++;
            continue;
          }
          Child last = p.remove(p.size() - 1);
          if (j < p.size()) {
            p.set(j, last);
          }
        }
      }
      int at = 0; // each node's objects are read once, into flat, for both of its forms
      for (int o = 0; o < p.size(); o++) {
        withKeys(flat.load(p.get(o).value), p.get(o).value, seq, keys[i], keys);
        int size = flat.indexSize();
        if (at + size > indexBuffer.length) {
          indexBuffer = Arrays.copyOf(indexBuffer, Math.max(2 * indexBuffer.length, at + size));
        }
        at = flat.writeIndex(indexBuffer, at);
        int n = drainedNodes.size();
        if (n == drainedSeqs.length) {
          drainedSeqs = Arrays.copyOf(drainedSeqs, 2 * n);
          drainedOffsets = Arrays.copyOf(drainedOffsets, 2 * n);
        }
        drainedSeqs[n] = seq;
        drainedOffsets[n] = (o << 1) | (flat.isLeaf() ? 1 : 0);
        drainedNodes.add(flat.stored(seq, o));
      }
      byte[] encodedIndex = Arrays.copyOf(indexBuffer, at);
      byte[] value = entry.value();
      out.add(Messages.encodeNode(encodedIndex, entry.key(), value));
      drained.add(new DecodedBlock(seq, keys[i], value == null ? null : value.clone(), encodedIndex));
    }
    discard();
    return out;
  }

  void discard() {
    pending.clear();
    took.clear();
    if (cached != null) {
      cached.clear();
    }
    length = 0;
    base = -1;
  }
}
