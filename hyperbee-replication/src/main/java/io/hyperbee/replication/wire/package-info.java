/**
 * The {@code hypercore/alpha} channel messages (spec section 6) as immutable values with pure
 * encode/decode, byte for byte what hypercore 11.36.1's {@code lib/messages.js} {@code wire}
 * encoders write.
 *
 * <p>{@link io.hyperbee.replication.wire.WireCodec} maps a message type (0..9) and payload to a
 * {@link io.hyperbee.replication.wire.WireMessage} and back; the channel's open payload is a
 * {@link io.hyperbee.replication.wire.Handshake}. Block proofs in {@code request}/{@code data}
 * are the log's own {@link io.hyperbee.merkle.ProofRequest}/{@link io.hyperbee.merkle.Proof}.
 * Decoding untrusted bytes fails only with a {@link io.hyperbee.HyperbeeException} of code
 * {@code DECODING_ERROR}; a payload with trailing bytes is refused (JS's encoders never write
 * any).
 */
package io.hyperbee.replication.wire;
