package io.hyperbee.btree;

/** Where a read resolves key seqs and child pointers: a pinned stored version or a write. */
interface BlockReader {
  /** The block {@code seq} (a stored block or, inside a batch, a pending one). */
  BlockRecord block(long seq);

  /**
   * The raw bytes of blocks {@code lo .. lo + count - 1} (all within 1 .. coreLength() - 1) as
   * stored locally, read at once and checked as every read is, with a null slot for a block not
   * stored; or null when this reader offers no such read or it failed (the caller then reads
   * block by block, and that read reports the error). Never fetches and caches nothing: range
   * scans read ahead through this into a buffer of their own.
   */
  default byte[][] storedRun(long lo, int count) {
    return null;
  }

  /**
   * The raw bytes of blocks {@code seqs} (in any order, each within 1 .. coreLength() - 1) as
   * {@link #storedRun} reads them, for blocks that lie apart: their reads overlap. Null when this
   * reader offers no such read or it failed.
   */
  default byte[][] storedBlocks(long[] seqs) {
    return null;
  }

  /**
   * The raw bytes of stored block {@code seq}, read (or fetched) as {@link #block} reads it but
   * without the caches, for scans that read each block once; null when this reader has no such
   * read (the caller then uses {@link #block}).
   */
  default byte[] uncachedBlock(long seq) {
    return null;
  }

  /** Block {@code seq} if it is cached decoded (no read), else null. */
  default BlockRecord cachedBlock(long seq) {
    return null;
  }

  /** Node {@code offset} of block {@code seq} if it is cached (no read), else null. */
  default IndexNode cachedNode(long seq, int offset) {
    return null;
  }

  /**
   * Asks ahead for the blocks of {@code node}'s keys not resolved yet and of its children, as
   * every node the bee decodes does (see {@code BeeContext.preload}): for a node a scan decoded
   * from its own read-ahead. Readers of pending writes ask nothing (the default).
   */
  default void preload(LazyNode node) {}

  /** Node number {@code offset} of block {@code seq}. */
  IndexNode node(long seq, int offset);

  /** Child {@code i} of a cached stored node (a reader of stored versions may use its slot hints). */
  default IndexNode child(CachedNode parent, int i) {
    return node(parent.childSeq(i), parent.childOffset(i));
  }

  /** The root of the tree this reader reads, or null for an empty tree. */
  IndexNode root();

  /** The bee's custom key order, or null for unsigned bytes (see {@link KeyOrder}). */
  java.util.Comparator<byte[]> keyOrder();

  /** The committed length of the core as this reader sees it. */
  long coreLength();
}
