package io.hyperbee.replication.net;

import java.io.IOException;

/**
 * Why a {@link Connection} ended when nothing more specific failed: the peer ended the stream,
 * a timer expired, or it was closed here. Failures of the layers keep their own types
 * ({@code SecretStreamException}, {@code ProtomuxException}) as the close reason.
 */
public final class ConnectionClosedException extends IOException {
  public ConnectionClosedException(String reason) {
    super(reason);
  }

  public ConnectionClosedException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
