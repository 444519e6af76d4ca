/**
 * Hyperbee's cache-warmup extension ({@code "hyperbee"}, hyperbee 2.27.3 lib/extension.js):
 * the glue between a {@link io.hyperbee.btree.Hyperbee} and the
 * {@link io.hyperbee.replication.replicator.Replicator} of its core.
 *
 * <p>One line turns it on, for a served bee and for a bee read on a replica alike:
 * {@code BeeExtension.attach(bee, replicator)} (close it before the bee and the replicator). A
 * served bee then answers peers' {@code get} and {@code iterator} queries with the block seqs
 * JS's walk of the query touches ({@link io.hyperbee.btree.SeqTrace}), in {@code cache} messages
 * byte-identical to JS's ({@code CacheAnswer}, {@code ExtensionMessage}); a bee on a replica,
 * when a get or range read must wait for a block, broadcasts its query and has the blocks the
 * answers name fetched ahead ({@link io.hyperbee.replication.replicator.Replicator#prefetch}), so
 * a cold get on a 100,000-key bee waits for one or two round trips instead of one per block.
 * Attaching also lets the replicator have {@code ReplicatorOptions.BEE_MAX_INFLIGHT} (512)
 * requests in flight per peer, as a JS Hyperbee lets its core: an iterator answer names ~150
 * blocks, all asked for in one round trip (with 48 they took four).
 * Answers only hint: every block is verified as any, and what answers may make us fetch is bounded
 * per query sent ({@code Allowance}).
 */
package io.hyperbee.replication.bee;
