package io.hyperbee.cli;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code clone KEY HOST:PORT DIR}: a replica of the bee a peer serves. */
@Command(
    name = "clone",
    header = "Make DIR a replica of the bee KEY that a peer serves.",
    description = {
      "Connects to HOST:PORT (a hyperbee serve, or any JS peer replicating the core over secret-stream), checks the peer serves core KEY (the key info prints), and stores a replica in DIR: its key, the newest signed length and the header. Reads of DIR then work offline for what it holds and fetch the rest with --peer HOST:PORT. --all downloads every block; --live then keeps following the writer's appends, as follow does (reaching the peer again when it is lost). Every block is verified against the signed Merkle tree before it is stored. Cloning again into the same DIR resumes (only what is missing is fetched)."
    },
    customSynopsis = "hyperbee clone [OPTIONS] KEY HOST:PORT DIR",
    footer = ExitCodes.HELP)
final class CloneCommand extends ReplicaCommand {
  @Parameters(index = "0", paramLabel = "KEY", description = "The core's key (64 hex digits).")
  String key;

  @Parameters(index = "1", paramLabel = "HOST:PORT", description = "The peer to clone from.")
  String peer;

  @Parameters(index = "2", paramLabel = "DIR", description = "Where the replica lives (new, empty, or an earlier clone of KEY).")
  Path dir;

  @Option(names = "--live", description = "After cloning, keep following the writer until stopped (Ctrl-C).")
  boolean live;

  @Override
  public Integer call() {
    checkUntil(live);
    byte[] coreKey = Encoding.hex(key);
    if (coreKey.length != 32) {
      throw CliException.usage("KEY must be 32 bytes (64 hex digits), got " + coreKey.length + " bytes");
    }
    InetSocketAddress address = PeerAddress.parse(peer);
    try (StopSignal stop = live ? StopSignal.install() : StopSignal.interruptOnly();
        BeeDirectory db = BeeDirectory.cloneInto(dir, coreKey, address, live ? relink(address) : null)) {
      keepHeader(db);
      long fetched = all ? download(db, 0, db.core().length()) : 0;
      db.core().sync();
      out().println("cloned " + key + " from " + PeerAddress.format(address) + " into " + dir
          + ": version " + db.bee().version() + ", " + holdings(db)
          + (all ? " (" + fetched + " downloaded now)" : ""));
      out().flush();
      if (live) {
        follow(db, stop);
      }
    }
    return ExitCodes.OK;
  }
}
