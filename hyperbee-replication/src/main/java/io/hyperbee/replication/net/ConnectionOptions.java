package io.hyperbee.replication.net;

import com.google.common.base.Preconditions;

/**
 * Timers (milliseconds, 0 turns one off) and queue bounds (bytes) of a {@link Connection}.
 *
 * @param keepAliveMillis an empty encrypted frame is sent when nothing was written for this long
 *     (secret-stream's {@code setKeepAlive}; JS hypercore uses 5000)
 * @param timeoutMillis the connection is closed when nothing was read for this long
 *     (secret-stream's {@code setTimeout}: "Stream timed out"); keep it well above the peer's
 *     keep-alive. It also bounds every wait on backpressure (20 s when 0).
 * @param handshakeTimeoutMillis the connection is closed if the handshake and both headers are
 *     not through within this long of the start
 * @param highWaterBytes backpressure mark, as a stream's {@code drained}: above this many bytes
 *     queued to send, a peer's requests wait to be answered; above this many bytes received and
 *     not yet handled, the socket is not read
 * @param maxQueuedBytes a peer that leaves this many bytes unread in our send queue (it does not
 *     read while we keep announcing to it) is disconnected, so memory stays bounded
 */
public record ConnectionOptions(long keepAliveMillis, long timeoutMillis, long handshakeTimeoutMillis,
    long highWaterBytes, long maxQueuedBytes) {
  /** Backpressure starts at 1 MiB queued either way. */
  public static final long DEFAULT_HIGH_WATER_BYTES = 1L << 20;
  /** Four secret-stream frames of the largest size. */
  public static final long DEFAULT_MAX_QUEUED_BYTES = 64L << 20;
  /** JS hypercore's keep-alive (5 s), a 20 s read timeout (4 missed keep-alives), 10 s handshake. */
  public static final ConnectionOptions DEFAULTS = new ConnectionOptions(5000, 20_000, 10_000);
  /** What a wait on backpressure is bounded by when the read timeout is off. */
  static final long DEFAULT_WAIT_MILLIS = 20_000;

  public ConnectionOptions {
    Preconditions.checkArgument(keepAliveMillis >= 0, "keepAliveMillis < 0: %s", keepAliveMillis);
    Preconditions.checkArgument(timeoutMillis >= 0, "timeoutMillis < 0: %s", timeoutMillis);
    Preconditions.checkArgument(handshakeTimeoutMillis >= 0, "handshakeTimeoutMillis < 0: %s",
        handshakeTimeoutMillis);
    Preconditions.checkArgument(highWaterBytes > 0, "highWaterBytes <= 0: %s", highWaterBytes);
    Preconditions.checkArgument(maxQueuedBytes > highWaterBytes, "maxQueuedBytes %s not above highWaterBytes %s",
        maxQueuedBytes, highWaterBytes);
  }

  /** The timers with the default queue bounds. */
  public ConnectionOptions(long keepAliveMillis, long timeoutMillis, long handshakeTimeoutMillis) {
    this(keepAliveMillis, timeoutMillis, handshakeTimeoutMillis, DEFAULT_HIGH_WATER_BYTES, DEFAULT_MAX_QUEUED_BYTES);
  }

  public ConnectionOptions withQueueBounds(long highWaterBytes, long maxQueuedBytes) {
    return new ConnectionOptions(keepAliveMillis, timeoutMillis, handshakeTimeoutMillis, highWaterBytes, maxQueuedBytes);
  }

  /** How long one wait on backpressure may last. */
  long waitLimitMillis() {
    return timeoutMillis > 0 ? timeoutMillis : DEFAULT_WAIT_MILLIS;
  }
}
