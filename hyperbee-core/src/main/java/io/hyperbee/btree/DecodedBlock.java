package io.hyperbee.btree;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;

/**
 * A stored node block decoded once and then shared read-only by every reader (it lives in the


 */
final class DecodedBlock implements BlockRecord {
  final long seq;
  private final byte[] key;
  private final byte[] value;
  private final byte[] index;
  /** Level bounds in {@code index} (see {@link Messages#levelBounds}), found on first use. */
  private volatile int[] bounds;

  DecodedBlock(long seq, byte[] key, byte[] value, byte[] index) {
    this.seq = seq;
    this.key = key;
    this.value = value;
    this.index = index;
  }

  @Override
  public long seq() {
    return seq;
  }

  @Override
  public byte[] key() {
    return key;
  }

  @Override
  public byte[] value() {
    return value;
  }

  /** Number of levels (nodes) stored in this block. */
  int levelCount() {
    return bounds().length >> 1;
  }

  /** Every level, freshly decoded. */
  Level[] levels() {
    Level[] l = new Level[levelCount()];
    for (int i = 0; i < l.length; i++) {
      l[i] = level(i);
    }
    return l;
  }

  private int[] bounds() {
    int[] b = bounds;
    if (b == null) {
      b = Messages.levelBounds(index);
      bounds = b;
    }
    return b;
  }

  /**
   * Level {@code offset}, decoded now: readers keep decoded levels in the bee's node cache, not
   * here, so a cached block costs only its bytes.
   */
  Level level(int offset) {
    int[] b = bounds();
    if (offset < 0 || offset >= b.length >> 1) {
      throw new HyperbeeException(
          ErrorCode.DECODING_ERROR,
          "block " + seq + " has no node " + offset + " (it has " + (b.length >> 1) + ")");
    }
    return Messages.decodeLevel(seq, offset, index, b[2 * offset], b[2 * offset + 1]);
  }

  @Override
  public boolean isDeletion() {
    if (value != null) {
      return false;
    }
    for (Level l : levels()) { // rare (history, diff): decoded afresh
      if (l.hasKeySeq(seq)) {
        return false;
      }
    }
    return true;
  }
}
