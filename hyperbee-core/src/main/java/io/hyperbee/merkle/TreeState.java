package io.hyperbee.merkle;

import io.hyperbee.crypto.NodeHasher;
import java.util.List;

/**
 * One immutable state of a Merkle tree: fork id, roots (ascending index), the length and byte
 * length they imply, their tree hash, and the signature over {@code (treeHash, length, fork)}
 * (null while unsigned or empty). Safe to share between threads; a reader pins one and never
 * sees it change. Arrays returned are shared: callers must not modify them.
 *
 * <p>The tree hash is computed on first use: a writer that defers signing appends many states
 * nobody hashes (with n blocks there are up to log2(n) roots, so a tree hash costs more BLAKE2b
 * blocks than the leaf it follows).
 */
public final class TreeState {
  private static final TreeState EMPTY = new TreeState(0, List.of(), null);

  private final long fork;
  private final List<Node> roots;
  private final long length;
  private final long byteLength;
  private volatile byte[] treeHash; // computed on first use, then fixed
  private final byte[] signature;

  public TreeState(long fork, List<Node> roots, byte[] signature) {
    if (fork < 0) {
      throw new IllegalArgumentException("fork must not be negative: " + fork);
    }
    this.fork = fork;
    this.roots = List.copyOf(roots);
    this.length = lengthOf(this.roots);
    this.byteLength = byteLengthOf(this.roots);
    this.signature = signature;
  }

  private TreeState(TreeState s, byte[] signature) {
    this.fork = s.fork;
    this.roots = s.roots;
    this.length = s.length;
    this.byteLength = s.byteLength;
    this.treeHash = s.treeHash;
    this.signature = signature;
  }

  /** Length 0, fork 0, unsigned. */
  public static TreeState empty() {
    return EMPTY;
  }

  public long fork() {
    return fork;
  }

  public long length() {
    return length;
  }

  public long byteLength() {
    return byteLength;
  }

  public List<Node> roots() {
    return roots;
  }

  /** The tree hash of the roots (shared array). */
  public byte[] treeHash() {
    byte[] h = treeHash;
    if (h == null) {
      h = treeHash(roots); // two threads may both compute it: same bytes, either array will do
      treeHash = h;
    }
    return h;
  }

  /** The signature container, or null (shared array). */
  public byte[] signature() {
    return signature;
  }

  public TreeState withSignature(byte[] signature) {
    return new TreeState(this, signature);
  }

  /** H(0x02 || for each root: hash || u64le index || u64le size). */
  public static byte[] treeHash(List<Node> roots) {
    NodeHasher h = NodeHasher.local().startTree();
    for (Node r : roots) {
      h.addRoot(r.hash(), r.index(), r.size());
    }
    return h.finishTree();
  }

  /** Blocks covered by full roots: rightSpan(last root) / 2 + 1. */
  static long lengthOf(List<Node> roots) {
    return roots.isEmpty() ? 0 : FlatTree.rightSpan(roots.get(roots.size() - 1).index()) / 2 + 1;
  }

  static long byteLengthOf(List<Node> roots) {
    long s = 0;
    for (int k = 0; k < roots.size(); k++) { // indexed: no iterator on every append
      s += roots.get(k).size();
    }
    return s;
  }

  @Override
  public String toString() {
    return "TreeState{fork=" + fork + ", length=" + length + ", byteLength=" + byteLength + "}";
  }
}
