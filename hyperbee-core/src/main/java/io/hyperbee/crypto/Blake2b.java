package io.hyperbee.crypto;

import static java.lang.Long.rotateRight;
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
 * the difference, about half the CPU per hash; {@code Blake2bTest} checks it against the RFC
 * vectors and BouncyCastle).
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

  private final int digestLength;
  /** The key padded to one block, or null when unkeyed: the first block of every keyed hash. */
  private final byte[] keyBlock;
  private final long firstWord;
  private final long[] h = new long[8];
  /** The message block being compressed. */
  private final long[] m = new long[16];
  /** The working vector between the two halves of a compression. */
  private final long[] v = new long[16];
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

  /**
   * One compression (RFC 7693 section 3.2). The 12 rounds are written out with the message
   * schedule applied (SIGMA, section 2.7; rounds 10 and 11 repeat 0 and 1) so that the message
   * and the working vector stay in locals; each line is half of one G (section 3.1), columns
   * first, then diagonals. Two methods of six rounds, because the JIT does not compile a method
   * of more than 8,000 bytes of bytecode.
   */
  private void compress(byte[] block, int offset, boolean last) {
    // Read here, not in the round methods: inside those the JIT's inlining budget is spent and
    // the VarHandle calls stay out of line.
    long[] m = this.m;
    for (int i = 0; i < 16; i++) {
      m[i] = (long) LONG_LE.get(block, offset + 8 * i);
    }
    long[] h = this.h;
    long[] v = this.v;
    System.arraycopy(h, 0, v, 0, 8);
    v[8] = IV0;
    v[9] = IV1;
    v[10] = IV2;
    v[11] = IV3;
    v[12] = IV4 ^ counterLow;
    v[13] = IV5 ^ counterHigh;
    v[14] = last ? ~IV6 : IV6;
    v[15] = IV7;
    roundsZeroToFive();
    roundsSixToEleven();
    for (int i = 0; i < 8; i++) {
      h[i] ^= v[i] ^ v[i + 8];
    }
  }

  /** Rounds 0..5 of {@link #compress}. */
  private void roundsZeroToFive() {
    long[] m = this.m;
    long m0 = m[0];
    long m1 = m[1];
    long m2 = m[2];
    long m3 = m[3];
    long m4 = m[4];
    long m5 = m[5];
    long m6 = m[6];
    long m7 = m[7];
    long m8 = m[8];
    long m9 = m[9];
    long m10 = m[10];
    long m11 = m[11];
    long m12 = m[12];
    long m13 = m[13];
    long m14 = m[14];
    long m15 = m[15];
    long[] v = this.v;
    long v0 = v[0];
    long v1 = v[1];
    long v2 = v[2];
    long v3 = v[3];
    long v4 = v[4];
    long v5 = v[5];
    long v6 = v[6];
    long v7 = v[7];
    long v8 = v[8];
    long v9 = v[9];
    long v10 = v[10];
    long v11 = v[11];
    long v12 = v[12];
    long v13 = v[13];
    long v14 = v[14];
    long v15 = v[15];
    // round 0
    v0 += v4 + m0; v12 = rotateRight(v12 ^ v0, 32); v8 += v12; v4 = rotateRight(v4 ^ v8, 24);
    v0 += v4 + m1; v12 = rotateRight(v12 ^ v0, 16); v8 += v12; v4 = rotateRight(v4 ^ v8, 63);
    v1 += v5 + m2; v13 = rotateRight(v13 ^ v1, 32); v9 += v13; v5 = rotateRight(v5 ^ v9, 24);
    v1 += v5 + m3; v13 = rotateRight(v13 ^ v1, 16); v9 += v13; v5 = rotateRight(v5 ^ v9, 63);
    v2 += v6 + m4; v14 = rotateRight(v14 ^ v2, 32); v10 += v14; v6 = rotateRight(v6 ^ v10, 24);
    v2 += v6 + m5; v14 = rotateRight(v14 ^ v2, 16); v10 += v14; v6 = rotateRight(v6 ^ v10, 63);
    v3 += v7 + m6; v15 = rotateRight(v15 ^ v3, 32); v11 += v15; v7 = rotateRight(v7 ^ v11, 24);
    v3 += v7 + m7; v15 = rotateRight(v15 ^ v3, 16); v11 += v15; v7 = rotateRight(v7 ^ v11, 63);
    v0 += v5 + m8; v15 = rotateRight(v15 ^ v0, 32); v10 += v15; v5 = rotateRight(v5 ^ v10, 24);
    v0 += v5 + m9; v15 = rotateRight(v15 ^ v0, 16); v10 += v15; v5 = rotateRight(v5 ^ v10, 63);
    v1 += v6 + m10; v12 = rotateRight(v12 ^ v1, 32); v11 += v12; v6 = rotateRight(v6 ^ v11, 24);
    v1 += v6 + m11; v12 = rotateRight(v12 ^ v1, 16); v11 += v12; v6 = rotateRight(v6 ^ v11, 63);
    v2 += v7 + m12; v13 = rotateRight(v13 ^ v2, 32); v8 += v13; v7 = rotateRight(v7 ^ v8, 24);
    v2 += v7 + m13; v13 = rotateRight(v13 ^ v2, 16); v8 += v13; v7 = rotateRight(v7 ^ v8, 63);
    v3 += v4 + m14; v14 = rotateRight(v14 ^ v3, 32); v9 += v14; v4 = rotateRight(v4 ^ v9, 24);
    v3 += v4 + m15; v14 = rotateRight(v14 ^ v3, 16); v9 += v14; v4 = rotateRight(v4 ^ v9, 63);
    // round 1
    v0 += v4 + m14; v12 = rotateRight(v12 ^ v0, 32); v8 += v12; v4 = rotateRight(v4 ^ v8, 24);
    v0 += v4 + m10; v12 = rotateRight(v12 ^ v0, 16); v8 += v12; v4 = rotateRight(v4 ^ v8, 63);
    v1 += v5 + m4; v13 = rotateRight(v13 ^ v1, 32); v9 += v13; v5 = rotateRight(v5 ^ v9, 24);
    v1 += v5 + m8; v13 = rotateRight(v13 ^ v1, 16); v9 += v13; v5 = rotateRight(v5 ^ v9, 63);
    v2 += v6 + m9; v14 = rotateRight(v14 ^ v2, 32); v10 += v14; v6 = rotateRight(v6 ^ v10, 24);
    v2 += v6 + m15; v14 = rotateRight(v14 ^ v2, 16); v10 += v14; v6 = rotateRight(v6 ^ v10, 63);
    v3 += v7 + m13; v15 = rotateRight(v15 ^ v3, 32); v11 += v15; v7 = rotateRight(v7 ^ v11, 24);
    v3 += v7 + m6; v15 = rotateRight(v15 ^ v3, 16); v11 += v15; v7 = rotateRight(v7 ^ v11, 63);
    v0 += v5 + m1; v15 = rotateRight(v15 ^ v0, 32); v10 += v15; v5 = rotateRight(v5 ^ v10, 24);
    v0 += v5 + m12; v15 = rotateRight(v15 ^ v0, 16); v10 += v15; v5 = rotateRight(v5 ^ v10, 63);
    v1 += v6 + m0; v12 = rotateRight(v12 ^ v1, 32); v11 += v12; v6 = rotateRight(v6 ^ v11, 24);
    v1 += v6 + m2; v12 = rotateRight(v12 ^ v1, 16); v11 += v12; v6 = rotateRight(v6 ^ v11, 63);
    v2 += v7 + m11; v13 = rotateRight(v13 ^ v2, 32); v8 += v13; v7 = rotateRight(v7 ^ v8, 24);
    v2 += v7 + m7; v13 = rotateRight(v13 ^ v2, 16); v8 += v13; v7 = rotateRight(v7 ^ v8, 63);
    v3 += v4 + m5; v14 = rotateRight(v14 ^ v3, 32); v9 += v14; v4 = rotateRight(v4 ^ v9, 24);
    v3 += v4 + m3; v14 = rotateRight(v14 ^ v3, 16); v9 += v14; v4 = rotateRight(v4 ^ v9, 63);
    // round 2
    v0 += v4 + m11; v12 = rotateRight(v12 ^ v0, 32); v8 += v12; v4 = rotateRight(v4 ^ v8, 24);
    v0 += v4 + m8; v12 = rotateRight(v12 ^ v0, 16); v8 += v12; v4 = rotateRight(v4 ^ v8, 63);
    v1 += v5 + m12; v13 = rotateRight(v13 ^ v1, 32); v9 += v13; v5 = rotateRight(v5 ^ v9, 24);
    v1 += v5 + m0; v13 = rotateRight(v13 ^ v1, 16); v9 += v13; v5 = rotateRight(v5 ^ v9, 63);
    v2 += v6 + m5; v14 = rotateRight(v14 ^ v2, 32); v10 += v14; v6 = rotateRight(v6 ^ v10, 24);
    v2 += v6 + m2; v14 = rotateRight(v14 ^ v2, 16); v10 += v14; v6 = rotateRight(v6 ^ v10, 63);
    v3 += v7 + m15; v15 = rotateRight(v15 ^ v3, 32); v11 += v15; v7 = rotateRight(v7 ^ v11, 24);
    v3 += v7 + m13; v15 = rotateRight(v15 ^ v3, 16); v11 += v15; v7 = rotateRight(v7 ^ v11, 63);
    v0 += v5 + m10; v15 = rotateRight(v15 ^ v0, 32); v10 += v15; v5 = rotateRight(v5 ^ v10, 24);
    v0 += v5 + m14; v15 = rotateRight(v15 ^ v0, 16); v10 += v15; v5 = rotateRight(v5 ^ v10, 63);
    v1 += v6 + m3; v12 = rotateRight(v12 ^ v1, 32); v11 += v12; v6 = rotateRight(v6 ^ v11, 24);
    v1 += v6 + m6; v12 = rotateRight(v12 ^ v1, 16); v11 += v12; v6 = rotateRight(v6 ^ v11, 63);
    v2 += v7 + m7; v13 = rotateRight(v13 ^ v2, 32); v8 += v13; v7 = rotateRight(v7 ^ v8, 24);
    v2 += v7 + m1; v13 = rotateRight(v13 ^ v2, 16); v8 += v13; v7 = rotateRight(v7 ^ v8, 63);
    v3 += v4 + m9; v14 = rotateRight(v14 ^ v3, 32); v9 += v14; v4 = rotateRight(v4 ^ v9, 24);
    v3 += v4 + m4; v14 = rotateRight(v14 ^ v3, 16); v9 += v14; v4 = rotateRight(v4 ^ v9, 63);
    // round 3
    v0 += v4 + m7; v12 = rotateRight(v12 ^ v0, 32); v8 += v12; v4 = rotateRight(v4 ^ v8, 24);
    v0 += v4 + m9; v12 = rotateRight(v12 ^ v0, 16); v8 += v12; v4 = rotateRight(v4 ^ v8, 63);
    v1 += v5 + m3; v13 = rotateRight(v13 ^ v1, 32); v9 += v13; v5 = rotateRight(v5 ^ v9, 24);
    v1 += v5 + m1; v13 = rotateRight(v13 ^ v1, 16); v9 += v13; v5 = rotateRight(v5 ^ v9, 63);
    v2 += v6 + m13; v14 = rotateRight(v14 ^ v2, 32); v10 += v14; v6 = rotateRight(v6 ^ v10, 24);
    v2 += v6 + m12; v14 = rotateRight(v14 ^ v2, 16); v10 += v14; v6 = rotateRight(v6 ^ v10, 63);
    v3 += v7 + m11; v15 = rotateRight(v15 ^ v3, 32); v11 += v15; v7 = rotateRight(v7 ^ v11, 24);
    v3 += v7 + m14; v15 = rotateRight(v15 ^ v3, 16); v11 += v15; v7 = rotateRight(v7 ^ v11, 63);
    v0 += v5 + m2; v15 = rotateRight(v15 ^ v0, 32); v10 += v15; v5 = rotateRight(v5 ^ v10, 24);
    v0 += v5 + m6; v15 = rotateRight(v15 ^ v0, 16); v10 += v15; v5 = rotateRight(v5 ^ v10, 63);
    v1 += v6 + m5; v12 = rotateRight(v12 ^ v1, 32); v11 += v12; v6 = rotateRight(v6 ^ v11, 24);
    v1 += v6 + m10; v12 = rotateRight(v12 ^ v1, 16); v11 += v12; v6 = rotateRight(v6 ^ v11, 63);
    v2 += v7 + m4; v13 = rotateRight(v13 ^ v2, 32); v8 += v13; v7 = rotateRight(v7 ^ v8, 24);
    v2 += v7 + m0; v13 = rotateRight(v13 ^ v2, 16); v8 += v13; v7 = rotateRight(v7 ^ v8, 63);
    v3 += v4 + m15; v14 = rotateRight(v14 ^ v3, 32); v9 += v14; v4 = rotateRight(v4 ^ v9, 24);
    v3 += v4 + m8; v14 = rotateRight(v14 ^ v3, 16); v9 += v14; v4 = rotateRight(v4 ^ v9, 63);
    // round 4
    v0 += v4 + m9; v12 = rotateRight(v12 ^ v0, 32); v8 += v12; v4 = rotateRight(v4 ^ v8, 24);
    v0 += v4 + m0; v12 = rotateRight(v12 ^ v0, 16); v8 += v12; v4 = rotateRight(v4 ^ v8, 63);
    v1 += v5 + m5; v13 = rotateRight(v13 ^ v1, 32); v9 += v13; v5 = rotateRight(v5 ^ v9, 24);
    v1 += v5 + m7; v13 = rotateRight(v13 ^ v1, 16); v9 += v13; v5 = rotateRight(v5 ^ v9, 63);
    v2 += v6 + m2; v14 = rotateRight(v14 ^ v2, 32); v10 += v14; v6 = rotateRight(v6 ^ v10, 24);
    v2 += v6 + m4; v14 = rotateRight(v14 ^ v2, 16); v10 += v14; v6 = rotateRight(v6 ^ v10, 63);
    v3 += v7 + m10; v15 = rotateRight(v15 ^ v3, 32); v11 += v15; v7 = rotateRight(v7 ^ v11, 24);
    v3 += v7 + m15; v15 = rotateRight(v15 ^ v3, 16); v11 += v15; v7 = rotateRight(v7 ^ v11, 63);
    v0 += v5 + m14; v15 = rotateRight(v15 ^ v0, 32); v10 += v15; v5 = rotateRight(v5 ^ v10, 24);
    v0 += v5 + m1; v15 = rotateRight(v15 ^ v0, 16); v10 += v15; v5 = rotateRight(v5 ^ v10, 63);
    v1 += v6 + m11; v12 = rotateRight(v12 ^ v1, 32); v11 += v12; v6 = rotateRight(v6 ^ v11, 24);
    v1 += v6 + m12; v12 = rotateRight(v12 ^ v1, 16); v11 += v12; v6 = rotateRight(v6 ^ v11, 63);
    v2 += v7 + m6; v13 = rotateRight(v13 ^ v2, 32); v8 += v13; v7 = rotateRight(v7 ^ v8, 24);
    v2 += v7 + m8; v13 = rotateRight(v13 ^ v2, 16); v8 += v13; v7 = rotateRight(v7 ^ v8, 63);
    v3 += v4 + m3; v14 = rotateRight(v14 ^ v3, 32); v9 += v14; v4 = rotateRight(v4 ^ v9, 24);
    v3 += v4 + m13; v14 = rotateRight(v14 ^ v3, 16); v9 += v14; v4 = rotateRight(v4 ^ v9, 63);
    // round 5
    v0 += v4 + m2; v12 = rotateRight(v12 ^ v0, 32); v8 += v12; v4 = rotateRight(v4 ^ v8, 24);
    v0 += v4 + m12; v12 = rotateRight(v12 ^ v0, 16); v8 += v12; v4 = rotateRight(v4 ^ v8, 63);
    v1 += v5 + m6; v13 = rotateRight(v13 ^ v1, 32); v9 += v13; v5 = rotateRight(v5 ^ v9, 24);
    v1 += v5 + m10; v13 = rotateRight(v13 ^ v1, 16); v9 += v13; v5 = rotateRight(v5 ^ v9, 63);
    v2 += v6 + m0; v14 = rotateRight(v14 ^ v2, 32); v10 += v14; v6 = rotateRight(v6 ^ v10, 24);
    v2 += v6 + m11; v14 = rotateRight(v14 ^ v2, 16); v10 += v14; v6 = rotateRight(v6 ^ v10, 63);
    v3 += v7 + m8; v15 = rotateRight(v15 ^ v3, 32); v11 += v15; v7 = rotateRight(v7 ^ v11, 24);
    v3 += v7 + m3; v15 = rotateRight(v15 ^ v3, 16); v11 += v15; v7 = rotateRight(v7 ^ v11, 63);
    v0 += v5 + m4; v15 = rotateRight(v15 ^ v0, 32); v10 += v15; v5 = rotateRight(v5 ^ v10, 24);
    v0 += v5 + m13; v15 = rotateRight(v15 ^ v0, 16); v10 += v15; v5 = rotateRight(v5 ^ v10, 63);
    v1 += v6 + m7; v12 = rotateRight(v12 ^ v1, 32); v11 += v12; v6 = rotateRight(v6 ^ v11, 24);
    v1 += v6 + m5; v12 = rotateRight(v12 ^ v1, 16); v11 += v12; v6 = rotateRight(v6 ^ v11, 63);
    v2 += v7 + m15; v13 = rotateRight(v13 ^ v2, 32); v8 += v13; v7 = rotateRight(v7 ^ v8, 24);
    v2 += v7 + m14; v13 = rotateRight(v13 ^ v2, 16); v8 += v13; v7 = rotateRight(v7 ^ v8, 63);
    v3 += v4 + m1; v14 = rotateRight(v14 ^ v3, 32); v9 += v14; v4 = rotateRight(v4 ^ v9, 24);
    v3 += v4 + m9; v14 = rotateRight(v14 ^ v3, 16); v9 += v14; v4 = rotateRight(v4 ^ v9, 63);
    v[0] = v0;
    v[1] = v1;
    v[2] = v2;
    v[3] = v3;
    v[4] = v4;
    v[5] = v5;
    v[6] = v6;
    v[7] = v7;
    v[8] = v8;
    v[9] = v9;
    v[10] = v10;
    v[11] = v11;
    v[12] = v12;
    v[13] = v13;
    v[14] = v14;
    v[15] = v15;
  }

  /** Rounds 6..11 of {@link #compress}. */
  private void roundsSixToEleven() {
    long[] m = this.m;
    long m0 = m[0];
    long m1 = m[1];
    long m2 = m[2];
    long m3 = m[3];
    long m4 = m[4];
    long m5 = m[5];
    long m6 = m[6];
    long m7 = m[7];
    long m8 = m[8];
    long m9 = m[9];
    long m10 = m[10];
    long m11 = m[11];
    long m12 = m[12];
    long m13 = m[13];
    long m14 = m[14];
    long m15 = m[15];
    long[] v = this.v;
    long v0 = v[0];
    long v1 = v[1];
    long v2 = v[2];
    long v3 = v[3];
    long v4 = v[4];
    long v5 = v[5];
    long v6 = v[6];
    long v7 = v[7];
    long v8 = v[8];
    long v9 = v[9];
    long v10 = v[10];
    long v11 = v[11];
    long v12 = v[12];
    long v13 = v[13];
    long v14 = v[14];
    long v15 = v[15];
    // round 6
    v0 += v4 + m12; v12 = rotateRight(v12 ^ v0, 32); v8 += v12; v4 = rotateRight(v4 ^ v8, 24);
    v0 += v4 + m5; v12 = rotateRight(v12 ^ v0, 16); v8 += v12; v4 = rotateRight(v4 ^ v8, 63);
    v1 += v5 + m1; v13 = rotateRight(v13 ^ v1, 32); v9 += v13; v5 = rotateRight(v5 ^ v9, 24);
    v1 += v5 + m15; v13 = rotateRight(v13 ^ v1, 16); v9 += v13; v5 = rotateRight(v5 ^ v9, 63);
    v2 += v6 + m14; v14 = rotateRight(v14 ^ v2, 32); v10 += v14; v6 = rotateRight(v6 ^ v10, 24);
    v2 += v6 + m13; v14 = rotateRight(v14 ^ v2, 16); v10 += v14; v6 = rotateRight(v6 ^ v10, 63);
    v3 += v7 + m4; v15 = rotateRight(v15 ^ v3, 32); v11 += v15; v7 = rotateRight(v7 ^ v11, 24);
    v3 += v7 + m10; v15 = rotateRight(v15 ^ v3, 16); v11 += v15; v7 = rotateRight(v7 ^ v11, 63);
    v0 += v5 + m0; v15 = rotateRight(v15 ^ v0, 32); v10 += v15; v5 = rotateRight(v5 ^ v10, 24);
    v0 += v5 + m7; v15 = rotateRight(v15 ^ v0, 16); v10 += v15; v5 = rotateRight(v5 ^ v10, 63);
    v1 += v6 + m6; v12 = rotateRight(v12 ^ v1, 32); v11 += v12; v6 = rotateRight(v6 ^ v11, 24);
    v1 += v6 + m3; v12 = rotateRight(v12 ^ v1, 16); v11 += v12; v6 = rotateRight(v6 ^ v11, 63);
    v2 += v7 + m9; v13 = rotateRight(v13 ^ v2, 32); v8 += v13; v7 = rotateRight(v7 ^ v8, 24);
    v2 += v7 + m2; v13 = rotateRight(v13 ^ v2, 16); v8 += v13; v7 = rotateRight(v7 ^ v8, 63);
    v3 += v4 + m8; v14 = rotateRight(v14 ^ v3, 32); v9 += v14; v4 = rotateRight(v4 ^ v9, 24);
    v3 += v4 + m11; v14 = rotateRight(v14 ^ v3, 16); v9 += v14; v4 = rotateRight(v4 ^ v9, 63);
    // round 7
    v0 += v4 + m13; v12 = rotateRight(v12 ^ v0, 32); v8 += v12; v4 = rotateRight(v4 ^ v8, 24);
    v0 += v4 + m11; v12 = rotateRight(v12 ^ v0, 16); v8 += v12; v4 = rotateRight(v4 ^ v8, 63);
    v1 += v5 + m7; v13 = rotateRight(v13 ^ v1, 32); v9 += v13; v5 = rotateRight(v5 ^ v9, 24);
    v1 += v5 + m14; v13 = rotateRight(v13 ^ v1, 16); v9 += v13; v5 = rotateRight(v5 ^ v9, 63);
    v2 += v6 + m12; v14 = rotateRight(v14 ^ v2, 32); v10 += v14; v6 = rotateRight(v6 ^ v10, 24);
    v2 += v6 + m1; v14 = rotateRight(v14 ^ v2, 16); v10 += v14; v6 = rotateRight(v6 ^ v10, 63);
    v3 += v7 + m3; v15 = rotateRight(v15 ^ v3, 32); v11 += v15; v7 = rotateRight(v7 ^ v11, 24);
    v3 += v7 + m9; v15 = rotateRight(v15 ^ v3, 16); v11 += v15; v7 = rotateRight(v7 ^ v11, 63);
    v0 += v5 + m5; v15 = rotateRight(v15 ^ v0, 32); v10 += v15; v5 = rotateRight(v5 ^ v10, 24);
    v0 += v5 + m0; v15 = rotateRight(v15 ^ v0, 16); v10 += v15; v5 = rotateRight(v5 ^ v10, 63);
    v1 += v6 + m15; v12 = rotateRight(v12 ^ v1, 32); v11 += v12; v6 = rotateRight(v6 ^ v11, 24);
    v1 += v6 + m4; v12 = rotateRight(v12 ^ v1, 16); v11 += v12; v6 = rotateRight(v6 ^ v11, 63);
    v2 += v7 + m8; v13 = rotateRight(v13 ^ v2, 32); v8 += v13; v7 = rotateRight(v7 ^ v8, 24);
    v2 += v7 + m6; v13 = rotateRight(v13 ^ v2, 16); v8 += v13; v7 = rotateRight(v7 ^ v8, 63);
    v3 += v4 + m2; v14 = rotateRight(v14 ^ v3, 32); v9 += v14; v4 = rotateRight(v4 ^ v9, 24);
    v3 += v4 + m10; v14 = rotateRight(v14 ^ v3, 16); v9 += v14; v4 = rotateRight(v4 ^ v9, 63);
    // round 8
    v0 += v4 + m6; v12 = rotateRight(v12 ^ v0, 32); v8 += v12; v4 = rotateRight(v4 ^ v8, 24);
    v0 += v4 + m15; v12 = rotateRight(v12 ^ v0, 16); v8 += v12; v4 = rotateRight(v4 ^ v8, 63);
    v1 += v5 + m14; v13 = rotateRight(v13 ^ v1, 32); v9 += v13; v5 = rotateRight(v5 ^ v9, 24);
    v1 += v5 + m9; v13 = rotateRight(v13 ^ v1, 16); v9 += v13; v5 = rotateRight(v5 ^ v9, 63);
    v2 += v6 + m11; v14 = rotateRight(v14 ^ v2, 32); v10 += v14; v6 = rotateRight(v6 ^ v10, 24);
    v2 += v6 + m3; v14 = rotateRight(v14 ^ v2, 16); v10 += v14; v6 = rotateRight(v6 ^ v10, 63);
    v3 += v7 + m0; v15 = rotateRight(v15 ^ v3, 32); v11 += v15; v7 = rotateRight(v7 ^ v11, 24);
    v3 += v7 + m8; v15 = rotateRight(v15 ^ v3, 16); v11 += v15; v7 = rotateRight(v7 ^ v11, 63);
    v0 += v5 + m12; v15 = rotateRight(v15 ^ v0, 32); v10 += v15; v5 = rotateRight(v5 ^ v10, 24);
    v0 += v5 + m2; v15 = rotateRight(v15 ^ v0, 16); v10 += v15; v5 = rotateRight(v5 ^ v10, 63);
    v1 += v6 + m13; v12 = rotateRight(v12 ^ v1, 32); v11 += v12; v6 = rotateRight(v6 ^ v11, 24);
    v1 += v6 + m7; v12 = rotateRight(v12 ^ v1, 16); v11 += v12; v6 = rotateRight(v6 ^ v11, 63);
    v2 += v7 + m1; v13 = rotateRight(v13 ^ v2, 32); v8 += v13; v7 = rotateRight(v7 ^ v8, 24);
    v2 += v7 + m4; v13 = rotateRight(v13 ^ v2, 16); v8 += v13; v7 = rotateRight(v7 ^ v8, 63);
    v3 += v4 + m10; v14 = rotateRight(v14 ^ v3, 32); v9 += v14; v4 = rotateRight(v4 ^ v9, 24);
    v3 += v4 + m5; v14 = rotateRight(v14 ^ v3, 16); v9 += v14; v4 = rotateRight(v4 ^ v9, 63);
    // round 9
    v0 += v4 + m10; v12 = rotateRight(v12 ^ v0, 32); v8 += v12; v4 = rotateRight(v4 ^ v8, 24);
    v0 += v4 + m2; v12 = rotateRight(v12 ^ v0, 16); v8 += v12; v4 = rotateRight(v4 ^ v8, 63);
    v1 += v5 + m8; v13 = rotateRight(v13 ^ v1, 32); v9 += v13; v5 = rotateRight(v5 ^ v9, 24);
    v1 += v5 + m4; v13 = rotateRight(v13 ^ v1, 16); v9 += v13; v5 = rotateRight(v5 ^ v9, 63);
    v2 += v6 + m7; v14 = rotateRight(v14 ^ v2, 32); v10 += v14; v6 = rotateRight(v6 ^ v10, 24);
    v2 += v6 + m6; v14 = rotateRight(v14 ^ v2, 16); v10 += v14; v6 = rotateRight(v6 ^ v10, 63);
    v3 += v7 + m1; v15 = rotateRight(v15 ^ v3, 32); v11 += v15; v7 = rotateRight(v7 ^ v11, 24);
    v3 += v7 + m5; v15 = rotateRight(v15 ^ v3, 16); v11 += v15; v7 = rotateRight(v7 ^ v11, 63);
    v0 += v5 + m15; v15 = rotateRight(v15 ^ v0, 32); v10 += v15; v5 = rotateRight(v5 ^ v10, 24);
    v0 += v5 + m11; v15 = rotateRight(v15 ^ v0, 16); v10 += v15; v5 = rotateRight(v5 ^ v10, 63);
    v1 += v6 + m9; v12 = rotateRight(v12 ^ v1, 32); v11 += v12; v6 = rotateRight(v6 ^ v11, 24);
    v1 += v6 + m14; v12 = rotateRight(v12 ^ v1, 16); v11 += v12; v6 = rotateRight(v6 ^ v11, 63);
    v2 += v7 + m3; v13 = rotateRight(v13 ^ v2, 32); v8 += v13; v7 = rotateRight(v7 ^ v8, 24);
    v2 += v7 + m12; v13 = rotateRight(v13 ^ v2, 16); v8 += v13; v7 = rotateRight(v7 ^ v8, 63);
    v3 += v4 + m13; v14 = rotateRight(v14 ^ v3, 32); v9 += v14; v4 = rotateRight(v4 ^ v9, 24);
    v3 += v4 + m0; v14 = rotateRight(v14 ^ v3, 16); v9 += v14; v4 = rotateRight(v4 ^ v9, 63);
    // round 10
    v0 += v4 + m0; v12 = rotateRight(v12 ^ v0, 32); v8 += v12; v4 = rotateRight(v4 ^ v8, 24);
    v0 += v4 + m1; v12 = rotateRight(v12 ^ v0, 16); v8 += v12; v4 = rotateRight(v4 ^ v8, 63);
    v1 += v5 + m2; v13 = rotateRight(v13 ^ v1, 32); v9 += v13; v5 = rotateRight(v5 ^ v9, 24);
    v1 += v5 + m3; v13 = rotateRight(v13 ^ v1, 16); v9 += v13; v5 = rotateRight(v5 ^ v9, 63);
    v2 += v6 + m4; v14 = rotateRight(v14 ^ v2, 32); v10 += v14; v6 = rotateRight(v6 ^ v10, 24);
    v2 += v6 + m5; v14 = rotateRight(v14 ^ v2, 16); v10 += v14; v6 = rotateRight(v6 ^ v10, 63);
    v3 += v7 + m6; v15 = rotateRight(v15 ^ v3, 32); v11 += v15; v7 = rotateRight(v7 ^ v11, 24);
    v3 += v7 + m7; v15 = rotateRight(v15 ^ v3, 16); v11 += v15; v7 = rotateRight(v7 ^ v11, 63);
    v0 += v5 + m8; v15 = rotateRight(v15 ^ v0, 32); v10 += v15; v5 = rotateRight(v5 ^ v10, 24);
    v0 += v5 + m9; v15 = rotateRight(v15 ^ v0, 16); v10 += v15; v5 = rotateRight(v5 ^ v10, 63);
    v1 += v6 + m10; v12 = rotateRight(v12 ^ v1, 32); v11 += v12; v6 = rotateRight(v6 ^ v11, 24);
    v1 += v6 + m11; v12 = rotateRight(v12 ^ v1, 16); v11 += v12; v6 = rotateRight(v6 ^ v11, 63);
    v2 += v7 + m12; v13 = rotateRight(v13 ^ v2, 32); v8 += v13; v7 = rotateRight(v7 ^ v8, 24);
    v2 += v7 + m13; v13 = rotateRight(v13 ^ v2, 16); v8 += v13; v7 = rotateRight(v7 ^ v8, 63);
    v3 += v4 + m14; v14 = rotateRight(v14 ^ v3, 32); v9 += v14; v4 = rotateRight(v4 ^ v9, 24);
    v3 += v4 + m15; v14 = rotateRight(v14 ^ v3, 16); v9 += v14; v4 = rotateRight(v4 ^ v9, 63);
    // round 11
    v0 += v4 + m14; v12 = rotateRight(v12 ^ v0, 32); v8 += v12; v4 = rotateRight(v4 ^ v8, 24);
    v0 += v4 + m10; v12 = rotateRight(v12 ^ v0, 16); v8 += v12; v4 = rotateRight(v4 ^ v8, 63);
    v1 += v5 + m4; v13 = rotateRight(v13 ^ v1, 32); v9 += v13; v5 = rotateRight(v5 ^ v9, 24);
    v1 += v5 + m8; v13 = rotateRight(v13 ^ v1, 16); v9 += v13; v5 = rotateRight(v5 ^ v9, 63);
    v2 += v6 + m9; v14 = rotateRight(v14 ^ v2, 32); v10 += v14; v6 = rotateRight(v6 ^ v10, 24);
    v2 += v6 + m15; v14 = rotateRight(v14 ^ v2, 16); v10 += v14; v6 = rotateRight(v6 ^ v10, 63);
    v3 += v7 + m13; v15 = rotateRight(v15 ^ v3, 32); v11 += v15; v7 = rotateRight(v7 ^ v11, 24);
    v3 += v7 + m6; v15 = rotateRight(v15 ^ v3, 16); v11 += v15; v7 = rotateRight(v7 ^ v11, 63);
    v0 += v5 + m1; v15 = rotateRight(v15 ^ v0, 32); v10 += v15; v5 = rotateRight(v5 ^ v10, 24);
    v0 += v5 + m12; v15 = rotateRight(v15 ^ v0, 16); v10 += v15; v5 = rotateRight(v5 ^ v10, 63);
    v1 += v6 + m0; v12 = rotateRight(v12 ^ v1, 32); v11 += v12; v6 = rotateRight(v6 ^ v11, 24);
    v1 += v6 + m2; v12 = rotateRight(v12 ^ v1, 16); v11 += v12; v6 = rotateRight(v6 ^ v11, 63);
    v2 += v7 + m11; v13 = rotateRight(v13 ^ v2, 32); v8 += v13; v7 = rotateRight(v7 ^ v8, 24);
    v2 += v7 + m7; v13 = rotateRight(v13 ^ v2, 16); v8 += v13; v7 = rotateRight(v7 ^ v8, 63);
    v3 += v4 + m5; v14 = rotateRight(v14 ^ v3, 32); v9 += v14; v4 = rotateRight(v4 ^ v9, 24);
    v3 += v4 + m3; v14 = rotateRight(v14 ^ v3, 16); v9 += v14; v4 = rotateRight(v4 ^ v9, 63);
    v[0] = v0;
    v[1] = v1;
    v[2] = v2;
    v[3] = v3;
    v[4] = v4;
    v[5] = v5;
    v[6] = v6;
    v[7] = v7;
    v[8] = v8;
    v[9] = v9;
    v[10] = v10;
    v[11] = v11;
    v[12] = v12;
    v[13] = v13;
    v[14] = v14;
    v[15] = v15;
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
