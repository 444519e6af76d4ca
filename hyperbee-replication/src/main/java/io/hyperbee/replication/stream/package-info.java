/**
 * The glue between a {@link io.hyperbee.replication.net.Connection} and the replicators: one
 * {@code hypercore/alpha} protomux channel per core both sides replicate, as hypercore 11.36.1's
 * {@code replicator.attachTo(protomux)} and corestore 7.12.5's {@code store.replicate(stream)}.
 *
 * <p>A {@link io.hyperbee.replication.stream.CoreRegistry} maps discovery keys to the
 * {@link io.hyperbee.replication.replicator.Replicator}s a process serves or follows; a {@link
 * io.hyperbee.replication.stream.ReplicationStream} runs them over one connection: once the
 * handshake is through it opens a channel for every registered core (in one corked batch, as
 * corestore does), and when the peer opens a channel for a registered core it opens ours.
 *
 * <p>Threads: protomux calls back under its lock on the connection's reader thread, while the
 * replicator sends under its own lock from its timer and readers' threads. Taking the replicator's
 * lock inside the mux's would deadlock against that, so every call into a replicator (attach,
 * open, messages, close) is handed, in arrival order, to the stream's one dispatch thread. That
 * queue is bounded in bytes (the connection stops reading past its high-water mark), and a peer's
 * request is answered only once the send queue is under the mark (waiting, in order, on a serving
 * thread while the dispatch goes on), so neither a flooding peer nor one that never reads grows our
 * memory, and two peers answering each other never wait on each other's reads.
 */
package io.hyperbee.replication.stream;
