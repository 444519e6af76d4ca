package io.hyperbee.cli;

import io.hyperbee.btree.DiffEntry;
import io.hyperbee.btree.Hyperbee;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code watch [DIR] [range options]}: prints each change of a key range as it happens, as JS
 * {@code bee.watch(range)} yields them, while other processes write to the bee.
 */
@Command(
    name = "watch",
    header = "Print each change of a key range as it happens.",
    description = {
      "Runs until interrupted (Ctrl-C) or --count changes were printed. Write to the bee from another terminal (put, del, apply) and each change in the range shows here: a line \"@ VERSION (was PREVIOUS)\" and then the differences as diff prints them (+ added, - removed, ~ changed). With --json one object a line per difference: {version, previous, left, right} (left: now, right: before). A truncation of the core prints \"@ VERSION truncated\" ({version, truncated: true} with --json): the versions before it cannot be compared.",
      "The bee is looked at every --interval milliseconds, each time opened read-only for a moment, so writers in other processes are never locked out for long."
    },
    footer = ExitCodes.HELP)
final class WatchCommand extends BeeCommand {
  @Mixin DirParameter dir;

  @Mixin RangeOptions range;

  @Option(names = "--count", paramLabel = "N", description = "Exit after N changes (default: run until interrupted).")
  Long count;

  @Option(names = "--interval", paramLabel = "MS", defaultValue = "100", description = "Look for changes every MS milliseconds (default 100).")
  long interval;

  @Mixin SubOption sub;
  @Mixin EncodingOptions encodings;
  @Mixin OutputOptions output;

  private long version = -1;
  private long fork;
  private long changes;

  @Override
  public Integer call() {
    if (count != null && count < 1) {
      throw CliException.usage("--count must be at least 1, got " + count);
    }
    range.toKeyRange(encodings); // refuses bad options before the first look
    EntryPrinter printer = new EntryPrinter(out(), encodings, output.json);
    new Follower(dir.orDefault(), interval).follow(db -> look(db, printer));
    return ExitCodes.OK;
  }

  /** One look: prints the change since the last look, if the range changed; false when done. */
  private boolean look(BeeDirectory db, EntryPrinter printer) {
    Hyperbee bee = sub.of(db.bee());
    long now = bee.version();
    long nowFork = db.core().fork();
    if (version < 0) { // the first look: where the watch starts
      version = now;
      fork = nowFork;
      return true;
    }
    if (nowFork != fork) {
      printer.truncated(now);
      changes++;
    } else if (now != version) {
      List<DiffEntry> diff = range.diff(bee, version, encodings);
      if (!diff.isEmpty()) {
        printer.change(now, version, diff);
        changes++;
      }
    }
    version = now;
    fork = nowFork;
    out().flush();
    return count == null || changes < count;
  }
}
