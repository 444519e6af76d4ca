/**
 * The Merkle tree of a Hypercore (hypercore {@code merkle-tree.js}, npm {@code flat-tree}):
 * flat-tree index arithmetic, immutable tree states (roots, length, byte length, fork,
 * signature), append batches, truncation, and proofs (build and verify, in the exact node order
 * JS sends). No I/O: nodes are read through {@link io.hyperbee.merkle.NodeReader}, which the
 * storage implements.
 *
 * <p>Thread rules: {@link io.hyperbee.merkle.TreeState}, {@link io.hyperbee.merkle.Proof} and
 * the request records are immutable; {@link io.hyperbee.merkle.TreeBatch} belongs to one thread.
 *
 * <p>Error policy: a proof that does not verify raises {@link io.hyperbee.HyperbeeException}
 * with {@code INVALID_PROOF} (or {@code INVALID_SIGNATURE} when only the signature fails), naming
 * the problem; verification never writes anything. Missing nodes needed to build a proof raise
 * {@code BLOCK_NOT_AVAILABLE}.
 */
package io.hyperbee.merkle;
