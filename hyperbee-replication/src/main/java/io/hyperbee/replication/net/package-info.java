/**
 * TCP for the replication stream: a {@link io.hyperbee.replication.net.Connection} runs a
 * secret-stream session over a blocking socket (one reader and one writer thread, keep-alive,
 * read and handshake timeouts, one close reason) with a protomux on top; a {@link
 * io.hyperbee.replication.net.Listener} accepts many, each independent of the others.
 */
package io.hyperbee.replication.net;
