package io.hyperbee.cli;

import io.hyperbee.btree.BeeIterator;
import io.hyperbee.btree.HistoryEntry;
import io.hyperbee.btree.HistoryRange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code history [DIR] [--gte S] [--lt S] ...}: every put and del in block order. */
@Command(
    name = "history",
    header = "Print every write in block order.",
    description = {
      "One line per block: SEQ<TAB>put|del<TAB>KEY<TAB>VALUE, or {type, seq, key, value} with --json, as JS createHistoryStream. Seq bounds may be negative: they then count back from the version."
    },
    footer = ExitCodes.HELP)
final class HistoryCommand extends BeeCommand {
  @Mixin DirParameter dir;

  @Option(names = "--gt", paramLabel = "S", description = "Only blocks after seq S.")
  Long gt;

  @Option(names = "--gte", paramLabel = "S", description = "Only blocks from seq S (default 1).")
  Long gte;

  @Option(names = "--lt", paramLabel = "S", description = "Only blocks before seq S.")
  Long lt;

  @Option(names = "--lte", paramLabel = "S", description = "Only blocks up to seq S.")
  Long lte;

  @Option(names = "--reverse", description = "Newest first.")
  boolean reverse;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "-1", description = "At most N records.")
  long limit;

  @Mixin EncodingOptions encodings;
  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    HistoryRange range = HistoryRange.all().reverse(reverse).limit(RangeOptions.checkLimit(limit));
    if (gt != null) {
      range = range.gt(gt);
    }
    if (gte != null) {
      range = range.gte(gte);
    }
    if (lt != null) {
      range = range.lt(lt);
    }
    if (lte != null) {
      range = range.lte(lte);
    }
    try (BeeDirectory db = BeeDirectory.open(dir.orDefault(), true);
        BeeIterator<HistoryEntry> it = db.bee().history(range)) {
      EntryPrinter printer = new EntryPrinter(out(), encodings, output.json);
      while (it.hasNext()) {
        printer.history(it.next());
      }
    }
    return ExitCodes.OK;
  }
}
