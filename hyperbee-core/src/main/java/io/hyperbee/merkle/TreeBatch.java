package io.hyperbee.merkle;

import io.hyperbee.crypto.NodeHasher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Grows a tree from a base state (hypercore {@code MerkleTreeBatch}): each appended root is
 * merged with the previous root while the two are siblings. Collects every created node so the
 * caller can store them with the new head in one atomic commit. Belongs to one thread; a large
 * {@link #appendAll} has the {@link HashWorkers} help hash its blocks (see {@link BatchHashes}).
 */
public final class TreeBatch {
  private static final Comparator<Node> BY_INDEX = Comparator.comparingLong(Node::index);

  private final TreeState base;
  private final List<Node> roots;
  private final List<Node> nodes = new ArrayList<>();
  private final NodeHasher hasher = NodeHasher.local();
  private final Executor helpers; // null: hash on this thread only
  private final int helperCount;
  private BatchHashes made; // during appendAll: hashes made before it, else null
  private long length;
  private long byteLength;

  public TreeBatch(TreeState base) {
    this(base, null, 0);
  }

  /** A batch whose large appends the workers of {@code workers} help hash. */
  public TreeBatch(TreeState base, HashWorkers.Lease workers) {
    this(base, workers.executor(), workers.threads());
  }

  TreeBatch(TreeState base, Executor helpers, int helperCount) {
    this.base = base;
    this.helpers = helpers;
    this.helperCount = helperCount;
    this.roots = new ArrayList<>(base.roots());
    this.length = base.length();
    this.byteLength = base.byteLength();
  }

  public TreeState base() {
    return base;
  }

  /** Appends one block; returns its leaf node. */
  public Node append(byte[] block) {
    long head = 2 * length;
    byte[] hash = made == null ? null : made.at(head);
    Node leaf = new Node(head, block.length, hash != null ? hash : hasher.leaf(block));
    appendRoot(leaf, FlatTree.iterator(head));
    return leaf;
  }

  /**
   * What appending one block to a state makes: the grown state (unsigned) and the new nodes (its
   * leaf and the parents it completes) sorted by index, as storage wants them.
   */
  public record OneBlock(TreeState state, List<Node> nodesByIndex) {}

  /**
   * Appends {@code block} to {@code base} as {@code new TreeBatch(base).append(block)} would,
   * without a batch: an unbatched write appends one block at a time, and this is its cost below
   * the B-tree (no copies of the roots or node lists to grow, no sort). The parents come out with
   * falling indexes (a right child at depth d has its parent at {@code index - 2^d}), so the nodes
   * sorted by index are the creation order reversed.
   */
  public static OneBlock appendOne(TreeState base, long fork, byte[] block) {
    NodeHasher hasher = NodeHasher.local();
    List<Node> roots = base.roots();
    Node[] created = new Node[roots.size() + 1];
    Node node = new Node(2 * base.length(), block.length, hasher.leaf(block));
    created[0] = node;
    int made = 1;
    int kept = roots.size();
    while (kept > 0 && roots.get(kept - 1).index() == FlatTree.sibling(node.index())) {
      Node left = roots.get(--kept);
      long size = left.size() + node.size();
      node = new Node(FlatTree.parent(node.index()), size, hasher.parent(size, left.hash(), node.hash()));
      created[made++] = node;
    }
    Node[] grown = new Node[kept + 1];
    for (int k = 0; k < kept; k++) {
      grown[k] = roots.get(k);
    }
    grown[kept] = node;
    Node[] sorted = new Node[made];
    for (int k = 0; k < made; k++) {
      sorted[k] = created[made - 1 - k];
    }
    // List.of: TreeState keeps an immutable list as it is, where it would copy any other
    return new OneBlock(new TreeState(fork, List.of(grown), null), Arrays.asList(sorted));
  }

  /**
   * Appends {@code blocks} in order, as many {@link #append} calls would, hashing them on several
   * threads when there are many. A failure of that hashing leaves the batch as it was.
   */
  public void appendAll(List<byte[]> blocks) {
    made = BatchHashes.of(length, blocks, helpers, helperCount);
    try {
      for (byte[] block : blocks) {
        append(block);
      }
    } finally {
      made = null;
    }
  }

  /**
   * Adds {@code node} as the newest root; {@code ite} must sit on it and is left on the newest
   * root after merging.
   */
  void appendRoot(Node node, FlatTree.Iterator ite) {
    length += ite.factor() / 2;
    byteLength += node.size();
    roots.add(node);
    nodes.add(node);
    while (roots.size() > 1) {
      Node a = roots.get(roots.size() - 1);
      Node b = roots.get(roots.size() - 2);
      if (ite.sibling() != b.index()) {
        ite.sibling(); // back onto the newest root
        break;
      }
      Node parent = parent(ite.parent(), b, a);
      nodes.add(parent);
      roots.remove(roots.size() - 1);
      roots.set(roots.size() - 1, parent);
    }
  }

  Node parent(long index, Node left, Node right) {
    long size = left.size() + right.size();
    byte[] hash = made == null ? null : made.at(index);
    return new Node(index, size, hash != null ? hash : hasher.parent(size, left.hash(), right.hash()));
  }

  public long length() {
    return length;
  }

  public long byteLength() {
    return byteLength;
  }

  List<Node> roots() {
    return roots;
  }

  Node lastRoot() {
    return roots.get(roots.size() - 1);
  }

  /** Every node created so far (leaves, parents, received roots), in creation order. */
  public List<Node> nodes() {
    return nodes;
  }

  /**
   * Every node created so far sorted by index, as storage wants them, without a comparison sort:
   * an append's new nodes fill most of the flat indexes from {@code 2 * base.length()} on (placed
   * by index), and the few below are ancestors completed by the batch. Falls back to sorting when
   * the nodes are not of that shape (received roots, a node created twice).
   */
  public List<Node> nodesByIndex() {
    long from = 2 * base.length();
    long slots = 2 * length - from;
    if (slots < 0 || slots > Integer.MAX_VALUE - 8) {
      return sortedCopy();
    }
    Node[] placed = new Node[(int) slots];
    List<Node> below = new ArrayList<>();
    for (Node n : nodes) {
      long at = n.index() - from;
      if (at < 0) {
        below.add(n);
      } else if (at >= slots || placed[(int) at] != null) {
        return sortedCopy();
      } else {
        placed[(int) at] = n;
      }
    }
    below.sort(BY_INDEX);
    List<Node> sorted = new ArrayList<>(nodes.size());
    sorted.addAll(below);
    for (Node n : placed) {
      if (n != null) {
        sorted.add(n);
      }
    }
    return sorted;
  }

  private List<Node> sortedCopy() {
    List<Node> sorted = new ArrayList<>(nodes);
    sorted.sort(BY_INDEX);
    return sorted;
  }

  /** The grown state at {@code fork}, signed with {@code signature} (may be null). */
  public TreeState toState(long fork, byte[] signature) {
    return new TreeState(fork, roots, signature);
  }
}
