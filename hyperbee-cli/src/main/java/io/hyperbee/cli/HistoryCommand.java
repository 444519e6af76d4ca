package io.hyperbee.cli;

import io.hyperbee.btree.BeeIterator;
import io.hyperbee.btree.HistoryEntry;
import io.hyperbee.btree.HistoryRange;
import java.util.Arrays;
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

  @Option(names = "--live", description = "Then keep printing new writes as other processes make them, until interrupted (JS live: true; --lt and --lte are ignored, as in JS).")
  boolean live;

  @Option(names = "--interval", paramLabel = "MS", defaultValue = "100", description = "With --live: look for new writes every MS milliseconds (default 100).")
  long interval;

  @Mixin PeerOption peer;
  @Mixin SubOption sub;
  @Mixin EncodingOptions encodings;
  @Mixin OutputOptions output;

  /** Next seq to look at, with --live. */
  private long next = -1;
  private long printed;

  @Override
  public Integer call() {
    if (live && reverse) {
      throw CliException.usage("Cannot have both live and reverse enabled");
    }
    if (live && peer.peer != null) {
      throw CliException.usage("--live reads the bee on disk; to keep a replica up to date run"
          + " hyperbee follow DIR HOST:PORT");
    }
    HistoryRange range = HistoryRange.all().reverse(reverse);
    RangeOptions.checkLimit(limit);
    if (gt != null) {
      range = range.gt(gt);
    }
    if (gte != null) {
      range = range.gte(gte);
    }
    if (!live && lt != null) {
      range = range.lt(lt);
    }
    if (!live && lte != null) {
      range = range.lte(lte);
    }
    EntryPrinter printer = new EntryPrinter(out(), encodings, output.json);
    if (!live) {
      try (BeeDirectory db = peer.open(dir.orDefault())) {
        print(db, range, printer);
      }
      return ExitCodes.OK;
    }
    HistoryRange first = range;
    new Follower(dir.orDefault(), interval).follow(db -> {
      long length = db.core().length();
      if (next >= 0 && length <= next) {
        next = Math.min(next, Math.max(1, length)); // truncated: its new blocks come from here
        return true;
      }
      boolean firstLook = next < 0;
      print(db, firstLook ? first : HistoryRange.all().gte(next), printer);
      next = Math.max(next, firstLook ? Math.max(length, floor()) : length);
      out().flush();
      return limit < 0 || printed < limit;
    });
    return ExitCodes.OK;
  }

  /** The first seq the user's --gt/--gte ask for (0 when they do not, or count back). */
  private long floor() {
    if (gte != null && gte > 0) {
      return gte;
    }
    return gt != null && gt > 0 ? gt + 1 : 0;
  }

  /**
   * Prints the records of {@code range} (at most what is left of --limit). With --sub, only the
   * sub's own writes, keys without the prefix (JS's history of a sub lists every block).
   */
  private void print(BeeDirectory db, HistoryRange range, EntryPrinter printer) {
    byte[] prefix = sub.of(db.bee()).prefix();
    try (BeeIterator<HistoryEntry> it = db.bee().history(range)) {
      while (it.hasNext() && (limit < 0 || printed < limit)) {
        HistoryEntry h = it.next();
        next = Math.max(next, h.seq() + 1);
        if (startsWith(h.key(), prefix)) {
          printer.history(prefix.length == 0 ? h : new HistoryEntry(h.type(), h.seq(),
              Arrays.copyOfRange(h.key(), prefix.length, h.key().length), h.value()));
          printed++;
        }
      }
    }
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }
}
