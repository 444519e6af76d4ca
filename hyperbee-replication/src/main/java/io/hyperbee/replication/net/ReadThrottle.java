package io.hyperbee.replication.net;

/**
 * Holds a {@link Connection}'s reader back while what it already read is still being handled,
 * so a peer that sends faster than we handle fills its own socket, not our memory.
 */
@FunctionalInterface
public interface ReadThrottle {
  /**
   * Returns true once there is room to read more, or at once if the connection closed; false when
   * no room came within {@code timeoutMillis} (the connection then fails with that reason).
   */
  boolean awaitRoom(long timeoutMillis) throws InterruptedException;
}
