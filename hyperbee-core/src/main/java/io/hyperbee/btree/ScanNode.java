package io.hyperbee.btree;

/**
 * A node a range scan decoded straight from a block it read ahead ({@link RawNodeBlock#level}):
 * key seqs and (seq, offset) child pairs only. Scans visit each node once, so it is not cached
 * and resolves no key bytes of its own (scans read their entries' blocks anyway).
 */
final class ScanNode implements IndexNode {
  private final long[] keys;
  private final long[] children;

  ScanNode(long[] keys, long[] children) {
    this.keys = keys;
    this.children = children;
  }

  @Override
  public int keyCount() {
    return keys.length;
  }

  @Override
  public long keySeq(int i) {
    return keys[i];
  }

  @Override
  public byte[] key(int i, BlockReader reader) {
    return reader.block(keys[i]).key();
  }

  @Override
  public int childCount() {
    return children.length >> 1;
  }

  @Override
  public long childSeq(int i) {
    return children[i << 1];
  }

  @Override
  public int childOffset(int i) {
    return (int) children[(i << 1) + 1];
  }

  @Override
  public IndexNode child(int i, BlockReader reader) {
    return reader.node(children[i << 1], (int) children[(i << 1) + 1]);
  }
}
