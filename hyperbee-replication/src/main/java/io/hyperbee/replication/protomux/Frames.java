package io.hyperbee.replication.protomux;

import io.hyperbee.encoding.Encoder;

/**
 * Writes protomux frames: {@code varint channelId || varint type || payload}; channel 0 carries
 * the control messages (type 0 batch, 1 open, 2 reject, 3 close). The reading side is
 * {@link Protomux#receive}. Every encoder returns the whole frame (with the leading channel id);
 * a corked mux puts the frame minus that first byte into its batch.
 */
final class Frames {
  static final int BATCH = 0;
  static final int OPEN = 1;
  static final int REJECT = 2;
  static final int CLOSE = 3;

  private Frames() {}

  /** {@code 00 01 localId protocol optionalBuffer(id) handshake}. */
  static byte[] open(int localId, String protocol, byte[] id, byte[] handshake) {
    Encoder e = new Encoder().uint8(0).uint8(OPEN).uint(localId).string(protocol).optionalBuffer(id);
    if (handshake != null) {
      e.raw(handshake);
    }
    return e.toByteArray();
  }

  /** {@code 00 02 remoteId}: refuses the peer's open of its channel {@code remoteId}. */
  static byte[] reject(long remoteId) {
    return new Encoder().uint8(0).uint8(REJECT).uint(remoteId).toByteArray();
  }

  /** {@code 00 03 localId}. */
  static byte[] close(int localId) {
    return new Encoder().uint8(0).uint8(CLOSE).uint(localId).toByteArray();
  }

  /** A channel message outside a batch: {@code localId type payload}. */
  static byte[] message(int localId, int type, byte[] payload) {
    return new Encoder(payload.length + 8).uint(localId).uint(type).raw(payload).toByteArray();
  }

  /** A channel message as a batch item: {@code type payload}. */
  static byte[] batchItem(int type, byte[] payload) {
    return new Encoder(payload.length + 4).uint(type).raw(payload).toByteArray();
  }
}
