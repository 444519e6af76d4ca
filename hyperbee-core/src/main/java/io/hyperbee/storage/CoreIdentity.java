package io.hyperbee.storage;

/**
 * Who a core is: its 32-byte key, the encoded manifest (null for compat cores, whose key is the
 * public key), the writer's public key, and the 64-byte secret key (null for read-only cores).
 * Arrays are owned by the record; do not modify them.
 */
public record CoreIdentity(byte[] key, byte[] manifest, byte[] publicKey, byte[] secretKey, boolean compat) {}
