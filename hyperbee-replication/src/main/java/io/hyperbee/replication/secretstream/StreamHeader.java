package io.hyperbee.replication.secretstream;

import io.hyperbee.crypto.Blake2b;
import io.hyperbee.crypto.Caps;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The 56-byte frame each side sends after the handshake: {@code streamId(32) || secretstream
 * header(24)}, unencrypted. {@code streamId} is BLAKE2b-256 of the sender's role namespace
 * ({@code NS_INITIATOR} or {@code NS_RESPONDER} of "hyperswarm/secret-stream") keyed with the
 * 64-byte handshake hash; the receiver checks it against the other role.
 */
final class StreamHeader {
  static final int LENGTH = 32 + SecretStreamState.HEADER_LENGTH;
  private static final byte[][] NS = Caps.namespace("hyperswarm/secret-stream", 3);

  private StreamHeader() {}

  static byte[] streamId(byte[] handshakeHash, boolean initiator) {
    return new Blake2b(handshakeHash).update(NS[initiator ? 0 : 1]).digest();
  }

  static byte[] encode(byte[] handshakeHash, boolean senderIsInitiator, byte[] secretstreamHeader) {
    byte[] out = Arrays.copyOf(streamId(handshakeHash, senderIsInitiator), LENGTH);
    System.arraycopy(secretstreamHeader, 0, out, 32, SecretStreamState.HEADER_LENGTH);
    return out;
  }

  /** The secretstream header of a received frame whose stream id matches the sender's role. */
  static byte[] decode(byte[] frame, byte[] handshakeHash, boolean senderIsInitiator)
      throws SecretStreamException {
    if (frame.length != LENGTH) {
      throw new SecretStreamException("stream header must be " + LENGTH + " bytes, got " + frame.length);
    }
    byte[] expected = streamId(handshakeHash, senderIsInitiator);
    if (!MessageDigest.isEqual(expected, Arrays.copyOf(frame, 32))) {
      throw new SecretStreamException("wrong stream id in the stream header (not this handshake's "
          + (senderIsInitiator ? "initiator" : "responder") + ")");
    }
    return Arrays.copyOfRange(frame, 32, LENGTH);
  }
}
