package io.hyperbee.replication.replicator;

/**
 * Receives the messages of one registered extension (hypercore {@code registerExtension}'s
 * {@code onmessage}). Called on the peer's transport thread under the replicator's lock: it must
 * be quick and hand real work to another thread.
 */
@FunctionalInterface
public interface ExtensionHandler {
  /** {@code message} is the extension's payload as sent (JS's default encoding wraps it as a compact buffer). */
  void onMessage(Peer from, byte[] message);
}
