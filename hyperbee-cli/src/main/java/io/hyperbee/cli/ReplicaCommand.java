package io.hyperbee.cli;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.log.Hypercore;
import io.hyperbee.replication.host.Backoff;
import io.hyperbee.replication.replicator.Replicator;
import java.net.InetSocketAddress;
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

  @Option(names = "--max-retries", paramLabel = "N", description = "While following: when the peer is lost, give up after N attempts in a row to reach it again (default: keep trying, 0.1 s doubling to 5 s apart, until stopped).")
  Integer maxRetries;

  /**
   * How a follower links to its peer again: as {@link Backoff#DEFAULT} (or up to --max-retries
   * attempts), printing each loss, failed attempt and reconnect.
   */
  BeeDirectory.Relink relink(InetSocketAddress peer) {
    Backoff backoff = maxRetries == null ? Backoff.DEFAULT : Backoff.DEFAULT.withMaxAttempts(maxRetries);
    return new BeeDirectory.Relink(backoff, new LinkReport(out(), PeerAddress.format(peer)));
  }

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
   * Prints a line per new version until a signal, an interrupt or {@code --until-length}. A lost
   * peer is reached again (the upstream's {@link #relink}); following fails only when that gives
   * up, or the peer is refused (another fork, a protocol breach): the replica keeps what it has.
   */
  void follow(BeeDirectory db, StopSignal stop) {
    Hypercore core = db.core();
    long seen = core.length();
    print("following " + Encoding.hex(core.key()) + " at version " + db.bee().version()
        + (untilLength == null ? "; stop with Ctrl-C" : " until length " + untilLength));
    while (untilLength == null || seen < untilLength) {
      if (stop.await(POLL_MILLIS)) {
        return;
      }
      if (db.upstream().ended().isDone()) {
        throw CliException.failed("stopped following: " + db.upstream().ended().join().getMessage()
            + "; the replica keeps what it has");
      }
      long length = core.length();
      if (length > seen) {
        if (all && !downloaded(db, seen, length)) {
          continue; // tried again once the peer is back
        }
        print("version " + db.bee().version() + ": " + holdings(db));
        seen = length;
      }
    }
  }

  /** Downloads {@code start..end}; false (said on stdout) when the peer went away meanwhile. */
  private boolean downloaded(BeeDirectory db, long start, long end) {
    try {
      download(db, start, end);
      return true;
    } catch (HyperbeeException e) {
      if (e.code() != ErrorCode.BLOCK_NOT_AVAILABLE || db.upstream().connected()) {
        throw e;
      }
      print("download of blocks " + start + ".." + end + " waits for the peer: " + e.getMessage());
      return false;
    }
  }

  /** One line on stdout, not interleaved with the upstream's reports. */
  private void print(String line) {
    Io.printLine(out(), line);
  }

  /** --until-length and --max-retries make sense only when following. */
  void checkUntil(boolean following) {
    if (untilLength != null && !following) {
      throw CliException.usage("--until-length is for following: add --live");
    }
    if (untilLength != null && untilLength < 0) {
      throw CliException.usage("--until-length must not be negative, got " + untilLength);
    }
    if (maxRetries != null && !following) {
      throw CliException.usage("--max-retries is for following: add --live");
    }
    if (maxRetries != null && maxRetries < 0) {
      throw CliException.usage("--max-retries must not be negative, got " + maxRetries);
    }
  }
}
