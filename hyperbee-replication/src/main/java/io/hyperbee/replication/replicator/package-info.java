/**
 * The {@code hypercore/alpha} replicator, as hypercore 11.36.1's {@code lib/replicator.js} does
 * it on the wire.
 *
 * <p>Per core: a {@link io.hyperbee.replication.replicator.Replicator} (request ids, requests in
 * flight, the eager upgrade, the read API: {@code get} with a timeout, {@code update},
 * {@code download}, {@code has}; registered extensions). Per channel: a
 * {@link io.hyperbee.replication.replicator.Peer} (what the remote said in its syncs, which
 * blocks it holds, what it wants). Per stream: nothing here; the transport adapter
 * ({@code io.hyperbee.replication.stream.ReplicationStream}) opens one channel per core on a
 * stream, implements {@link io.hyperbee.replication.replicator.WireChannel} for it and hands the
 * peer the remote's open payload, messages and close, with the stream's handshake hash and
 * initiator role for the capability.
 *
 * <p>A replica core is opened with a {@link io.hyperbee.replication.replicator.ReplicaSource} as
 * its block source, so {@code Hypercore.get} (and a Hyperbee on it) reads through the peers.
 * Every answer is verified by {@code Hypercore.applyProofs} before it is stored; peers that lie
 * are dropped with the reason. Answers are verified and stored on the replicator's store thread,
 * all that arrived while the previous commit ran in one commit: a commit of sparse blocks is
 * forced to disk, and one per block held a full download to about one block per fsync.
 * {@code prefetch} requests blocks ahead of reads without waiting
 * (hypercore's {@code download({ blocks })}, used by the cache-warmup extension and by a bee's
 * node preload through {@code ReplicaSource.prefetch}), queued for free request slots;
 * {@code readRequests} and {@code requestsSent} count the requests reads made. Requests in
 * flight per peer start at the options' {@code maxInflight} (48, a bare JS core over TCP) and
 * {@code raiseMaxInflight} raises them (JS's {@code setInflightRange}; the bee extension raises
 * them to 512, as a JS Hyperbee does on its core). {@code download}
 * hands its workers stretches far apart ({@code DownloadOrder}) so that each request carries about
 * one proof node, as a JS reader's do.
 *
 * <p>What we tell peers we hold (ranges, bitfields answering wants) comes from {@code
 * LocalBlocks}, bits loaded from the core a page at a time and kept in step with it: the core's
 * {@code has} reads the block from storage (about 2-8 us a block on disk, so a want of a
 * 100k-block sparse replica cost 0.2-0.8 s under the replicator's lock). Serving a request still
 * asks the core. A {@code Hypercore.clear} of a served core is told to every peer as a
 * {@code range} with drop (hypercore's {@code onhave(start, length, true)}), and from then on a
 * writer no longer says it holds everything; a peer's drop makes us stop asking it for those
 * blocks.
 *
 * <p>Differences from JS, on purpose: a peer that advertises a length with {@code canUpgrade}
 * and then refuses to prove it, or stalls past the request timeout, is dropped (JS pauses or
 * hot-swaps it); reorgs (a peer on a newer fork) are refused, never applied; every
 * {@code hypercore/alpha} payload with trailing bytes is refused.
 */
package io.hyperbee.replication.replicator;
