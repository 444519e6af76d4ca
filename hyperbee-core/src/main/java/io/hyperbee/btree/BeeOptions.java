package io.hyperbee.btree;

/**
 * How to open a {@link Hyperbee}. Immutable; build with {@link #builder()}.
 * CONTRACT SKELETON: the B-tree work fills this in (fields may be added, none removed):
 * readonly, header metadata (contentFeed, userData), alwaysDuplicate (default true as in JS),
 * node cache size (bounded), sub separator.
 */
public final class BeeOptions {
  private BeeOptions() {}

  public static BeeOptions defaults() {
    throw new UnsupportedOperationException("skeleton");
  }
}
