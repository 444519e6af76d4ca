/**
 * TCP for the replication stream: a {@link io.hyperbee.replication.net.Connection} runs a
 * secret-stream session over a blocking socket (one reader and one writer thread, keep-alive,
 * read and handshake timeouts, one close reason) with a protomux on top; a {@link
 * io.hyperbee.replication.net.Listener} accepts many, each independent of the others.
 *
 * <p>Memory is bounded both ways ({@link io.hyperbee.replication.net.ConnectionOptions}): the send
 * queue counts bytes, offers a high-water mark to wait on ({@code awaitDrained}, JS's
 * {@code drained}) and disconnects a peer that leaves {@code maxQueuedBytes} unread; a {@link
 * io.hyperbee.replication.net.ReadThrottle} stops reading the socket while received messages wait.
 */
package io.hyperbee.replication.net;
