package io.hyperbee.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code follow [DIR] HOST:PORT}: keeps a replica up to date with its writer until stopped. */
@Command(
    name = "follow",
    header = "Keep the replica DIR up to date with its writer, until stopped.",
    description = {
      "Connects to HOST:PORT and prints a line for each new version as the writer appends (with --all also downloading each new block), until Ctrl-C. The replica is locked while following: reads of it wait, then exit 5."
    },
    customSynopsis = "hyperbee follow [OPTIONS] [DIR] HOST:PORT",
    footer = ExitCodes.HELP)
final class FollowCommand extends ReplicaCommand {
  @Parameters(
      arity = "0..*",
      hideParamSyntax = true,
      paramLabel = "[DIR] HOST:PORT",
      description = "The replica (default ./hyperbee-data) and its peer.")
  List<String> args;

  @Override
  public Integer call() {
    checkArity(args, 1, "HOST:PORT");
    checkUntil(true);
    Path dir = dir(args, 1);
    try (StopSignal stop = StopSignal.install();
        BeeDirectory db = BeeDirectory.openThroughPeer(dir, PeerAddress.parse(arg(args, 1, 0)))) {
      if (all) {
        download(db, 0, db.core().length());
      }
      follow(db, stop);
    }
    return ExitCodes.OK;
  }
}
