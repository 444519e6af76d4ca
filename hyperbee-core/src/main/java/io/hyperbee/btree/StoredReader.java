package io.hyperbee.btree;

/**
 * A lock-free read of the committed tree at one pinned version: blocks at or above
 * {@code limit} are refused, so appends made while the read runs are invisible to it.
 */
final class StoredReader implements BlockReader {
  private final BeeContext bee;
  private final long version;
  private final long limit;

  /**
   * @param version the version whose root {@link #root()} returns
   * @param limit blocks below this seq may be read (at least {@code version})
   */
  StoredReader(BeeContext bee, long version, long limit) {
    this.bee = bee;
    this.version = version;
    this.limit = Math.max(limit, version);
  }

  /** The version read: its root is block {@code version - 1}. */
  long version() {
    return version;
  }

  @Override
  public DecodedBlock block(long seq) {
    return bee.load(seq, limit);
  }

  @Override
  public byte[][] storedRun(long lo, int count) {
    return lo >= 1 && count > 0 && count <= limit - lo ? bee.readStored(lo, count) : null;
  }

  @Override
  public byte[][] storedBlocks(long[] seqs) {
    for (long seq : seqs) {
      if (seq < 1 || seq >= limit) {
        return null;
      }
    }
    return bee.readStored(seqs);
  }

  @Override
  public byte[] uncachedBlock(long seq) {
    return bee.uncached(seq, limit);
  }

  @Override
  public BlockRecord cachedBlock(long seq) {
    return bee.cache.get(seq);
  }

  @Override
  public IndexNode cachedNode(long seq, int offset) {
    return bee.cachedNode(seq, offset);
  }

  @Override
  public void preload(LazyNode node) {
    if (!bee.core.writable()) {
      bee.preload(node.level, node.knownKeys());
    }
  }

  @Override
  public IndexNode node(long seq, int offset) {
    return bee.node(seq, offset, limit);
  }

  @Override
  public IndexNode child(CachedNode parent, int i) {
    return bee.child(parent, i, limit);
  }

  @Override
  public IndexNode root() {
    return version < 2 ? null : bee.node(version - 1, 0, limit);
  }

  @Override
  public java.util.Comparator<byte[]> keyOrder() {
    return bee.order;
  }

  @Override
  public long coreLength() {
    return limit;
  }
}
