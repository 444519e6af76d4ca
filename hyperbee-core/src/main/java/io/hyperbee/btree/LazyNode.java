package io.hyperbee.btree;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A stored node some of whose keys are not resolved yet: their blocks were neither cached nor
 * readable in one run from local storage (keys scattered over the log, a sparse replica that
 * would have to fetch them, a damaged neighbour). Keys are resolved when a search compares them,
 * as JS does, so a read fetches no block it does not compare; once every key is known the bee
 * caches the node as a {@link CachedNode} instead. Range scans also use it, uncached, for the
 * nodes they decode from their own read-ahead window. Benign race: every thread resolves the same
 * bytes; release/acquire publishes them.
 */
final class LazyNode implements IndexNode {
  private static final VarHandle KEYS = MethodHandles.arrayElementVarHandle(byte[][].class);

  final Level level;
  private final long[] keys;
  private final long[] children;
  private final byte[][] keyBytes;

  /** {@code keyBytes[i]} null for a key still to resolve; the array becomes this node's. */
  LazyNode(Level level, byte[][] keyBytes) {
    this.level = level;
    this.keys = level.keySeqs();
    this.children = level.childPairs();
    this.keyBytes = keyBytes;
  }

  /** The resolved keys, or null while one is missing. */
  byte[][] resolvedKeys() {
    byte[][] out = new byte[keyBytes.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte[]) KEYS.getAcquire(keyBytes, i);
      if (out[i] == null) {
        return null;
      }
    }
    return out;
  }

  /** The keys resolved so far, null for each still to resolve (a copy; reads nothing). */
  byte[][] knownKeys() {
    byte[][] out = new byte[keyBytes.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte[]) KEYS.getAcquire(keyBytes, i);
    }
    return out;
  }

  /** Key {@code i}'s bytes if already resolved, else null (reads nothing). */
  byte[] knownKey(int i) {
    return (byte[]) KEYS.getAcquire(keyBytes, i);
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
      k = reader.block(keys[i]).key();
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
    return reader.node(children[i << 1], (int) children[(i << 1) + 1]);
  }
}
