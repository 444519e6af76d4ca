package io.hyperbee;

import static java.util.Objects.requireNonNull;

/**
 * The one unchecked exception for failures caused by data, storage or a peer (corrupt file, bad
 * checksum, forged proof, bad signature, missing block) and for state errors (closed, read-only).
 * Bad arguments are reported with {@link IllegalArgumentException} / {@link NullPointerException}
 * instead, naming the argument.
 */
public final class HyperbeeException extends RuntimeException {
  private final ErrorCode code;

  public HyperbeeException(ErrorCode code, String message) {
    super(code + ": " + message);
    this.code = requireNonNull(code, "code is null");
  }

  public HyperbeeException(ErrorCode code, String message, Throwable cause) {
    super(code + ": " + message, cause);
    this.code = requireNonNull(code, "code is null");
  }

  public ErrorCode code() {
    return code;
  }
}
