package io.hyperbee.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code del [DIR] KEY}: deletes one key (a block is appended only if the key exists). */
@Command(
    name = "del",
    header = "Delete a key.",
    customSynopsis = "hyperbee del [OPTIONS] [DIR] KEY",
    footer = ExitCodes.HELP)
final class DelCommand extends BeeCommand {
  @Parameters(
      arity = "0..*",
      hideParamSyntax = true,
      paramLabel = "[DIR] KEY",
      description = "The bee's directory (default ./hyperbee-data) and the key.")
  List<String> args;

  @Mixin SubOption sub;
  @Mixin EncodingOptions encodings;

  @Override
  public Integer call() {
    checkArity(args, 1, "KEY");
    byte[] key = encodings.key(arg(args, 1, 0));
    try (BeeDirectory db = BeeDirectory.openWritable(dir(args, 1), true)) {
      sub.of(db.bee()).del(key);
    }
    return ExitCodes.OK;
  }
}
