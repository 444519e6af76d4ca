package io.hyperbee.btree;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A stored node ready for reads: its {@link Level} with the bytes of every key resolved, all in
 * one {@code byte[]} that the bee's {@link NodeCache} holds; this class is a thin view of it.
 *
 * <p>Why one array: a lookup on a large tree visits ~8 nodes and on a warm cache its cost is
 * memory latency, one cache miss per object it touches. With everything a search needs in one
 * array a level costs two misses (the cache slot, the array) instead of one per key, key table
 * and child table. A child's entry also remembers the node-cache slot where the child was last
 * found, so that descending costs no probe of the cache's tags (the slot is checked, never
 * trusted; writing it is a benign race on an otherwise immutable array). Layout, little-endian:
 *
 * <pre>
 *   0  u64 seq, 8 u32 offset (the node's address), 12 u32 key count k, 16 u32 child count c
 *  20  k x u32 end of key i's bytes (from the array's start)
 *      k x u64 key seqs
 *      c x (u64 child seq, u32 child offset, u32 slot hint)
 *      key bytes, back to back
 * </pre>
 */
final class CachedNode implements IndexNode {
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final int HEADER = 20;
  private static final int CHILD = 16;

  private final byte[] data;
  private final int keyCount;
  private final int childCount;

  CachedNode(byte[] data) {
    this.data = data;
    this.keyCount = (int) INT.get(data, 12);
    this.childCount = (int) INT.get(data, 16);
  }

  /** The array of the node of {@code level} whose key {@code i} has the bytes {@code keyBytes[i]}. */
  static byte[] encode(Level level, byte[][] keyBytes) {
    long[] children = level.childPairs();
    return encode(level.seq, level.offset, level.keySeqs(), keyBytes, level.keySeqs().length,
        children, children.length >> 1);
  }

  /**
   * The array of node {@code offset} of block {@code seq} with the first {@code k} key seqs and
   * key bytes and the first {@code c} (seq, offset) child pairs of the arrays given.
   */
  static byte[] encode(long seq, int offset, long[] seqs, byte[][] keyBytes, int k, long[] children, int c) {
    int at = HEADER + 12 * k + CHILD * c;
    int size = at;
    for (int i = 0; i < k; i++) {
      size += keyBytes[i].length;
    }
    byte[] data = new byte[size];
    LONG.set(data, 0, seq);
    INT.set(data, 8, offset);
    INT.set(data, 12, k);
    INT.set(data, 16, c);
    for (int i = 0; i < k; i++) {
      System.arraycopy(keyBytes[i], 0, data, at, keyBytes[i].length);
      at += keyBytes[i].length;
      INT.set(data, HEADER + 4 * i, at);
      LONG.set(data, HEADER + 4 * k + 8 * i, seqs[i]);
    }
    for (int i = 0; i < c; i++) {
      LONG.set(data, HEADER + 12 * k + CHILD * i, children[2 * i]);
      INT.set(data, HEADER + 12 * k + CHILD * i + 8, (int) children[2 * i + 1]);
    }
    return data;
  }

  /** Whether {@code data} is the node at (seq, offset). */
  static boolean isAt(byte[] data, long seq, int offset) {
    return (long) LONG.get(data, 0) == seq && (int) INT.get(data, 8) == offset;
  }

  static long seqOf(byte[] data) {
    return (long) LONG.get(data, 0);
  }

  static int offsetOf(byte[] data) {
    return (int) INT.get(data, 8);
  }

  static boolean isLeaf(byte[] data) {
    return (int) INT.get(data, 16) == 0;
  }

  private int start(int i) {
    return i == 0 ? HEADER + 12 * keyCount + CHILD * childCount : end(i - 1);
  }

  private int end(int i) {
    return (int) INT.get(data, HEADER + 4 * i);
  }

  @Override
  public int search(byte[] key, java.util.Comparator<byte[]> order, BlockReader reader) {
    if (order != null) {
      return IndexNode.search(this, key, order, reader);
    }
    int s = 0;
    int e = keyCount;
    while (s < e) {
      int mid = (s + e) >>> 1;
      int c = Arrays.compareUnsigned(key, 0, key.length, data, start(mid), end(mid));
      if (c == 0) {
        return mid;
      }
      if (c < 0) {
        e = mid;
      } else {
        s = mid + 1;
      }
    }
    return -s - 1;
  }

  @Override
  public int keyCount() {
    return keyCount;
  }

  @Override
  public long keySeq(int i) {
    return (long) LONG.get(data, HEADER + 4 * keyCount + 8 * i);
  }

  /** A copy of key {@code i}'s bytes. */
  @Override
  public byte[] key(int i, BlockReader reader) {
    return Arrays.copyOfRange(data, start(i), end(i));
  }

  @Override
  public int childCount() {
    return childCount;
  }

  @Override
  public long childSeq(int i) {
    return (long) LONG.get(data, HEADER + 12 * keyCount + CHILD * i);
  }

  @Override
  public int childOffset(int i) {
    return (int) INT.get(data, HEADER + 12 * keyCount + CHILD * i + 8);
  }

  /** The node-cache slot of child {@code i} + 1 as last seen, or 0. */
  int slotHint(int i) {
    return (int) INT.get(data, HEADER + 12 * keyCount + CHILD * i + 12);
  }

  void slotHint(int i, int slotPlusOne) {
    INT.set(data, HEADER + 12 * keyCount + CHILD * i + 12, slotPlusOne);
  }

  @Override
  public IndexNode child(int i, BlockReader reader) {
    return reader.child(this, i);
  }
}
