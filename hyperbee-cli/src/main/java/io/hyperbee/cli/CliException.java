package io.hyperbee.cli;

/**
 * A failure to report to the user as one line on stderr with {@link #exitCode()}; the message is
 * written for a person who never saw the code (what is wrong and, where it helps, what to do).
 */
final class CliException extends RuntimeException {
  private final int exitCode;

  CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }

  static CliException usage(String message) {
    return new CliException(ExitCodes.USAGE, message);
  }

  static CliException failed(String message) {
    return new CliException(ExitCodes.FAILED, message);
  }
}
