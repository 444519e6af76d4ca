package io.hyperbee.crypto;

/**
 * Merkle node hashes with type prefixes against second preimages (hypercore-crypto
 * {@code data}, {@code parent}, {@code tree}):
 *
 * <pre>
 * leaf   H(0x00 || u64le(byteLength) || data)
 * parent H(0x01 || u64le(left.size + right.size) || left.hash || right.hash)   left = lower index
 * tree   H(0x02 || for each root, ascending index: hash || u64le(index) || u64le(size))
 * </pre>
 *
 * Reuses one digest; not thread-safe. {@link #local()} hands out one instance per thread.
 */
public final class NodeHasher {
  private static final ThreadLocal<NodeHasher> LOCAL = ThreadLocal.withInitial(NodeHasher::new);

  private static final int LEAF_TYPE = 0;
  private static final int PARENT_TYPE = 1;
  private static final int ROOT_TYPE = 2;

  private final Blake2b h = new Blake2b();
  private boolean inTree;

  /** This thread's hasher. */
  public static NodeHasher local() {
    return LOCAL.get();
  }

  public byte[] leaf(byte[] data) {
    return leaf(data, 0, data.length);
  }

  public byte[] leaf(byte[] data, int offset, int length) {
    checkIdle();
    // The header goes straight into the digest's block buffer: no staging copy.
    return h.update(LEAF_TYPE).updateUint64(length).update(data, offset, length).digest();
  }

  /** Parent of two siblings; {@code leftHash} belongs to the child with the lower index. */
  public byte[] parent(long size, byte[] leftHash, byte[] rightHash) {
    checkIdle();
    return h.update(PARENT_TYPE).updateUint64(size).update(leftHash).update(rightHash).digest();
  }

  /** Starts a tree hash; feed roots in ascending index order, then {@link #finishTree()}. */
  public NodeHasher startTree() {
    checkIdle();
    inTree = true;
    h.update(ROOT_TYPE);
    return this;
  }

  public NodeHasher addRoot(byte[] hash, long index, long size) {
    if (!inTree) {
      throw new IllegalStateException("startTree() first");
    }
    h.update(hash).updateUint64(index).updateUint64(size);
    return this;
  }

  public byte[] finishTree() {
    if (!inTree) {
      throw new IllegalStateException("startTree() first");
    }
    inTree = false;
    return h.digest();
  }

  private void checkIdle() {
    if (inTree) {
      throw new IllegalStateException("a tree hash is in progress");
    }
  }
}
