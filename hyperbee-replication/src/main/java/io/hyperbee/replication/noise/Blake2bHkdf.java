package io.hyperbee.replication.noise;

import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * HMAC and HKDF (RFC 5869, empty info) over BLAKE2b-512, as noise-handshake's {@code hkdf.js}
 * computes them: two 64-byte outputs. Stateless.
 */
public final class Blake2bHkdf {
  public static final int HASH_LENGTH = 64;

  private Blake2bHkdf() {}

  /** HMAC-BLAKE2b-512 of the concatenated {@code parts} under {@code key}. */
  public static byte[] hmac(byte[] key, byte[]... parts) {
    HMac mac = new HMac(new Blake2bDigest(512));
    mac.init(new KeyParameter(key));
    for (byte[] part : parts) {
      mac.update(part, 0, part.length);
    }
    byte[] out = new byte[HASH_LENGTH];
    mac.doFinal(out, 0);
    return out;
  }

  /** {@code [T1, T2]}: extract with {@code salt} (the chaining key), expand with empty info. */
  public static byte[][] hkdf(byte[] salt, byte[] inputKeyMaterial) {
    byte[] prk = hmac(salt, inputKeyMaterial);
    byte[] t1 = hmac(prk, new byte[] {1});
    byte[] t2 = hmac(prk, t1, new byte[] {2});
    return new byte[][] {t1, t2};
  }
}
