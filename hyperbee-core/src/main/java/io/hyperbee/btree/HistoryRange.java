package io.hyperbee.btree;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Options of {@link Hyperbee#history}, as JS {@code createHistoryStream}: bounds on seq
 * ({@code gt, gte, lt, lte}; negative values count back from the version; JS truthiness rules
 * apply, so {@code gt(0)} is ignored while {@code lt(0)} or {@code lte(0)} yields nothing),
 * {@code reverse}, {@code limit} (-1 = none) and {@code live} (wait for new blocks; not with
 * reverse). Immutable; each wither returns a new value.
 */
public final class HistoryRange {
  private static final HistoryRange ALL = new HistoryRange(null, null, null, null, false, -1, false);

  private final Long gt;
  private final Long gte;
  private final Long lt;
  private final Long lte;
  private final boolean reverse;
  private final long limit;
  private final boolean live;

  private HistoryRange(
      Long gt, Long gte, Long lt, Long lte, boolean reverse, long limit, boolean live) {
    this.gt = gt;
    this.gte = gte;
    this.lt = lt;
    this.lte = lte;
    this.reverse = reverse;
    this.limit = limit;
    this.live = live;
  }

  /** Every block from seq 1, ascending. */
  public static HistoryRange all() {
    return ALL;
  }

  public HistoryRange gt(long seq) {
    return new HistoryRange(seq, gte, lt, lte, reverse, limit, live);
  }

  public HistoryRange gte(long seq) {
    return new HistoryRange(gt, seq, lt, lte, reverse, limit, live);
  }

  public HistoryRange lt(long seq) {
    return new HistoryRange(gt, gte, seq, lte, reverse, limit, live);
  }

  public HistoryRange lte(long seq) {
    return new HistoryRange(gt, gte, lt, seq, reverse, limit, live);
  }

  public HistoryRange reverse(boolean reverse) {
    return new HistoryRange(gt, gte, lt, lte, reverse, limit, live);
  }

  public HistoryRange limit(long limit) {
    checkArgument(limit >= -1, "limit must be -1 (no limit) or >= 0: %s", limit);
    return new HistoryRange(gt, gte, lt, lte, reverse, limit, live);
  }

  public HistoryRange live(boolean live) {
    return new HistoryRange(gt, gte, lt, lte, reverse, limit, live);
  }

  public boolean reverse() {
    return reverse;
  }

  public long limit() {
    return limit;
  }

  public boolean live() {
    return live;
  }

  /** First seq yielded (inclusive) for a stream at {@code version}. */
  long start(long version) {
    if (gt != null && gt != 0) {
      return (gt < 0 ? gt + version : gt) + 1;
    }
    long g = gte != null && gte != 0 ? gte : 1;
    return g < 0 ? g + version : g;
  }

  /** End seq (exclusive) for a non-live stream at {@code version}. */
  long end(long version) {
    if ((lte != null && lte == 0) || (lt != null && lt == 0)) {
      return 0;
    }
    if (lte != null) {
      return (lte < 0 ? lte + version : lte) + 1;
    }
    long l = lt != null ? lt : version;
    return l < 0 ? l + version : l;
  }
}
