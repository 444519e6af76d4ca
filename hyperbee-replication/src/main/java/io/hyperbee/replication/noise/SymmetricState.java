package io.hyperbee.replication.noise;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The Noise symmetric state of noise-handshake 4.2.0 ({@code symmetric-state.js} and
 * {@code cipher.js}): handshake hash {@code h} (BLAKE2b-512), chaining key, and the
 * ChaCha20-Poly1305 IETF cipher with nonce {@code 0^4 || u64le(n)} and {@code h} as AD.
 * Before the first key, "encryption" returns the plaintext (still mixed into {@code h}).
 */
final class SymmetricState {
  static final int MAX_MESSAGE = 65535;
  private static final int MAC_LENGTH = 16;

  private final byte[] h = new byte[Blake2bHkdf.HASH_LENGTH];
  private byte[] chainingKey;
  private byte[] key;
  private long nonce;

  SymmetricState(String protocolName) {
    byte[] name = protocolName.getBytes(StandardCharsets.US_ASCII);
    if (name.length > h.length) {
      throw new IllegalArgumentException("protocol names over 64 bytes are not used here");
    }
    System.arraycopy(name, 0, h, 0, name.length);
    chainingKey = h.clone();
  }

  void mixHash(byte[] data) {
    Blake2bDigest digest = new Blake2bDigest(512);
    digest.update(h, 0, h.length);
    digest.update(data, 0, data.length);
    digest.doFinal(h, 0);
  }

  /** MixKey(DH output): new chaining key and a fresh cipher key (first 32 bytes of T2). */
  void mixKey(byte[] dhOutput) {
    byte[][] t = Blake2bHkdf.hkdf(chainingKey, dhOutput);
    chainingKey = t[0];
    key = Arrays.copyOf(t[1], 32);
    nonce = 0;
  }

  boolean hasKey() {
    return key != null;
  }

  byte[] encryptAndHash(byte[] plaintext) throws NoiseException {
    byte[] out = key == null ? plaintext.clone() : aead(true, plaintext);
    mixHash(out);
    return out;
  }

  byte[] decryptAndHash(byte[] ciphertext) throws NoiseException {
    byte[] out = key == null ? ciphertext.clone() : aead(false, ciphertext);
    mixHash(ciphertext);
    return out;
  }

  /** The two 32-byte transport keys: (initiator tx, responder tx). */
  byte[][] split() {
    byte[][] t = Blake2bHkdf.hkdf(chainingKey, new byte[0]);
    return new byte[][] {Arrays.copyOf(t[0], 32), Arrays.copyOf(t[1], 32)};
  }

  byte[] handshakeHash() {
    return h.clone();
  }

  private byte[] aead(boolean encrypt, byte[] in) throws NoiseException {
    if (in.length > MAX_MESSAGE) {
      throw new NoiseException("Noise message longer than " + MAX_MESSAGE + " bytes");
    }
    if (!encrypt && in.length < MAC_LENGTH) {
      throw new NoiseException("Noise ciphertext shorter than its 16-byte MAC");
    }
    byte[] iv = new byte[12];
    for (int i = 0; i < 8; i++) {
      iv[4 + i] = (byte) (nonce >>> (8 * i));
    }
    ChaCha20Poly1305 cipher = new ChaCha20Poly1305();
    cipher.init(encrypt, new AEADParameters(new KeyParameter(key), MAC_LENGTH * 8, iv, h));
    byte[] out = new byte[cipher.getOutputSize(in.length)];
    int n = cipher.processBytes(in, 0, in.length, out, 0);
    try {
      cipher.doFinal(out, n);
    } catch (InvalidCipherTextException e) {
      throw new NoiseException("Noise message failed authentication", e);
    }
    nonce++;
    return out;
  }
}
