/**
 * The Merkle tree of a Hypercore (hypercore {@code merkle-tree.js}, npm {@code flat-tree}):
 * flat-tree index arithmetic, immutable tree states (roots, length, byte length, fork,
 * signature), append batches, truncation, and proofs (build and verify, in the exact node order
 * JS sends). No I/O: nodes are read through {@link io.hyperbee.merkle.NodeReader}, which the
 * storage implements.
 *
 * <p>Thread rules: {@link io.hyperbee.merkle.TreeState}, {@link io.hyperbee.merkle.Proof} and
 * the request records are immutable; {@link io.hyperbee.merkle.TreeBatch} belongs to one thread.
 * A large append ({@code TreeBatch.appendAll}, about 32 KiB of hashing and more) is hashed by that
 * thread and the {@link io.hyperbee.merkle.HashWorkers} at once: the blocks are cut into aligned
 * chunks, each hashed with the parents of the whole subtree it forms, and the tree then grows as
 * a sequential append does, so the nodes and their order are the same. The appending thread never
 * waits for a worker (it hashes any chunk still unfinished itself). The workers are one daemon
 * pool for the process ({@code availableProcessors - 1} threads) that lives while a
 * {@code HashWorkers.Lease} is open: every open {@code Hypercore} holds one. A one-block append
 * (an unbatched put) skips the batch: {@code TreeBatch.appendOne} hashes the leaf and the parents
 * it completes and returns the grown state with the new nodes already in index order.
 *
 * <p>Error policy: a proof that does not verify raises {@link io.hyperbee.HyperbeeException}
 * with {@code INVALID_PROOF} (or {@code INVALID_SIGNATURE} when only the signature fails), naming
 * the problem; verification never writes anything. Missing nodes needed to build a proof raise
 * {@code BLOCK_NOT_AVAILABLE}.
 */
package io.hyperbee.merkle;
