package io.hyperbee.replication.secretstream;

import java.io.IOException;

/**
 * The transport's one error type: the stream is broken (a failed handshake, a forged, truncated
 * or oversized frame, a wrong stream id, a missing header) and must be closed. The message names
 * the reason.
 */
public final class SecretStreamException extends IOException {
  public SecretStreamException(String reason) {
    super(reason);
  }

  public SecretStreamException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
