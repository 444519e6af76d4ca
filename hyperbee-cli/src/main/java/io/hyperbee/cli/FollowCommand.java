package io.hyperbee.cli;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code follow [DIR] HOST:PORT}: keeps a replica up to date with its writer until stopped. */
@Command(
    name = "follow",
    header = "Keep the replica DIR up to date with its writer, until stopped.",
    description = {
      "Connects to HOST:PORT and prints a line for each new version as the writer appends (with --all also downloading each new block), until Ctrl-C. The replica is locked while following: reads of it wait, then exit 5.",
      "When the peer goes away (the writer restarts, the network drops), follow prints it and tries to reach HOST:PORT again, 0.1 s doubling to 5 s apart, until stopped or --max-retries attempts failed; back in touch, it catches up and fetches only what the replica lacks. A peer that comes back with another log (truncated, a fork) or breaks the protocol is refused: follow exits 1 and the replica keeps what it verified."
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
    InetSocketAddress peer = PeerAddress.parse(arg(args, 1, 0));
    try (StopSignal stop = StopSignal.install();
        BeeDirectory db = BeeDirectory.openThroughPeer(dir, peer, relink(peer))) {
      if (all) {
        download(db, 0, db.core().length());
      }
      follow(db, stop);
    }
    return ExitCodes.OK;
  }
}
