package io.hyperbee.cli;

import io.hyperbee.log.Hypercore;
import io.hyperbee.storage.Reclaimed;
import io.hyperbee.storage.StorageStats;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code compact [DIR]}: keeps the current version only (JS {@code clearUnlinked} over all
 * history) and gives the space of what it dropped back to the file system; prints what it kept
 * and freed. Older versions are unreadable afterwards unless a peer serves their blocks.
 */
@Command(
    name = "compact",
    header = "Drop old versions and give their disk space back.",
    customSynopsis = "hyperbee compact [OPTIONS] [DIR]",
    description = {
      "Known defect (README, Disk space): after a crash during a later write, a bee that was",
      "compacted can read a block it never dropped as cleared. Keep a copy of what matters."
    },
    footer = ExitCodes.HELP)
final class CompactCommand extends BeeCommand {
  @Parameters(
      arity = "0..1",
      hideParamSyntax = true,
      paramLabel = "[DIR]",
      description = "The bee's directory (default ./hyperbee-data).")
  List<String> args;

  @Override
  public Integer call() {
    try (BeeDirectory db = BeeDirectory.openWritable(dir(args, 0), false)) {
      Hypercore core = db.core();
      long version = db.bee().version();
      List<Long> cleared = db.bee().clearUnlinked(0, version);
      Reclaimed r = core.reclaim(true);
      StorageStats s = core.storageStats();
      out().println("version:   " + version + " kept; " + cleared.size() + " blocks of older versions cleared");
      out().println("freed:     " + r.bytesFreed() + " bytes (" + r.segmentsDropped() + " data segments dropped, "
          + r.bytesMoved() + " live bytes moved)");
      out().println("live:      " + s.liveBytes() + " bytes in " + (core.length() - s.clearedBlocks()) + " blocks");
      out().println("on disk:   " + s.bytesOnDisk() + " bytes");
    }
    return ExitCodes.OK;
  }
}
