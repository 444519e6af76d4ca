package io.hyperbee.btree;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One stored B-tree node (level {@code offset} of block {@code seq}'s YoloIndex): key seqs and
 * (seq, offset) child pairs. Immutable, except that the bytes of its keys are remembered once
 * resolved, so a cached node compares keys without touching other blocks (benign race: every
 * thread resolves the same bytes; release/acquire publishes them). It does not hold its block:
 * nodes live in the bee's {@link NodeCache}, apart from the blocks they were read from.
 */
final class Level implements IndexNode {
  static final long[] NO_SEQS = new long[0];
  private static final VarHandle KEYS =
      MethodHandles.arrayElementVarHandle(byte[][].class);

  final long seq;
  final int offset;
  /** The key of block {@code seq} itself (a node often holds its own block's key). */
  private final byte[] ownKey;
  private final long[] keys;
  private final long[] children;
  private final byte[][] keyBytes;

  Level(long seq, int offset, byte[] ownKey, long[] keys, long[] children) {
    this(seq, offset, ownKey, keys, children, new byte[keys.length][]);
  }

  /**
   * A node with key bytes already known ({@code keyBytes[i]} null when not): a writer's node,
   * published through the node cache (whose release store orders these plain writes).
   */
  Level(long seq, int offset, byte[] ownKey, long[] keys, long[] children, byte[][] keyBytes) {
    this.seq = seq;
    this.offset = offset;
    this.ownKey = ownKey;
    this.keys = keys;
    this.children = children;
    this.keyBytes = keyBytes;
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
      long ks = keys[i];
      k = ks == seq ? ownKey : reader.block(ks).key();
      KEYS.setRelease(keyBytes, i, k);
    }
    return k;
  }

  /** Remembers {@code bytes} as key {@code i}'s (read ahead by the cache that holds this node). */
  void resolveKey(int i, byte[] bytes) {
    KEYS.setRelease(keyBytes, i, bytes);
  }

  /** Key {@code i}'s bytes if known without reading a block (its own key, or resolved), else null. */
  byte[] knownKey(int i) {
    return keys[i] == seq ? ownKey : (byte[]) KEYS.getAcquire(keyBytes, i);
  }

  /** Whether key {@code i}'s bytes still have to be read from its block. */
  boolean keyUnresolved(int i) {
    return keys[i] != seq && KEYS.getAcquire(keyBytes, i) == null;
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
