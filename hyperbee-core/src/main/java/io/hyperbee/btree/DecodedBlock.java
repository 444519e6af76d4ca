package io.hyperbee.btree;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;

/**
 * A stored node block decoded once and then shared read-only by every reader (it lives in the
 * bee's {@link BlockCache}). The index is inflated into {@link Level}s on first use; the race to do
 * so is benign because levels are immutable.
 */
final class DecodedBlock implements BlockRecord {
  final long seq;
  private final byte[] key;
  private final byte[] value;
  private final byte[] index;
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

  Level[] levels() {
    Level[] l = levels;
    if (l == null) {
      l = Messages.decodeIndex(this, index);
      levels = l;
    }
    return l;
  }

  Level level(int offset) {
    Level[] l = levels();
    if (offset < 0 || offset >= l.length) {
      throw new HyperbeeException(
          ErrorCode.DECODING_ERROR,
          "block " + seq + " has no node " + offset + " (it has " + l.length + ")");
    }
    return l[offset];
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
