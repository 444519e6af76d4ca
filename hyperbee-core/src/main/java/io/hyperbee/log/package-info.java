/**
 * The log: {@link io.hyperbee.log.Hypercore}, a signed Merkle append-only log byte-compatible
 * with JS Hypercore 11 (append, get with verification, truncate/fork, proofs for replicas,
 * sparse cores that fetch missing blocks from a {@link io.hyperbee.log.BlockSource}).
 *
 * <p>Thread rules: one writer at a time (appends, truncates and stored proofs are serialized on
 * the core's lock); readers never block: each commit publishes an immutable
 * {@link io.hyperbee.merkle.TreeState}, and reads pin one.
 *
 * <p>Error policy: data, storage and peer failures raise {@link io.hyperbee.HyperbeeException}
 * with a code (forged proofs {@code INVALID_PROOF}/{@code INVALID_SIGNATURE}, never stored;
 * missing blocks {@code BLOCK_NOT_AVAILABLE}; writes without a key
 * {@code SESSION_NOT_WRITABLE}; use after close {@code CLOSED}); bad arguments raise
 * {@link IllegalArgumentException} or {@link NullPointerException}.
 */
package io.hyperbee.log;
