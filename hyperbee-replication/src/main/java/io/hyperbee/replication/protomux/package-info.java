/**
 * protomux: many channels inside one secret-stream, byte for byte as JS protomux 3.12.1.
 *
 * <p>A frame is {@code varint channelId || varint type || payload}, one per secret-stream
 * message. Channel 0 is control: batch (0), open (1), reject (2), close (3) ({@link
 * io.hyperbee.replication.protomux.Frames}). A channel is paired when both sides opened the same
 * (protocol, id); ids in frames are the sender's own. {@link
 * io.hyperbee.replication.protomux.Protomux} is pure (frames in through {@code receive}, out
 * through a {@link io.hyperbee.replication.protomux.FrameSink}); the {@code net} package runs
 * it over TCP.
 *
 * <p>Use, as in JS:
 *
 * <pre>{@code
 * Channel ch = mux.createChannel(ChannelOptions.of("hypercore/alpha", discoveryKey)
 *     .alias("hypercore")
 *     .onOpen((remoteHandshake, c) -> ...)
 *     .onClose((byPeer, c) -> ...));
 * Message<byte[]> request = ch.addMessage(MessageEncoding.RAW, (m, c) -> ...);
 * ch.open(handshakeBytes);
 * // after onOpen: request.send(bytes);
 * mux.pair("hypercore/alpha", null, id -> { ... createChannel for id, then open ... });
 * }</pre>
 */
package io.hyperbee.replication.protomux;
