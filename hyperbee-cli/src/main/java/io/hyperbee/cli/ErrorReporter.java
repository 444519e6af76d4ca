package io.hyperbee.cli;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one line on stderr ({@code hyperbee: <what went wrong>}) and an exit
 * code from {@link ExitCodes}. Stack traces are shown only with {@code --verbose}.
 */
final class ErrorReporter implements IParameterExceptionHandler, IExecutionExceptionHandler {
  private static final Set<ErrorCode> CORRUPTION =
      EnumSet.of(
          ErrorCode.INVALID_CHECKSUM,
          ErrorCode.INVALID_SIGNATURE,
          ErrorCode.INVALID_PROOF,
          ErrorCode.DECODING_ERROR,
          ErrorCode.CORRUPTION);

  private final HyperbeeCommand root;

  ErrorReporter(HyperbeeCommand root) {
    this.root = root;
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    String name = command.getCommandSpec().qualifiedName();
    PrintWriter err = command.getErr();
    err.println(name + ": " + e.getMessage() + " (see '" + name + " --help')");
    if (root.verbose) {
      e.printStackTrace(err);
    }
    return ExitCodes.USAGE;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
    PrintWriter err = command.getErr();
    Failure failure = classify(e);
    err.println("hyperbee: " + failure.message);
    if (root.verbose) {
      e.printStackTrace(err);
    }
    return failure.exitCode;
  }

  /** What to print and exit with for a failure. */
  record Failure(int exitCode, String message) {}

  static Failure classify(Exception e) {
    if (e instanceof CliException c) {
      return new Failure(c.exitCode(), c.getMessage());
    }
    if (e instanceof HyperbeeException h) {
      if (CORRUPTION.contains(h.code())) {
        return new Failure(ExitCodes.CORRUPT, "corrupt data: " + h.getMessage());
      }
      if (h.code() == ErrorCode.LOCKED) {
        return new Failure(ExitCodes.LOCKED, "the bee is locked, another process has it open (one writer at a"
            + " time; try again when it is done): " + h.getMessage());
      }
      if (h.code() == ErrorCode.VERSION_INSIDE_BATCH) {
        return new Failure(ExitCodes.USAGE, h.getMessage()); // a bad --version, not bad data
      }
      if (h.code() == ErrorCode.READ_ONLY || h.code() == ErrorCode.SESSION_NOT_WRITABLE) {
        return new Failure(ExitCodes.FAILED, "the bee is read-only: " + h.getMessage());
      }
      return new Failure(ExitCodes.FAILED, h.getMessage());
    }
    if (e instanceof IllegalArgumentException) {
      return new Failure(ExitCodes.USAGE, e.getMessage());
    }
    if (e instanceof UnsupportedOperationException && "skeleton".equals(e.getMessage())) {
      return new Failure(ExitCodes.FAILED, "not implemented yet in this build (" + where(e) + ")");
    }
    if (e instanceof UncheckedIOException io) {
      return new Failure(ExitCodes.FAILED, "I/O error: " + io.getCause().getMessage());
    }
    String message = e.getMessage() == null ? "" : ": " + e.getMessage();
    return new Failure(ExitCodes.FAILED, "unexpected " + e.getClass().getSimpleName() + message
        + " (run with --verbose for details)");
  }

  private static String where(Exception e) {
    StackTraceElement[] trace = e.getStackTrace();
    return trace.length == 0 ? "?" : trace[0].getClassName() + "." + trace[0].getMethodName();
  }
}
