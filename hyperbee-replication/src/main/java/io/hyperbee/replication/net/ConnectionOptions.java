package io.hyperbee.replication.net;

import com.google.common.base.Preconditions;

/**
 * Timers of a {@link Connection}, in milliseconds (0 turns one off).
 *
 * @param keepAliveMillis an empty encrypted frame is sent when nothing was written for this long
 *     (secret-stream's {@code setKeepAlive}; JS hypercore uses 5000)
 * @param timeoutMillis the connection is closed when nothing was read for this long
 *     (secret-stream's {@code setTimeout}: "Stream timed out"); keep it well above the peer's
 *     keep-alive
 * @param handshakeTimeoutMillis the connection is closed if the handshake and both headers are
 *     not through within this long of the start
 */
public record ConnectionOptions(long keepAliveMillis, long timeoutMillis, long handshakeTimeoutMillis) {
  /** JS hypercore's keep-alive (5 s), a 20 s read timeout (4 missed keep-alives), 10 s handshake. */
  public static final ConnectionOptions DEFAULTS = new ConnectionOptions(5000, 20_000, 10_000);

  public ConnectionOptions {
    Preconditions.checkArgument(keepAliveMillis >= 0, "keepAliveMillis < 0: %s", keepAliveMillis);
    Preconditions.checkArgument(timeoutMillis >= 0, "timeoutMillis < 0: %s", timeoutMillis);
    Preconditions.checkArgument(handshakeTimeoutMillis >= 0, "handshakeTimeoutMillis < 0: %s",
        handshakeTimeoutMillis);
  }
}
