package io.hyperbee.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The {@code hyperbee} command: global options and the list of subcommands. */
@Command(
    name = "hyperbee",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    versionProvider = VersionProvider.class,
    description = {
      "Create, read, write and check Hyperbee databases: append-only B-trees on a signed Hypercore log, byte-compatible with the JS hyperbee and hypercore packages.",
      "DIR is a bee's directory; ./hyperbee-data when omitted. New here? Run: hyperbee demo"
    },
    subcommands = {
      DemoCommand.class,
      InitCommand.class,
      PutCommand.class,
      GetCommand.class,
      DelCommand.class,
      ApplyCommand.class,
      ScanCommand.class,
      DiffCommand.class,
      WatchCommand.class,
      HistoryCommand.class,
      InfoCommand.class,
      DumpCommand.class,
      VerifyCommand.class,
      ServeCommand.class,
      CloneCommand.class,
      FollowCommand.class,
      CompactCommand.class,
    },
    footer = ExitCodes.HELP)
final class HyperbeeCommand implements Runnable {
  private final Io io;

  @Spec CommandSpec spec;

  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      description = "Show the stack trace of an error.")
  boolean verbose;

  HyperbeeCommand(Io io) {
    this.io = io;
  }

  Io io() {
    return io;
  }

  /** Without a subcommand: the overview. */
  @Override
  public void run() {
    spec.commandLine().usage(io.out());
  }
}
