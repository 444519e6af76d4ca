package io.hyperbee.btree;

/**
 * One stored B-tree node (a YoloIndex level) of a {@link DecodedBlock}: key seqs and
 * (seq, offset) child pairs. Immutable.
 */
final class Level implements IndexNode {
  static final long[] NO_SEQS = new long[0];

  private final DecodedBlock owner;
  private final int offset;
  private final long[] keys;
  private final long[] children;

  Level(DecodedBlock owner, int offset, long[] keys, long[] children) {
    this.owner = owner;
    this.offset = offset;
    this.keys = keys;
    this.children = children;
  }

  DecodedBlock owner() {
    return owner;
  }

  int offset() {
    return offset;
  }

  long[] keySeqs() {
    return keys;
  }

  long[] childPairs() {
    return children;
  }

  boolean hasKeySeq(long seq) {
    for (long k : keys) {
      if (k == seq) {
        return true;
      }
    }
    return false;
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
    long seq = keys[i];
    return seq == owner.seq ? owner.key() : reader.block(seq).key();
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
    long seq = children[i << 1];
    int off = (int) children[(i << 1) + 1];
    return seq == owner.seq ? owner.level(off) : reader.node(seq, off);
  }

  @Override
  public BlockRecord committedBlock() {
    return owner;
  }
}
