package io.hyperbee.cli;

import io.hyperbee.log.Hypercore;
import io.hyperbee.replication.replicator.Replicator;
import picocli.CommandLine.Option;

/**
 * What {@code clone} and {@code follow} do with a replica linked to its peer: keep its header
 * block, download everything with {@code --all} (verified block by block by the replicator, with
 * progress on a terminal), and while following print each new version as the peer's appends
 * arrive, until stopped or {@code --until-length} is reached.
 */
abstract class ReplicaCommand extends BeeCommand {
  /** Blocks downloaded per call: each call's deadline covers this many, not the whole core. */
  private static final long CHUNK = 1024;
  private static final int PARALLEL = 8;
  private static final long POLL_MILLIS = 50;

  @Option(names = "--all", description = "Download every block (and, while following, every new one), not only what reads touch.")
  boolean all;

  @Option(names = "--until-length", paramLabel = "N", description = "While following: stop once the replica's length is at least N (for scripts).")
  Long untilLength;

  /** The header (block 0), so that the replica opens as a bee without the peer. */
  void keepHeader(BeeDirectory db) {
    Hypercore core = db.core();
    if (core.length() > 0 && !core.has(0)) {
      db.upstream().replicator().get(0, BeeDirectory.PEER_WAIT);
    }
  }

  /** Downloads every block of {@code start..end} not stored yet; returns how many were fetched. */
  long download(BeeDirectory db, long start, long end) {
    Replicator replicator = db.upstream().replicator();
    long fetched = 0;
    try (Progress progress = Progress.of(io(), "downloading blocks")) {
      for (long from = start; from < end; from += CHUNK) {
        long done = from - start;
        fetched += replicator.download(from, Math.min(end, from + CHUNK), PARALLEL, BeeDirectory.PEER_WAIT,
            n -> progress.update(done + n, end - start));
      }
    }
    return fetched;
  }

  /** "holds H of L blocks" for the replica now. */
  static String holdings(BeeDirectory db) {
    return "holds " + db.blocksHeld() + " of " + db.core().length() + " blocks";
  }

  /**
   * Prints a line per new version until a signal, an interrupt, {@code --until-length}, or the
   * peer going away (a failure: run follow again to resume).
   */
  void follow(BeeDirectory db, StopSignal stop) {
    Hypercore core = db.core();
    long seen = core.length();
    out().println("following " + Encoding.hex(core.key()) + " at version " + db.bee().version()
        + (untilLength == null ? "; stop with Ctrl-C" : " until length " + untilLength));
    out().flush();
    while (untilLength == null || seen < untilLength) {
      if (stop.await(POLL_MILLIS)) {
        return;
      }
      if (db.upstream().disconnected().isDone()) {
        throw CliException.failed("the peer closed the connection ("
            + db.upstream().disconnected().join().getMessage() + "); the replica keeps what it has:"
            + " run follow again to resume");
      }
      long length = core.length();
      if (length > seen) {
        if (all) {
          download(db, seen, length);
        }
        out().println("version " + db.bee().version() + ": " + holdings(db));
        out().flush();
        seen = length;
      }
    }
  }

  /** --until-length makes sense only when following. */
  void checkUntil(boolean following) {
    if (untilLength != null && !following) {
      throw CliException.usage("--until-length is for following: add --live");
    }
    if (untilLength != null && untilLength < 0) {
      throw CliException.usage("--until-length must not be negative, got " + untilLength);
    }
  }
}
