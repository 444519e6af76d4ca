package io.hyperbee.cli;

import io.hyperbee.btree.BeeIterator;
import io.hyperbee.btree.Entry;
import io.hyperbee.btree.Hyperbee;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code scan [DIR] [range options] [--version V]}: entries in key order. */
@Command(
    name = "scan",
    header = "Print the entries in key order.",
    description = {
      "One KEY<TAB>VALUE line per entry, or {seq, key, value} with --json. Bounds, --reverse and --limit work as the options of JS createReadStream."
    },
    footer = ExitCodes.HELP)
final class ScanCommand extends BeeCommand {
  @Mixin DirParameter dir;

  @Mixin RangeOptions range;

  @Option(names = "--version", paramLabel = "V", description = "Scan version V (a checkout).")
  Long version;

  @Mixin PeerOption peer;
  @Mixin SubOption sub;
  @Mixin EncodingOptions encodings;
  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    try (BeeDirectory db = peer.open(dir.orDefault())) {
      Hyperbee view = sub.of(version == null ? db.bee() : db.checkout(version));
      EntryPrinter printer = new EntryPrinter(out(), encodings, output.json);
      try (BeeIterator<Entry> it = view.range(range.toKeyRange(encodings))) {
        while (it.hasNext()) {
          printer.entry(it.next());
        }
      }
    }
    return ExitCodes.OK;
  }
}
