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
  /** Levels decoded so far (null slots not yet needed); racy but benign, levels are immutable. */
  private volatile Level[] levels;

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
    return levelArray().length;
  }

  /** Every level, decoded now if needed. */
  Level[] levels() {
    Level[] l = levelArray();
    for (int i = 0; i < l.length; i++) {
      level(i);
    }
    return l.clone();
  }

  private Level[] levelArray() {
    Level[] l = levels;
    if (l == null) {
      int[] b = Messages.levelBounds(index);
      bounds = b;
      l = new Level[b.length >> 1];
      levels = l;
    }
    return l;
  }

  Level level(int offset) {
    Level[] l = levelArray();
    if (offset < 0 || offset >= l.length) {
      throw new HyperbeeException(
          ErrorCode.DECODING_ERROR,
          "block " + seq + " has no node " + offset + " (it has " + l.length + ")");
    }
    Level level = l[offset];
    if (level == null) {
      int[] b = bounds;
      level = Messages.decodeLevel(this, offset, index, b[2 * offset], b[2 * offset + 1]);
      l[offset] = level;
    }
    return level;
  }

  @Override
  public boolean isDeletion() {
    if (value != null) {
      return false;
    }
    for (Level l : levels()) {
      if (l.hasKeySeq(seq)) {
        return false;
      }
    }
    return true;
  }
}
