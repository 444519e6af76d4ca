package io.hyperbee.btree;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One stored B-tree node (a YoloIndex level) of a {@link DecodedBlock}: key seqs and
 * (seq, offset) child pairs. Immutable, except that the bytes of its keys are remembered once
 * resolved, so a cached node compares keys without touching other blocks (benign race: every
 * thread resolves the same bytes; release/acquire publishes them).
 */
final class Level implements IndexNode {
  static final long[] NO_SEQS = new long[0];
  private static final VarHandle KEYS =
      MethodHandles.arrayElementVarHandle(byte[][].class);

  private final DecodedBlock owner;
  private final long[] keys;
  private final long[] children;
  private final byte[][] keyBytes;

  Level(DecodedBlock owner, long[] keys, long[] children) {
    this.owner = owner;
    this.keys = keys;
    this.children = children;
    this.keyBytes = new byte[keys.length][];
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
    byte[] k = (byte[]) KEYS.getAcquire(keyBytes, i);
    if (k == null) {
      long seq = keys[i];
      k = seq == owner.seq ? owner.key() : reader.block(seq).key();
      KEYS.setRelease(keyBytes, i, k);
    }
    return k;
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
