package io.hyperbee.cli;

import io.hyperbee.btree.Retention;
import io.hyperbee.log.Hypercore;
import io.hyperbee.storage.Reclaimed;
import io.hyperbee.storage.StorageStats;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code compact [--keep-last N] [DIR]}: keeps the last N versions (default: the current one) and
 * clears every block none of them reads ({@code Hyperbee.clearHistory}), then gives the space of
 * what it dropped back to the file system; prints what it kept and freed. An older version then
 * fails where it needs a cleared block ("not available locally") unless a peer serves it.
 */
@Command(
    name = "compact",
    header = "Drop old versions and give their disk space back.",
    customSynopsis = "hyperbee compact [OPTIONS] [DIR]",
    description = {
      "Keeps the current version (or the last N with --keep-last) whole; reading an older version",
      "afterwards fails where it needs a dropped block (\"not available locally\"), never wrongly."
    },
    footer = ExitCodes.HELP)
final class CompactCommand extends BeeCommand {
  @Parameters(
      arity = "0..1",
      hideParamSyntax = true,
      paramLabel = "[DIR]",
      description = "The bee's directory (default ./hyperbee-data).")
  List<String> args;

  @Option(
      names = "--keep-last",
      paramLabel = "N",
      defaultValue = "1",
      description = "Keep the last N versions whole: the current one and the N-1 before it (default 1).")
  long keepLast;

  @Override
  public Integer call() {
    if (keepLast < 1) {
      throw CliException.usage("--keep-last must be at least 1 (the current version), not " + keepLast);
    }
    try (BeeDirectory db = BeeDirectory.openWritable(dir(args, 0), false)) {
      Hypercore core = db.core();
      long version = db.bee().version();
      long cleared = db.bee().clearHistory(Retention.lastVersions(keepLast));
      Reclaimed r = core.reclaim(true);
      StorageStats s = core.storageStats();
      long oldest = Math.max(1, version - Math.min(version, keepLast) + 1);
      out().println("version:   " + (oldest == version ? version + " kept" : oldest + " to " + version + " kept")
          + "; " + cleared + " blocks of older versions cleared");
      out().println("freed:     " + r.bytesFreed() + " bytes (" + r.segmentsDropped() + " data segments dropped, "
          + r.bytesMoved() + " live bytes moved)");
      out().println("live:      " + s.liveBytes() + " bytes in " + (core.length() - s.clearedBlocks()) + " blocks");
      out().println("on disk:   " + s.bytesOnDisk() + " bytes");
    }
    return ExitCodes.OK;
  }
}
