package io.hyperbee.log;

import io.hyperbee.crypto.KeyPair;

/**
 * How to open a {@link Hypercore}. Immutable; build with {@link #builder()}.
 * CONTRACT SKELETON: the hypercore work fills this in (fields may be added, none removed).
 *
 * <ul>
 *   <li>{@code keyPair}: the writer's key pair for a new core (random when absent and the core is
 *       created); ignored when the storage already holds one.
 *   <li>{@code key}: open read-only from a core key alone (a replica).
 *   <li>{@code compat}: key = public key and bare 64-byte signatures (hypercore 10 cores).
 *   <li>{@code createIfMissing} (default true) / {@code errorIfExists} (default false).
 *   <li>{@code sync}: when true (default) every append is on disk (fsync) when it returns.
 *   <li>{@code blockSource}: where a sparse core fetches blocks it lacks.
 * </ul>
 */
public final class HypercoreOptions {
  private HypercoreOptions() {}

  public static Builder builder() {
    throw new UnsupportedOperationException("skeleton");
  }

  public static HypercoreOptions defaults() {
    throw new UnsupportedOperationException("skeleton");
  }

  /** Builder for {@link HypercoreOptions}. */
  public static final class Builder {
    public Builder keyPair(KeyPair keyPair) {
      throw new UnsupportedOperationException("skeleton");
    }

    public Builder key(byte[] coreKey) {
      throw new UnsupportedOperationException("skeleton");
    }

    public Builder compat(boolean compat) {
      throw new UnsupportedOperationException("skeleton");
    }

    public Builder createIfMissing(boolean createIfMissing) {
      throw new UnsupportedOperationException("skeleton");
    }

    public Builder errorIfExists(boolean errorIfExists) {
      throw new UnsupportedOperationException("skeleton");
    }

    public Builder sync(boolean sync) {
      throw new UnsupportedOperationException("skeleton");
    }

    public HypercoreOptions build() {
      throw new UnsupportedOperationException("skeleton");
    }
  }
}
