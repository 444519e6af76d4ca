package io.hyperbee.cli;

import io.hyperbee.btree.Entry;
import io.hyperbee.btree.Hyperbee;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code get [DIR] KEY}: prints the value (or, with --json, the entry); exit 1 when absent. */
@Command(
    name = "get",
    header = "Print the value of KEY.",
    description = {
      "Prints the value; with --json the entry {seq, key, value}, or null. Exits with 1 when the key is not in the bee."
    },
    customSynopsis = "hyperbee get [OPTIONS] [DIR] KEY",
    footer = ExitCodes.HELP)
final class GetCommand extends BeeCommand {
  @Parameters(
      arity = "0..*",
      hideParamSyntax = true,
      paramLabel = "[DIR] KEY",
      description = "The bee's directory (default ./hyperbee-data) and the key.")
  List<String> args;

  @Option(names = "--version", paramLabel = "V", description = "Read version V (a checkout).")
  Long version;

  @Mixin PeerOption peer;
  @Mixin SubOption sub;
  @Mixin EncodingOptions encodings;
  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    checkArity(args, 1, "KEY");
    String keyText = arg(args, 1, 0);
    byte[] key = encodings.key(keyText);
    try (BeeDirectory db = peer.open(dir(args, 1))) {
      Hyperbee view = sub.of(version == null ? db.bee() : db.checkout(version));
      Entry entry = view.get(key);
      new EntryPrinter(out(), encodings, output.json).getResult(entry);
      if (entry == null) {
        if (!output.json) {
          err().println("hyperbee: key not found: " + keyText);
        }
        return ExitCodes.NOT_FOUND;
      }
    }
    return ExitCodes.OK;
  }
}
