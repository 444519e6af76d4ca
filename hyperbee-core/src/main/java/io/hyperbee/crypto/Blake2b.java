package io.hyperbee.crypto;

import static java.util.Objects.requireNonNull;

import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * BLAKE2b with a 32-byte digest (libsodium {@code crypto_generichash}, outlen 32), optionally
 * keyed. This is the native 256-bit parameterisation, not BLAKE2b-512 truncated. An instance is
 * reusable (each {@link #digest()} resets it) but not thread-safe.
 */
public final class Blake2b {
  public static final int HASH_LENGTH = 32;

  private final Blake2bDigest digest;
  private final byte[] scratch = new byte[8];

  /** Unkeyed BLAKE2b-256. */
  public Blake2b() {
    digest = new Blake2bDigest(256);
  }

  /** Keyed BLAKE2b-256 (key of 16..64 bytes, as libsodium allows). */
  public Blake2b(byte[] key) {
    requireNonNull(key, "key is null");
    if (key.length < 16 || key.length > 64) {
      throw new IllegalArgumentException("key must be 16..64 bytes, got " + key.length);
    }
    digest = new Blake2bDigest(key, HASH_LENGTH, null, null);
  }

  public Blake2b update(int b) {
    digest.update((byte) b);
    return this;
  }

  public Blake2b update(byte[] b) {
    digest.update(b, 0, b.length);
    return this;
  }

  public Blake2b update(byte[] b, int offset, int length) {
    digest.update(b, offset, length);
    return this;
  }

  /** Feeds {@code n} as 8 bytes little-endian (compact-encoding {@code uint64}). */
  public Blake2b updateUint64(long n) {
    for (int i = 0; i < 8; i++) {
      scratch[i] = (byte) (n >>> (8 * i));
    }
    digest.update(scratch, 0, 8);
    return this;
  }

  /** Finishes into a new 32-byte array and resets for the next hash. */
  public byte[] digest() {
    byte[] out = new byte[HASH_LENGTH];
    digest.doFinal(out, 0);
    return out;
  }

  /** Finishes into {@code out} at {@code offset} and resets for the next hash. */
  public void digest(byte[] out, int offset) {
    digest.doFinal(out, offset);
  }

  /** BLAKE2b-256 of the concatenation of {@code parts}. */
  public static byte[] hash(byte[]... parts) {
    Blake2b h = new Blake2b();
    for (byte[] p : parts) {
      h.update(p);
    }
    return h.digest();
  }

  /** Keyed BLAKE2b-256 of the concatenation of {@code parts}. */
  public static byte[] keyedHash(byte[] key, byte[]... parts) {
    Blake2b h = new Blake2b(key);
    for (byte[] p : parts) {
      h.update(p);
    }
    return h.digest();
  }
}
