package io.hyperbee.replication.host;

import java.io.IOException;

/**
 * The peer was reached but is not to be followed: it broke the protocol (forged or invalid data,
 * a length it would not prove, garbled messages) or is on another fork than the replica (its
 * writer truncated the log). An {@link Upstream} does not try such a peer again: it would answer
 * the same, and a fork needs a person to decide which log is the right one.
 */
public final class PeerRefusedException extends IOException {
  private static final long serialVersionUID = 1L;

  public PeerRefusedException(String message) {
    super(message);
  }
}
