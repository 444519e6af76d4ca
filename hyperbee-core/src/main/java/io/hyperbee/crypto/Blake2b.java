package io.hyperbee.crypto;

import static java.util.Objects.requireNonNull;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * BLAKE2b (RFC 7693), sequential mode, optionally keyed. The default is a 32-byte digest
 * (libsodium {@code crypto_generichash}, outlen 32): the native 256-bit parameterisation, not
 * BLAKE2b-512 truncated. An instance is reusable (each {@link #digest()} resets it) but not
 * thread-safe.
 *
 * <p>Written by hand rather than taken from BouncyCastle because every appended block costs
 * about three compressions (its leaf hash over ~140 bytes and about one parent) and BLAKE2b was
 * the largest share of a batched write: BouncyCastle's {@code Blake2bDigest} allocates in every
 * {@code compress} and calls {@code G} out of line. Here a compression allocates nothing and
 * keeps the working vector in locals ({@code Blake2bBenchmark} in {@code benchmarks} measures
 * the difference; {@code Blake2bTest} checks it against the RFC vectors and BouncyCastle).
 * Inputs are limited to 2^64 - 1 bytes per hash.
 */
public final class Blake2b {
  public static final int HASH_LENGTH = 32;
  /** The largest digest BLAKE2b defines. */
  public static final int MAX_HASH_LENGTH = 64;

  private static final int BLOCK = 128;
  private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long IV0 = 0x6a09e667f3bcc908L;
  private static final long IV1 = 0xbb67ae8584caa73bL;
  private static final long IV2 = 0x3c6ef372fe94f82bL;
  private static final long IV3 = 0xa54ff53a5f1d36f1L;
  private static final long IV4 = 0x510e527fade682d1L;
  private static final long IV5 = 0x9b05688c2b3e6c1fL;
  private static final long IV6 = 0x1f83d9abfb41bd6bL;
  private static final long IV7 = 0x5be0cd19137e2179L;
  /** Message word schedule of the 12 rounds (rounds 10 and 11 repeat 0 and 1). */
  private static final byte[] SIGMA = {
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
      14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
      11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4,
      7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8,
      9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13,
      2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9,
      12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11,
      13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10,
      6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5,
      10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0,
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
      14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
  };

  private final int digestLength;
  /** The key padded to one block, or null when unkeyed: the first block of every keyed hash. */
  private final byte[] keyBlock;
  private final long firstWord;
  private final long[] h = new long[8];
  private final long[] m = new long[16];
  private final byte[] buffer = new byte[BLOCK];
  private int buffered;
  private long counterLow;
  private long counterHigh;

  /** Unkeyed BLAKE2b-256. */
  public Blake2b() {
    this(HASH_LENGTH);
  }

  /** Unkeyed BLAKE2b with a digest of {@code digestLength} bytes (1..64). */
  public Blake2b(int digestLength) {
    this(digestLength, null);
  }

  /** Keyed BLAKE2b-256 (key of 16..64 bytes, as libsodium allows). */
  public Blake2b(byte[] key) {
    this(HASH_LENGTH, requireNonNull(key, "key is null"));
  }

  /** BLAKE2b with a digest of {@code digestLength} bytes (1..64), keyed unless {@code key} is null. */
  public Blake2b(int digestLength, byte[] key) {
    if (key != null && (key.length < 16 || key.length > MAX_HASH_LENGTH)) {
      throw new IllegalArgumentException("key must be 16..64 bytes, got " + key.length);
    }
    if (digestLength < 1 || digestLength > MAX_HASH_LENGTH) {
      throw new IllegalArgumentException("digest length must be 1..64, got " + digestLength);
    }
    this.digestLength = digestLength;
    int keyLength = key == null ? 0 : key.length;
    this.firstWord = IV0 ^ (0x01010000L | (long) keyLength << 8 | digestLength);
    if (key == null) {
      keyBlock = null;
    } else {
      keyBlock = new byte[BLOCK];
      System.arraycopy(key, 0, keyBlock, 0, key.length);
    }
    reset();
  }

  public Blake2b update(int b) {
    if (buffered == BLOCK) {
      compressBuffer();
    }
    buffer[buffered++] = (byte) b;
    return this;
  }

  public Blake2b update(byte[] b) {
    return update(b, 0, b.length);
  }

  public Blake2b update(byte[] b, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, b.length);
    if (length == 0) {
      return this;
    }
    int room = BLOCK - buffered;
    if (length > room) {
      // The last block is held back: only digest() knows it is the last.
      System.arraycopy(b, offset, buffer, buffered, room);
      buffered = BLOCK;
      compressBuffer();
      offset += room;
      length -= room;
      while (length > BLOCK) {
        count(BLOCK);
        compress(b, offset, false);
        offset += BLOCK;
        length -= BLOCK;
      }
    }
    System.arraycopy(b, offset, buffer, buffered, length);
    buffered += length;
    return this;
  }

  /** Feeds {@code n} as 8 bytes little-endian (compact-encoding {@code uint64}). */
  public Blake2b updateUint64(long n) {
    if (buffered > BLOCK - 8) {
      for (int i = 0; i < 8; i++) {
        update((int) (n >>> (8 * i)));
      }
      return this;
    }
    LONG_LE.set(buffer, buffered, n);
    buffered += 8;
    return this;
  }

  /** Finishes into a new array of the digest length and resets for the next hash. */
  public byte[] digest() {
    byte[] out = new byte[digestLength];
    digest(out, 0);
    return out;
  }

  /** Finishes into {@code out} at {@code offset} and resets for the next hash. */
  public void digest(byte[] out, int offset) {
    Objects.checkFromIndexSize(offset, digestLength, out.length);
    count(buffered);
    Arrays.fill(buffer, buffered, BLOCK, (byte) 0);
    compress(buffer, 0, true);
    int whole = digestLength / 8;
    for (int i = 0; i < whole; i++) {
      LONG_LE.set(out, offset + 8 * i, h[i]);
    }
    for (int i = 8 * whole; i < digestLength; i++) {
      out[offset + i] = (byte) (h[i / 8] >>> (8 * (i % 8)));
    }
    reset();
  }

  public int digestLength() {
    return digestLength;
  }

  private void reset() {
    h[0] = firstWord;
    h[1] = IV1;
    h[2] = IV2;
    h[3] = IV3;
    h[4] = IV4;
    h[5] = IV5;
    h[6] = IV6;
    h[7] = IV7;
    counterLow = 0;
    counterHigh = 0;
    if (keyBlock == null) {
      buffered = 0;
    } else {
      System.arraycopy(keyBlock, 0, buffer, 0, BLOCK);
      buffered = BLOCK;
    }
  }

  private void compressBuffer() {
    count(BLOCK);
    compress(buffer, 0, false);
    buffered = 0;
  }

  private void count(int bytes) {
    counterLow += bytes;
    if (Long.compareUnsigned(counterLow, bytes) < 0) {
      counterHigh++;
    }
  }

  private void compress(byte[] block, int offset, boolean last) {
    long[] m = this.m;
    for (int i = 0; i < 16; i++) {
      m[i] = (long) LONG_LE.get(block, offset + 8 * i);
    }
    long[] h = this.h;
    long v0 = h[0];
    long v1 = h[1];
    long v2 = h[2];
    long v3 = h[3];
    long v4 = h[4];
    long v5 = h[5];
    long v6 = h[6];
    long v7 = h[7];
    long v8 = IV0;
    long v9 = IV1;
    long v10 = IV2;
    long v11 = IV3;
    long v12 = IV4 ^ counterLow;
    long v13 = IV5 ^ counterHigh;
    long v14 = last ? ~IV6 : IV6;
    long v15 = IV7;
    byte[] s = SIGMA;
    for (int r = 0; r < 12 * 16; r += 16) {
      // G on the columns ...
      v0 += v4 + m[s[r]];
      v12 = Long.rotateRight(v12 ^ v0, 32);
      v8 += v12;
      v4 = Long.rotateRight(v4 ^ v8, 24);
      v0 += v4 + m[s[r + 1]];
      v12 = Long.rotateRight(v12 ^ v0, 16);
      v8 += v12;
      v4 = Long.rotateRight(v4 ^ v8, 63);

      v1 += v5 + m[s[r + 2]];
      v13 = Long.rotateRight(v13 ^ v1, 32);
      v9 += v13;
      v5 = Long.rotateRight(v5 ^ v9, 24);
      v1 += v5 + m[s[r + 3]];
      v13 = Long.rotateRight(v13 ^ v1, 16);
      v9 += v13;
      v5 = Long.rotateRight(v5 ^ v9, 63);

      v2 += v6 + m[s[r + 4]];
      v14 = Long.rotateRight(v14 ^ v2, 32);
      v10 += v14;
      v6 = Long.rotateRight(v6 ^ v10, 24);
      v2 += v6 + m[s[r + 5]];
      v14 = Long.rotateRight(v14 ^ v2, 16);
      v10 += v14;
      v6 = Long.rotateRight(v6 ^ v10, 63);

      v3 += v7 + m[s[r + 6]];
      v15 = Long.rotateRight(v15 ^ v3, 32);
      v11 += v15;
      v7 = Long.rotateRight(v7 ^ v11, 24);
      v3 += v7 + m[s[r + 7]];
      v15 = Long.rotateRight(v15 ^ v3, 16);
      v11 += v15;
      v7 = Long.rotateRight(v7 ^ v11, 63);

      // ... then on the diagonals.
      v0 += v5 + m[s[r + 8]];
      v15 = Long.rotateRight(v15 ^ v0, 32);
      v10 += v15;
      v5 = Long.rotateRight(v5 ^ v10, 24);
      v0 += v5 + m[s[r + 9]];
      v15 = Long.rotateRight(v15 ^ v0, 16);
      v10 += v15;
      v5 = Long.rotateRight(v5 ^ v10, 63);

      v1 += v6 + m[s[r + 10]];
      v12 = Long.rotateRight(v12 ^ v1, 32);
      v11 += v12;
      v6 = Long.rotateRight(v6 ^ v11, 24);
      v1 += v6 + m[s[r + 11]];
      v12 = Long.rotateRight(v12 ^ v1, 16);
      v11 += v12;
      v6 = Long.rotateRight(v6 ^ v11, 63);

      v2 += v7 + m[s[r + 12]];
      v13 = Long.rotateRight(v13 ^ v2, 32);
      v8 += v13;
      v7 = Long.rotateRight(v7 ^ v8, 24);
      v2 += v7 + m[s[r + 13]];
      v13 = Long.rotateRight(v13 ^ v2, 16);
      v8 += v13;
      v7 = Long.rotateRight(v7 ^ v8, 63);

      v3 += v4 + m[s[r + 14]];
      v14 = Long.rotateRight(v14 ^ v3, 32);
      v9 += v14;
      v4 = Long.rotateRight(v4 ^ v9, 24);
      v3 += v4 + m[s[r + 15]];
      v14 = Long.rotateRight(v14 ^ v3, 16);
      v9 += v14;
      v4 = Long.rotateRight(v4 ^ v9, 63);
    }
    h[0] ^= v0 ^ v8;
    h[1] ^= v1 ^ v9;
    h[2] ^= v2 ^ v10;
    h[3] ^= v3 ^ v11;
    h[4] ^= v4 ^ v12;
    h[5] ^= v5 ^ v13;
    h[6] ^= v6 ^ v14;
    h[7] ^= v7 ^ v15;
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
