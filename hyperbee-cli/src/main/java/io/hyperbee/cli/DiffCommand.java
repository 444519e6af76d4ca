package io.hyperbee.cli;

import io.hyperbee.btree.DiffEntry;
import io.hyperbee.btree.Hyperbee;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code diff [DIR] --from V1 [--to V2]}: what changed from version V1 to V2 (default: the
 * current version). As JS {@code checkout(V2).createDiffStream(V1)}: left is V2, right is V1.
 */
@Command(
    name = "diff",
    header = "Show what changed between two versions.",
    description = {
      "Changes from version V1 to version V2 (default: the current version): \"+ KEY<TAB>VALUE\" added, \"- KEY<TAB>VALUE\" removed, \"~ KEY<TAB>OLD -> NEW\" changed. With --json one {left, right} object a line as JS createDiffStream gives them: left is the entry at V2, right the entry at V1, either may be null."
    },
    footer = ExitCodes.HELP)
final class DiffCommand extends BeeCommand {
  @Mixin DirParameter dir;

  @Option(names = "--from", paramLabel = "V1", required = true, description = "The older version.")
  long from;

  @Option(names = "--to", paramLabel = "V2", description = "The newer version (default: current).")
  Long to;

  @Mixin RangeOptions range;
  @Mixin PeerOption peer;
  @Mixin SubOption sub;
  @Mixin EncodingOptions encodings;
  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    try (BeeDirectory db = peer.open(dir.orDefault())) {
      db.checkout(from); // validates V1
      Hyperbee left = sub.of(to == null ? db.bee() : db.checkout(to));
      EntryPrinter printer = new EntryPrinter(out(), encodings, output.json);
      for (DiffEntry d : range.diff(left, from, encodings)) {
        printer.diff(d);
      }
    }
    return ExitCodes.OK;
  }
}
