package io.hyperbee.leveldb;

import io.hyperbee.log.Hypercore;
import io.hyperbee.replication.host.Upstream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import org.iq80.leveldb.Logger;

/**
 * The events a database reports through {@code Options.logger}, as LevelDB reports its own there
 * (creation, recovery on open, repair, manual compaction), worded after LevelDB's lines where there
 * is one to follow. Without a logger nothing is built or said.
 */
final class DbLog {
  static final DbLog NONE = new DbLog(null);

  private final Logger logger;

  private DbLog(Logger logger) {
    this.logger = logger;
  }

  static DbLog of(Logger logger) {
    return logger == null ? NONE : new DbLog(logger);
  }

  /** LevelDB: "Creating DB %s since it was missing." */
  void created(Path root) {
    log("Creating DB " + root + " since it was missing.");
  }

  /** LevelDB: "Recovering log #%d"; here the core's state as read back from its files. */
  void recovered(Path core, Hypercore state) {
    if (logger != null) {
      log(
          "Recovering core "
              + core
              + ": "
              + state.length()
              + " blocks, "
              + state.byteLength()
              + " bytes, fork "
              + state.fork());
    }
  }

  /** Options.paranoidChecks: the whole core verified on open. */
  void verified(Path core, long blocks) {
    log("Verified core " + core + ": " + blocks + " blocks OK");
  }

  /** LevelDB: "**** Repaired leveldb %s; recovered %d files; %llu bytes. Some data may ... ****". */
  void repaired(Path root, CoreRepair.Report report) {
    if (!report.changed()) {
      log("Repair of " + root + ": core verified, " + report.keptLength() + " blocks OK, nothing to repair");
    } else {
      log("**** Repaired hyperbee " + root + "; " + report + ". Some data may have been lost. ****");
    }
  }

  /** LevelDB: "Manual compaction at level-%d from %s .. %s; will stop at %s". */
  void manualCompaction(byte[] begin, byte[] end) {
    if (logger != null) {
      log(
          "Manual compaction from "
              + bound(begin, "(begin)")
              + " .. "
              + bound(end, "(end)")
              + ": nothing to compact (an append-only log keeps no levels)");
    }
  }

  /** A replica's losses of its peer and its attempts to reach it again (it follows on by itself). */
  Upstream.Observer replicaLink(String peer) {
    return new Upstream.Observer() {
      @Override
      public void disconnected(IOException reason) {
        log("Replica lost its peer " + peer + " (" + reason.getMessage() + "); reconnecting");
      }

      @Override
      public void attemptFailed(int attempt, IOException reason, Duration next) {
        log("Replica: attempt " + attempt + " to reach " + peer + " failed (" + reason.getMessage()
            + "); next in " + next.toMillis() + " ms");
      }

      @Override
      public void reconnected(int attempt) {
        log("Replica reconnected to " + peer + " (attempt " + attempt + ")");
      }
    };
  }

  private static String bound(byte[] key, String open) {
    return key == null ? open : "'" + HexFormat.of().formatHex(key) + "'";
  }

  private void log(String message) {
    if (logger != null) {
      logger.log(message);
    }
  }
}
