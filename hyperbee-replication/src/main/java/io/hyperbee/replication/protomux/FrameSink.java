package io.hyperbee.replication.protomux;

/**
 * Where a {@link Protomux} writes its frames: each array is one whole protomux frame, to be sent
 * as one secret-stream message, in call order. Called while the mux's lock is held, so an
 * implementation must not block on anything that needs the mux (queue the frame instead).
 */
@FunctionalInterface
public interface FrameSink {
  void write(byte[] frame);
}
