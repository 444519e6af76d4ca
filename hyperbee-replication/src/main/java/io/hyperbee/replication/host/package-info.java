/**
 * Hosting and following cores over TCP, the pieces an application (or the CLI's {@code serve},
 * {@code clone} and {@code --peer}) puts together: a {@link io.hyperbee.replication.host.Host}
 * listens and serves the cores given to it to every peer that connects, telling an observer who
 * came and went; an {@link io.hyperbee.replication.host.Upstream} is a replica's link to the peer
 * it follows (connect, wait for the core's channel and the newest length, close). Given a
 * {@link io.hyperbee.replication.host.Backoff}, an upstream that loses its peer (the writer
 * restarts, the network drops) links to it again, 0.1 s doubling to 5 s apart by default, and
 * catches up; a peer on another fork or one that broke the protocol is refused for good
 * ({@link io.hyperbee.replication.host.PeerRefusedException}). A host's close frees its port at
 * once, so a restarted writer binds the address its followers know.
 *
 * <p>Ownership: the caller opens and closes the cores; a host owns its listener, the connections
 * it accepted and the replicators it made; an upstream owns its replicator, its connection and the
 * thread that watches it. Both close those before the caller closes the core.
 */
package io.hyperbee.replication.host;
