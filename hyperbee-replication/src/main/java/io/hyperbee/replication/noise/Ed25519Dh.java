package io.hyperbee.replication.noise;

import io.hyperbee.crypto.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.math.ec.rfc7748.X25519Field;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The Noise DH of noise-curve-ed: Ed25519 point times scalar, with the checks and output of
 * libsodium's {@code crypto_scalarmult_ed25519_noclamp}. The point must be canonical, of prime
 * order and not the identity (BouncyCastle's full public-key validation); the scalar's top bit is
 * cleared; an identity result or an all-zero scalar is refused. The product is a Montgomery
 * ladder over complete twisted-Edwards addition in extended coordinates, constant time in the
 * scalar (BouncyCastle's field arithmetic, conditional swaps).
 */
public final class Ed25519Dh {
  public static final int LENGTH = 32;

  private static final int[] D2 = constant(
      "59f1b226949bd6eb56b183829a14e00030d1f3eef2808e19e7fcdf56dcd90624");
  private static final int[] D = constant(
      "a3785913ca4deb75abd841414d0a700098e879777940c78c73fe6f2bee6c0352");

  private Ed25519Dh() {}

  /** The clamped 32-byte scalar libsodium derives from a key pair's seed (SHA-512, clamp). */
  public static byte[] scalarOf(KeyPair keyPair) {
    byte[] seed = Arrays.copyOf(keyPair.secretKey(), 32);
    byte[] h;
    try {
      h = MessageDigest.getInstance("SHA-512").digest(seed);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 is missing from this JDK", e);
    }
    h[0] &= (byte) 248;
    h[31] &= 127;
    h[31] |= 64;
    return Arrays.copyOf(h, 32);
  }

  /** {@code scalar x point} as a compressed point; throws when libsodium would return -1. */
  public static byte[] dh(byte[] scalar, byte[] point) throws NoiseException {
    if (scalar.length != LENGTH || point.length != LENGTH) {
      throw new NoiseException("DH needs a 32-byte scalar and a 32-byte point");
    }
    if (!Ed25519.validatePublicKeyFull(point, 0)) {
      throw new NoiseException(
          "DH refused the remote key: not a canonical point of prime order (small-order, torsion or off the curve)");
    }
    byte[] t = scalar.clone();
    t[31] &= 127;
    byte[] out = encode(ladder(t, decode(point)));
    if (isZero(scalar) || isIdentity(out)) {
      throw new NoiseException("DH result is the identity point");
    }
    return out;
  }

  /** Extended coordinates (X, Y, Z, T) with x = X/Z, y = Y/Z, xy = T/Z. */
  private static int[][] decode(byte[] p) {
    int[] y = X25519Field.create();
    byte[] yBytes = p.clone();
    yBytes[31] &= 127;
    X25519Field.decode(yBytes, 0, y);
    int[] u = X25519Field.create();
    int[] v = X25519Field.create();
    X25519Field.sqr(y, u);
    X25519Field.mul(D, u, v);
    X25519Field.subOne(u); // u = y^2 - 1
    X25519Field.addOne(v); // v = d y^2 + 1
    X25519Field.carry(v);
    int[] x = X25519Field.create();
    if (!X25519Field.sqrtRatioVar(u, v, x)) {
      throw new IllegalStateException("validated point failed to decompress");
    }
    X25519Field.normalize(x);
    int sign = (p[31] >>> 7) & 1;
    if ((lowBit(x)) != sign) {
      X25519Field.negate(x, x);
      X25519Field.normalize(x);
    }
    int[] z = X25519Field.create();
    X25519Field.one(z);
    int[] t = X25519Field.create();
    X25519Field.mul(x, y, t);
    return new int[][] {x, y, z, t};
  }

  private static int[][] ladder(byte[] scalar, int[][] p) {
    int[][] r0 = identity();
    int[][] r1 = copy(p);
    int swap = 0;
    for (int i = 254; i >= 0; i--) {
      int bit = (scalar[i >>> 3] >>> (i & 7)) & 1;
      swap ^= bit;
      cswap(swap, r0, r1);
      swap = bit;
      add(r0, r1, r1);
      add(r0, r0, r0);
    }
    cswap(swap, r0, r1);
    return r0;
  }

  /**
   * r = p + q (add-2008-hwcd-3, complete for a = -1): also correct for doubling and the identity,
   * so the ladder needs no special cases. {@code r} may alias either input.
   */
  private static void add(int[][] p, int[][] q, int[][] r) {
    int[] a = X25519Field.create();
    int[] b = X25519Field.create();
    int[] c = X25519Field.create();
    int[] d = X25519Field.create();
    int[] e = X25519Field.create();
    int[] f = X25519Field.create();
    int[] g = X25519Field.create();
    int[] h = X25519Field.create();
    int[] t1 = X25519Field.create();
    int[] t2 = X25519Field.create();
    X25519Field.apm(p[1], p[0], b, a); // b = Y1+X1, a = Y1-X1
    X25519Field.apm(q[1], q[0], t2, t1);
    X25519Field.mul(a, t1, a);
    X25519Field.mul(b, t2, b);
    X25519Field.mul(p[3], q[3], c);
    X25519Field.mul(c, D2, c);
    X25519Field.mul(p[2], q[2], d);
    X25519Field.add(d, d, d);
    X25519Field.apm(b, a, h, e); // h = B+A, e = B-A
    X25519Field.apm(d, c, g, f); // g = D+C, f = D-C
    X25519Field.carry(g);
    X25519Field.mul(e, f, r[0]);
    X25519Field.mul(g, h, r[1]);
    X25519Field.mul(e, h, r[3]);
    X25519Field.mul(f, g, r[2]);
  }

  private static byte[] encode(int[][] p) {
    int[] zInv = X25519Field.create();
    X25519Field.inv(p[2], zInv);
    int[] x = X25519Field.create();
    int[] y = X25519Field.create();
    X25519Field.mul(p[0], zInv, x);
    X25519Field.mul(p[1], zInv, y);
    X25519Field.normalize(x);
    X25519Field.normalize(y);
    byte[] out = new byte[LENGTH];
    X25519Field.encode(y, out, 0);
    out[31] |= (byte) (lowBit(x) << 7);
    return out;
  }

  private static int lowBit(int[] normalized) {
    byte[] b = new byte[LENGTH];
    X25519Field.encode(normalized, b, 0);
    return b[0] & 1;
  }

  private static int[][] identity() {
    int[][] p = {X25519Field.create(), X25519Field.create(), X25519Field.create(), X25519Field.create()};
    X25519Field.one(p[1]);
    X25519Field.one(p[2]);
    return p;
  }

  private static int[][] copy(int[][] p) {
    int[][] c = new int[4][];
    for (int i = 0; i < 4; i++) {
      c[i] = p[i].clone();
    }
    return c;
  }

  private static void cswap(int swap, int[][] a, int[][] b) {
    for (int i = 0; i < 4; i++) {
      X25519Field.cswap(swap, a[i], b[i]);
    }
  }

  private static boolean isIdentity(byte[] encoded) {
    if (encoded[0] != 1) {
      return false;
    }
    for (int i = 1; i < LENGTH; i++) {
      if (encoded[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isZero(byte[] b) {
    int acc = 0;
    for (byte x : b) {
      acc |= x;
    }
    return acc == 0;
  }

  private static int[] constant(String littleEndianHex) {
    int[] f = X25519Field.create();
    X25519Field.decode(HexFormat.of().parseHex(littleEndianHex), 0, f);
    return f;
  }
}
