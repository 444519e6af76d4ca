package io.hyperbee.crypto;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;

/**
 * Namespaces and derived keys (hypercore-crypto {@code namespace}/{@code discoveryKey}, hypercore
 * {@code caps.js}). {@code namespace(name, ids)[i] = H(H(utf8(name)) || byte(ids[i]))}.
 */
public final class Caps {
  private static final byte[][] HYPERCORE = namespace("hypercore", 6);

  /** Prefix of every signable tree state. */
  public static final byte[] TREE = HYPERCORE[0];
  public static final byte[] REPLICATE_INITIATOR = HYPERCORE[1];
  public static final byte[] REPLICATE_RESPONDER = HYPERCORE[2];
  /** Prefix of the manifest hash. */
  public static final byte[] MANIFEST = HYPERCORE[3];
  /** The namespace of a default signer. */
  public static final byte[] DEFAULT_NAMESPACE = HYPERCORE[4];
  public static final byte[] DEFAULT_ENCRYPTION = HYPERCORE[5];

  private static final byte[] HYPERCORE_BYTES = "hypercore".getBytes(StandardCharsets.US_ASCII);

  private Caps() {}

  /** {@code count} namespaces 0..count-1 under {@code name}. Callers must not modify the arrays. */
  public static byte[][] namespace(String name, int count) {
    byte[] base = Blake2b.hash(name.getBytes(StandardCharsets.UTF_8));
    byte[][] out = new byte[count][];
    for (int i = 0; i < count; i++) {
      out[i] = Blake2b.hash(base, new byte[] {(byte) i});
    }
    return out;
  }

  /** Discovery key: BLAKE2b-256 of "hypercore" keyed with the 32-byte core key. */
  public static byte[] discoveryKey(byte[] key) {
    requireNonNull(key, "key is null");
    if (key.length != 32) {
      throw new IllegalArgumentException("key must be 32 bytes, got " + key.length);
    }
    return Blake2b.keyedHash(key, HYPERCORE_BYTES);
  }

  /** Capability proving knowledge of {@code key} in a replication session (spec 5). */
  public static byte[] replicate(boolean initiator, byte[] key, byte[] handshakeHash) {
    return Blake2b.keyedHash(
        handshakeHash, initiator ? REPLICATE_INITIATOR : REPLICATE_RESPONDER, key);
  }

  /** 112 signable bytes: TREE || manifestHash (or v0 namespace) || treeHash || u64le length || u64le fork. */
  public static byte[] treeSignable(byte[] context, byte[] treeHash, long length, long fork) {
    byte[] out = new byte[112];
    System.arraycopy(TREE, 0, out, 0, 32);
    System.arraycopy(context, 0, out, 32, 32);
    System.arraycopy(treeHash, 0, out, 64, 32);
    putLe(out, 96, length);
    putLe(out, 104, fork);
    return out;
  }

  /** 80 compat signable bytes: TREE || treeHash || u64le length || u64le fork. */
  public static byte[] treeSignableCompat(byte[] treeHash, long length, long fork) {
    byte[] out = new byte[80];
    System.arraycopy(TREE, 0, out, 0, 32);
    System.arraycopy(treeHash, 0, out, 32, 32);
    putLe(out, 64, length);
    putLe(out, 72, fork);
    return out;
  }

  private static void putLe(byte[] out, int offset, long n) {
    for (int i = 0; i < 8; i++) {
      out[offset + i] = (byte) (n >>> (8 * i));
    }
  }
}
