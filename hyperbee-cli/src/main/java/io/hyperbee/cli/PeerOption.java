package io.hyperbee.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --peer HOST:PORT} of the read commands: a replica fetches what it lacks from that peer. */
final class PeerOption {
  @Option(
      names = "--peer",
      paramLabel = "HOST:PORT",
      description = "DIR is a replica: fetch what it lacks from this peer (hyperbee serve), and read the newest version the peer has.")
  String peer;

  /** The bee in {@code dir}: through the peer when one was given, else read-only from disk alone. */
  BeeDirectory open(Path dir) {
    return peer == null ? BeeDirectory.open(dir, true) : BeeDirectory.openThroughPeer(dir, PeerAddress.parse(peer));
  }
}
