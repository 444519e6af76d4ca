package io.hyperbee.replication.protomux;

import java.io.IOException;

/**
 * The multiplexer's one error type: the peer sent a frame protomux cannot accept (truncated
 * varints, an open with an id that is not dense, a reject for a channel never opened, a message
 * its encoding cannot decode) or a channel callback failed. The whole stream is then destroyed,
 * as JS protomux destroys it; the message names the reason.
 */
public final class ProtomuxException extends IOException {
  public ProtomuxException(String reason) {
    super(reason);
  }

  public ProtomuxException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
