package io.hyperbee.crypto;

/**
 * An Ed25519 key pair as libsodium makes it: a 32-byte public key and a 64-byte secret key
 * ({@code seed || publicKey}). CONTRACT SKELETON: the hypercore work fills this in.
 */
public final class KeyPair {
  private KeyPair() {}

  /** Deterministic key pair from a 32-byte seed ({@code crypto_sign_seed_keypair}). */
  public static KeyPair fromSeed(byte[] seed) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** A key pair from a fresh random seed. */
  public static KeyPair random() {
    throw new UnsupportedOperationException("skeleton");
  }

  /** The 32-byte public key (a copy). */
  public byte[] publicKey() {
    throw new UnsupportedOperationException("skeleton");
  }

  /** The 64-byte secret key, {@code seed || publicKey} (a copy). */
  public byte[] secretKey() {
    throw new UnsupportedOperationException("skeleton");
  }
}
