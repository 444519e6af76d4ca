/**
 * Replication: the Hypercore wire protocol exactly as the JS packages speak it.
 *
 * <p>Layers, each its own package: {@code noise} (Noise XX over Ed25519, the handshake of
 * {@code @hyperswarm/secret-stream}), {@code secretstream} (uint24 framing and
 * {@code crypto_secretstream_xchacha20poly1305} frames), {@code protomux} (channels multiplexed
 * inside one stream), {@code net} (TCP), and on top {@code wire} (the {@code hypercore/alpha} messages) and
 * {@code replicator} (the per-core replication state machine), {@code stream} (replicators over a
 * connection) and {@code host} (serving cores on an address, a replica's link to its peer).
 * The log ({@code io.hyperbee.log}) never imports this module: replication sits beside it.
 */
package io.hyperbee.replication;
