/**
 * Hypercore's cryptography, byte-compatible with hypercore-crypto and hypercore's
 * {@code caps.js}, {@code verifier.js} and {@code multisig.js}: BLAKE2b-256 (written by hand,
 * allocation-free, checked against RFC 7693 and BouncyCastle: the largest cost of a batched append),
 * Merkle node hashes with type prefixes, namespaces, discovery keys, Ed25519 key pairs and
 * signatures (BouncyCastle), manifests, signable bytes and signature containers.
 *
 * <p>Thread rules: value classes are immutable; {@link io.hyperbee.crypto.Blake2b} and
 * {@link io.hyperbee.crypto.NodeHasher} are reusable but single-threaded (use
 * {@link io.hyperbee.crypto.NodeHasher#local()} for a per-thread instance).
 *
 * <p>Error policy: malformed manifests or signature containers raise
 * {@link io.hyperbee.HyperbeeException} ({@code DECODING_ERROR}); a signature that does not
 * verify is reported as {@code false} or {@code INVALID_SIGNATURE} by the caller's choice.
 */
package io.hyperbee.crypto;
