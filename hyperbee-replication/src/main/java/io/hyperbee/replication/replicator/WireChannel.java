package io.hyperbee.replication.replicator;

/**
 * One {@code hypercore/alpha} channel to one peer, for one core: what the replicator sends
 * through. A protomux channel over secret-stream implements it in production; tests pair two
 * in memory. Implementations must keep messages in order and may be called from any thread.
 */
public interface WireChannel {
  /** Sends message {@code type} (0..9, spec 6) with its encoded payload. */
  void send(int type, byte[] payload);

  /** Drops the peer, telling why (logged by the transport; the reason never travels). */
  void close(String reason);
}
