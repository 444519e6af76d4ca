package io.hyperbee.btree;

/** Where a read resolves key seqs and child pointers: a pinned stored version or a write. */
interface BlockReader {
  /** The block {@code seq} (a stored block or, inside a batch, a pending one). */
  BlockRecord block(long seq);

  /**
   * The block {@code seq}, and when it must be read from the log, also up to {@code run - 1}
   * neighbours after it (before it when {@code reverse}) in the same read, for a scan that
   * streams through consecutive seqs.
   */
  default BlockRecord block(long seq, int run, boolean reverse) {
    return block(seq);
  }

  /** Node number {@code offset} of block {@code seq}. */
  IndexNode node(long seq, int offset);

  /** Child {@code i} of a cached stored node (a reader of stored versions may use its slot hints). */
  default IndexNode child(CachedNode parent, int i) {
    return node(parent.childSeq(i), parent.childOffset(i));
  }

  /** The root of the tree this reader reads, or null for an empty tree. */
  IndexNode root();

  /** The committed length of the core as this reader sees it. */
  long coreLength();
}
