package io.hyperbee.replication.noise;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * What a finished handshake hands to the transport (secret-stream's {@code handshake} option):
 * the 32-byte transport keys, the 64-byte handshake hash, and both static public keys.
 * Arrays are copied in and out; equality compares their contents; {@code toString} shows only the
 * public keys.
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

  @Override
  public boolean equals(Object o) {
    return o instanceof HandshakeResult r
        && Arrays.equals(tx, r.tx)
        && Arrays.equals(rx, r.rx)
        && Arrays.equals(hash, r.hash)
        && Arrays.equals(publicKey, r.publicKey)
        && Arrays.equals(remotePublicKey, r.remotePublicKey);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(hash);
  }

  @Override
  public String toString() {
    HexFormat hex = HexFormat.of();
    return "HandshakeResult{publicKey=" + hex.formatHex(publicKey)
        + ", remotePublicKey=" + hex.formatHex(remotePublicKey) + "}";
  }

  private static byte[] checked(String name, byte[] value, int length) {
    if (value == null || value.length != length) {
      throw new IllegalArgumentException(
          name + " must be " + length + " bytes, got " + (value == null ? "null" : value.length));
    }
    return value.clone();
  }
}
