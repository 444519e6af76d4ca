package io.hyperbee.replication.stream;

/**
 * Sees every {@code hypercore/alpha} message a {@link ReplicationStream} sends or receives, with
 * its wire type and encoded payload: how the replication benchmarks count requests, responses
 * and round trips without touching the replicator. {@link #sent} runs on the sender's thread,
 * {@link #received} on the connection's reader thread before the message is handed on, so a tap
 * must be quick and must not keep the payload (it is not copied).
 */
public interface WireTap {
  /** The tap of a stream nobody watches. */
  WireTap NONE = new WireTap() {
    @Override
    public void sent(int type, byte[] payload) {}

    @Override
    public void received(int type, byte[] payload) {}
  };

  void sent(int type, byte[] payload);

  void received(int type, byte[] payload);
}
