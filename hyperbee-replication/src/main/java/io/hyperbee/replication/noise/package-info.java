/**
 * The Noise handshake of {@code @hyperswarm/secret-stream}: {@code Noise_XX_Ed25519_ChaChaPoly_BLAKE2b}
 * exactly as noise-handshake 4.2.0 with noise-curve-ed 2.1.0 runs it.
 *
 * <p>{@link io.hyperbee.replication.noise.Ed25519Dh} is the DH (Ed25519 point times scalar with
 * libsodium's point checks), {@link io.hyperbee.replication.noise.Blake2bHkdf} the HMAC/HKDF over
 * BLAKE2b-512, {@code SymmetricState} the hash/chaining-key/cipher state and
 * {@link io.hyperbee.replication.noise.NoiseXX} the three-message pattern, which ends in a
 * {@link io.hyperbee.replication.noise.HandshakeResult}. Pure computation: no I/O, no framing
 * (the {@code secretstream} package adds the uint24 prefixes).
 */
package io.hyperbee.replication.noise;
