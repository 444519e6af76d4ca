package io.hyperbee.btree;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.Comparator;

/**
 * How to open a {@link Hyperbee}. Immutable; build with {@link #builder()}.
 *
 * <ul>
 *   <li>{@code readonly}: never write, not even the header (JS {@code readonly}); default false.
 *   <li>{@code metadata}: header metadata written with the header block; default none.
 *   <li>{@code alwaysDuplicate}: an identical put appends a new block (JS default true); when
 *       false such a put is a no-op. Applies to the main bee only: subs always duplicate, as in JS.
 *   <li>{@code cacheSize}: how many decoded blocks the bee keeps (bounded, shared by its views).
 *   <li>{@code nodeCacheSize}: how many decoded B-tree nodes it keeps; default 4 x {@code cacheSize}.
 *   <li>{@code sep}: the default separator of {@link Hyperbee#sub}; default {@code 0x00}.
 *   <li>{@code keyOrder}: how keys sort; default null, unsigned bytes (JS's order). A custom order
 *       builds a tree only this order can search: it must be the same on every open (the bee
 *       does not record it; see {@link Hyperbee#open(io.hyperbee.log.BlockLog, BeeOptions)}).
 * </ul>
 */
public final class BeeOptions {
  private static final BeeOptions DEFAULTS = builder().build();

  private final boolean readonly;
  private final Metadata metadata;
  private final boolean alwaysDuplicate;
  private final int cacheSize;
  private final int nodeCacheSize;
  private final byte[] sep;
  private final Comparator<byte[]> keyOrder;

  private BeeOptions(Builder b) {
    this.readonly = b.readonly;
    this.metadata = b.metadata;
    this.alwaysDuplicate = b.alwaysDuplicate;
    this.cacheSize = b.cacheSize;
    this.nodeCacheSize = b.nodeCacheSize > 0 ? b.nodeCacheSize : (int) Math.min(1 << 26, 4L * b.cacheSize);
    this.sep = b.sep.clone();
    this.keyOrder = b.keyOrder;
  }

  public static BeeOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public boolean readonly() {
    return readonly;
  }

  /** Header metadata, or null. */
  public Metadata metadata() {
    return metadata;
  }

  public boolean alwaysDuplicate() {
    return alwaysDuplicate;
  }

  public int cacheSize() {
    return cacheSize;
  }

  /** Number of decoded B-tree nodes cached (by default 4 x {@link #cacheSize()}). */
  public int nodeCacheSize() {
    return nodeCacheSize;
  }

  public byte[] sep() {
    return sep.clone();
  }

  /** The custom key order, or null for unsigned bytes. */
  public Comparator<byte[]> keyOrder() {
    return keyOrder;
  }

  /** Builder of {@link BeeOptions}. */
  public static final class Builder {
    private boolean readonly;
    private Metadata metadata;
    private boolean alwaysDuplicate = true;
    private int cacheSize = 65_536;
    private int nodeCacheSize;
    private byte[] sep = {0};
    private Comparator<byte[]> keyOrder;

    private Builder() {}

    public Builder readonly(boolean readonly) {
      this.readonly = readonly;
      return this;
    }

    public Builder metadata(Metadata metadata) {
      this.metadata = metadata;
      return this;
    }

    public Builder alwaysDuplicate(boolean alwaysDuplicate) {
      this.alwaysDuplicate = alwaysDuplicate;
      return this;
    }

    /** Number of decoded blocks cached (at least 16; rounded up to a power of two). */
    public Builder cacheSize(int cacheSize) {
      checkArgument(cacheSize > 0 && cacheSize <= 1 << 26, "cacheSize out of range: %s", cacheSize);
      this.cacheSize = cacheSize;
      return this;
    }

    /**
     * Number of decoded B-tree nodes cached, with the key bytes they resolved (at least 16;
     * rounded up to a power of two); by default 4 x {@link #cacheSize(int)}: a lookup walks several
     * nodes per block it returns. A node costs about 0.3-0.5 KB with 16-byte keys.
     */
    public Builder nodeCacheSize(int nodeCacheSize) {
      checkArgument(
          nodeCacheSize > 0 && nodeCacheSize <= 1 << 26, "nodeCacheSize out of range: %s", nodeCacheSize);
      this.nodeCacheSize = nodeCacheSize;
      return this;
    }

    public Builder sep(byte[] sep) {
      requireNonNull(sep, "sep is null");
      checkArgument(sep.length > 0, "sep is empty");
      this.sep = sep.clone();
      return this;
    }

    /**
     * Sorts keys by {@code keyOrder} instead of unsigned bytes (null: unsigned bytes). Keys it
     * compares as 0 are one key, as in LevelDB: a put replaces the entry and its key bytes. It
     * must be a total order and never change for a bee; subs need unsigned bytes and are refused.
     */
    public Builder keyOrder(Comparator<byte[]> keyOrder) {
      this.keyOrder = keyOrder;
      return this;
    }

    public BeeOptions build() {
      return new BeeOptions(this);
    }
  }
}
