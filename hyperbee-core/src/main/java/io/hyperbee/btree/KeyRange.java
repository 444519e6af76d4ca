package io.hyperbee.btree;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The bounds and direction of a range read, as JS's {@code {gt, gte, lt, lte, reverse, limit}}.
 * Immutable: each wither returns a new range. When both an exclusive and an inclusive bound are
 * set on one side, the exclusive one wins, as in JS. Bounds are encoded key bytes, compared in the
 * bee's key order (unsigned bytes unless {@link BeeOptions#keyOrder} says otherwise); arrays are
 * not copied, so callers must not modify them.
 */
public final class KeyRange {
  private static final KeyRange ALL = new KeyRange(null, false, null, false, false, -1);

  private final byte[] lower;
  private final boolean lowerInclusive;
  private final byte[] upper;
  private final boolean upperInclusive;
  private final boolean reverse;
  private final long limit;

  private KeyRange(
      byte[] lower,
      boolean lowerInclusive,
      byte[] upper,
      boolean upperInclusive,
      boolean reverse,
      long limit) {
    this.lower = lower;
    this.lowerInclusive = lowerInclusive;
    this.upper = upper;
    this.upperInclusive = upperInclusive;
    this.reverse = reverse;
    this.limit = limit;
  }

  /** Every key, ascending, no limit. */
  public static KeyRange all() {
    return ALL;
  }

  /** Keys strictly greater than {@code key}; replaces any lower bound. */
  public KeyRange gt(byte[] key) {
    return new KeyRange(key, false, upper, upperInclusive, reverse, limit);
  }

  /** Keys greater than or equal to {@code key}; ignored if an exclusive lower bound is set. */
  public KeyRange gte(byte[] key) {
    if (lower != null && !lowerInclusive) {
      return this;
    }
    return new KeyRange(key, key != null, upper, upperInclusive, reverse, limit);
  }

  /** Keys strictly less than {@code key}; replaces any upper bound. */
  public KeyRange lt(byte[] key) {
    return new KeyRange(lower, lowerInclusive, key, false, reverse, limit);
  }

  /** Keys less than or equal to {@code key}; ignored if an exclusive upper bound is set. */
  public KeyRange lte(byte[] key) {
    if (upper != null && !upperInclusive) {
      return this;
    }
    return new KeyRange(lower, lowerInclusive, key, key != null, reverse, limit);
  }

  /** Descending order when {@code reverse} is true. */
  public KeyRange reverse(boolean reverse) {
    return new KeyRange(lower, lowerInclusive, upper, upperInclusive, reverse, limit);
  }

  /** At most {@code limit} entries; -1 means no limit. */
  public KeyRange limit(long limit) {
    checkArgument(limit >= -1, "limit must be -1 (no limit) or >= 0: %s", limit);
    return new KeyRange(lower, lowerInclusive, upper, upperInclusive, reverse, limit);
  }

  /** Lower bound, or null for none. */
  public byte[] lower() {
    return lower;
  }

  public boolean lowerInclusive() {
    return lowerInclusive;
  }

  /** Upper bound, or null for none. */
  public byte[] upper() {
    return upper;
  }

  public boolean upperInclusive() {
    return upperInclusive;
  }

  public boolean reverse() {
    return reverse;
  }

  /** -1 for no limit. */
  public long limit() {
    return limit;
  }
}
