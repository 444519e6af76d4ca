package io.hyperbee.replication.noise;

/**
 * What a finished handshake hands to the transport (secret-stream's {@code handshake} option):
 * the 32-byte transport keys, the 64-byte handshake hash, and both static public keys.
 * Arrays are copied in and out.
 */
public record HandshakeResult(
    byte[] tx, byte[] rx, byte[] hash, byte[] publicKey, byte[] remotePublicKey) {
  public HandshakeResult {
    tx = checked("tx", tx, 32);
    rx = checked("rx", rx, 32);
    hash = checked("hash", hash, 64);
    publicKey = checked("publicKey", publicKey, 32);
    remotePublicKey = checked("remotePublicKey", remotePublicKey, 32);
  }

  @Override
  public byte[] tx() {
    return tx.clone();
  }

  @Override
  public byte[] rx() {
    return rx.clone();
  }

  @Override
  public byte[] hash() {
    return hash.clone();
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public byte[] remotePublicKey() {
    return remotePublicKey.clone();
  }

  private static byte[] checked(String name, byte[] value, int length) {
    if (value == null || value.length != length) {
      throw new IllegalArgumentException(
          name + " must be " + length + " bytes, got " + (value == null ? "null" : value.length));
    }
    return value.clone();
  }
}
