/**
 * The log: {@link io.hyperbee.log.Hypercore}, a signed Merkle append-only log byte-compatible
 * with JS Hypercore 11 (append, get with verification, truncate/fork, proofs for replicas,
 * sparse cores that fetch missing blocks from a {@link io.hyperbee.log.BlockSource}).
 *
 * <p>Thread rules: one writer at a time (appends, truncates and stored proofs are serialized on
 * the core's lock); readers never block: each commit publishes an immutable
 * {@link io.hyperbee.merkle.TreeState}, and reads pin one.
 *
 * <p>Deferred signing (issue 8, 18): an append stores its head unsigned; the state is signed when
 * a signature or signed length leaves the core - {@code signature()}, {@code state()} (what
 * replication's sync messages and upgrades read), {@code proof}, {@code verify} - and the signature
 * is stored by {@code close()}, also when it was made on demand meanwhile. A crash leaves an
 * unsigned head on disk whose data is all there (SIGKILL: the OS has every write; power loss: the
 * storage's sync rules); the next writable open re-signs it with the stored secret key
 * (Ed25519 is deterministic: the same bytes JS signs), and an opener without the secret key
 * refuses it as CORRUPTION rather than present an unsigned length as signed.
 *
 * <p>Error policy: data, storage and peer failures raise {@link io.hyperbee.HyperbeeException}
 * with a code (forged proofs {@code INVALID_PROOF}/{@code INVALID_SIGNATURE}, never stored;
 * missing blocks {@code BLOCK_NOT_AVAILABLE}; writes without a key
 * {@code SESSION_NOT_WRITABLE}; use after close {@code CLOSED}); bad arguments raise
 * {@link IllegalArgumentException} or {@link NullPointerException}.
 */
package io.hyperbee.log;
