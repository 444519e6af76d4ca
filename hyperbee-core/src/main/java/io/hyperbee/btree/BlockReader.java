package io.hyperbee.btree;

/** Where a read resolves key seqs and child pointers: a pinned stored version or a write. */
interface BlockReader {
  /** The block {@code seq} (a stored block or, inside a batch, a pending one). */
  BlockRecord block(long seq);

  /** Node number {@code offset} of block {@code seq}. */
  IndexNode node(long seq, int offset);

  /** The root of the tree this reader reads, or null for an empty tree. */
  IndexNode root();

  /** The committed length of the core as this reader sees it. */
  long coreLength();
}
