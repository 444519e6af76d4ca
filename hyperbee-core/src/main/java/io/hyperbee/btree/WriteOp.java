package io.hyperbee.btree;

/** The caller's view of one put/del, for its optional {@link Cas} check. */
final class WriteOp {
  private final Cas cas;
  private final byte[] userKey;
  private final byte[] userValue;
  private final int prefixLength;
  long seq;

  WriteOp(Cas cas, byte[] userKey, byte[] userValue, int prefixLength) {
    this.cas = cas;
    this.userKey = userKey;
    this.userValue = userValue;
    this.prefixLength = prefixLength;
  }

  /** True when a cas is set and rejects replacing {@code prev}. */
  boolean refuses(BlockRecord prev) {
    if (cas == null) {
      return false;
    }
    Entry before = Hyperbee.entryOf(prev, prefixLength);
    Entry next = new Entry(seq, userKey, userValue);
    return !cas.test(before, next);
  }
}
