package io.hyperbee.cli;

import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Entry point of {@code hyperbee.jar} and the {@code ./hyperbee} launcher. */
public final class Main {
  /** Set by the launcher when stderr is a terminal (the JVM cannot tell on its own). */
  static final String STDERR_TTY_PROPERTY = "hyperbee.stderr.tty";

  private Main() {}

  public static void main(String[] args) {
    // keys and values are UTF-8 text: print them as UTF-8 whatever the platform charset
    PrintWriter out = utf8Writer(new FileOutputStream(FileDescriptor.out));
    PrintWriter err = utf8Writer(new FileOutputStream(FileDescriptor.err));
    // console() is non-null when stdin and stdout are terminals
    boolean interactive = System.console() != null;
    boolean terminal = interactive || Boolean.getBoolean(STDERR_TTY_PROPERTY);
    int code = run(args, new Io(System.in, out, err, terminal, interactive));
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs one command line against {@code io}; returns the exit code (see {@link ExitCodes}). */
  static int run(String[] args, Io io) {
    CommandLine cli = commandLine(io);
    try {
      return cli.execute(args);
    } finally {
      io.out().flush();
      io.err().flush();
    }
  }

  static CommandLine commandLine(Io io) {
    HyperbeeCommand root = new HyperbeeCommand(io);
    CommandLine cli = new CommandLine(root);
    cli.setOut(io.out());
    cli.setErr(io.err());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler(new ErrorReporter(root));
    cli.setExecutionExceptionHandler(new ErrorReporter(root));
    return cli;
  }

  private static PrintWriter utf8Writer(FileOutputStream stream) {
    return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), false);
  }
}
