package io.hyperbee.log;

import io.hyperbee.crypto.KeyPair;
import io.hyperbee.crypto.Manifest;

/**
 * How to open a {@link Hypercore}. Immutable; build with {@link #builder()}.
 *
 * <ul>
 *   <li>{@code keyPair}: the writer's key pair for a new core (random when absent and the core is
 *       created); ignored when the storage already holds one.
 *   <li>{@code key}: open read-only from a core key alone (a replica).
 *   <li>{@code manifest}: the replica's manifest when known (must hash to {@code key}); otherwise
 *       the first proof supplies it, or the key is taken as a compat public key.
 *   <li>{@code compat}: key = public key and bare 64-byte signatures (hypercore 10 cores).
 *   <li>{@code createIfMissing} (default true) / {@code errorIfExists} (default false).
 *   <li>{@code sync}: when true (default) every append is on disk (fsync) when it returns.
 *   <li>{@code blockSource}: where a sparse core fetches blocks it lacks.
 *   <li>{@code verifyReads} (default false): re-hash every block read against its leaf node.
 *   <li>{@code readOnly} (default false): open a stored core to read it only; nothing on disk
 *       changes, not even what recovery would repair after a crash (see {@link
 *       io.hyperbee.storage.FileCoreStorage#openReadOnly}); writes are refused.
 * </ul>
 */
public final class HypercoreOptions {
  private static final HypercoreOptions DEFAULTS = new Builder().build();

  private final KeyPair keyPair;
  private final byte[] key;
  private final Manifest manifest;
  private final boolean compat;
  private final boolean createIfMissing;
  private final boolean errorIfExists;
  private final boolean sync;
  private final BlockSource blockSource;
  private final boolean verifyReads;
  private final boolean readOnly;

  private HypercoreOptions(Builder b) {
    this.keyPair = b.keyPair;
    this.key = b.key;
    this.manifest = b.manifest;
    this.compat = b.compat;
    this.createIfMissing = b.createIfMissing;
    this.errorIfExists = b.errorIfExists;
    this.sync = b.sync;
    this.blockSource = b.blockSource;
    this.verifyReads = b.verifyReads;
    this.readOnly = b.readOnly;
  }

  public static Builder builder() {
    return new Builder();
  }

  public static HypercoreOptions defaults() {
    return DEFAULTS;
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.keyPair = keyPair;
    b.key = key;
    b.manifest = manifest;
    b.compat = compat;
    b.createIfMissing = createIfMissing;
    b.errorIfExists = errorIfExists;
    b.sync = sync;
    b.blockSource = blockSource;
    b.verifyReads = verifyReads;
    b.readOnly = readOnly;
    return b;
  }

  public KeyPair keyPair() {
    return keyPair;
  }

  /** The core key to open read-only (a copy), or null. */
  public byte[] key() {
    return key == null ? null : key.clone();
  }

  public Manifest manifest() {
    return manifest;
  }

  public boolean compat() {
    return compat;
  }

  public boolean createIfMissing() {
    return createIfMissing;
  }

  public boolean errorIfExists() {
    return errorIfExists;
  }

  public boolean sync() {
    return sync;
  }

  public BlockSource blockSource() {
    return blockSource;
  }

  public boolean verifyReads() {
    return verifyReads;
  }

  public boolean readOnly() {
    return readOnly;
  }

  /** Builder for {@link HypercoreOptions}. */
  public static final class Builder {
    private KeyPair keyPair;
    private byte[] key;
    private Manifest manifest;
    private boolean compat;
    private boolean createIfMissing = true;
    private boolean errorIfExists;
    private boolean sync = true;
    private BlockSource blockSource;
    private boolean verifyReads;
    private boolean readOnly;

    public Builder keyPair(KeyPair keyPair) {
      this.keyPair = keyPair;
      return this;
    }

    public Builder key(byte[] coreKey) {
      if (coreKey != null && coreKey.length != 32) {
        throw new IllegalArgumentException("core key must be 32 bytes, got " + coreKey.length);
      }
      this.key = coreKey == null ? null : coreKey.clone();
      return this;
    }

    public Builder manifest(Manifest manifest) {
      this.manifest = manifest;
      return this;
    }

    public Builder compat(boolean compat) {
      this.compat = compat;
      return this;
    }

    public Builder createIfMissing(boolean createIfMissing) {
      this.createIfMissing = createIfMissing;
      return this;
    }

    public Builder errorIfExists(boolean errorIfExists) {
      this.errorIfExists = errorIfExists;
      return this;
    }

    public Builder sync(boolean sync) {
      this.sync = sync;
      return this;
    }

    public Builder blockSource(BlockSource blockSource) {
      this.blockSource = blockSource;
      return this;
    }

    public Builder verifyReads(boolean verifyReads) {
      this.verifyReads = verifyReads;
      return this;
    }

    public Builder readOnly(boolean readOnly) {
      this.readOnly = readOnly;
      return this;
    }

    public HypercoreOptions build() {
      return new HypercoreOptions(this);
    }
  }
}
