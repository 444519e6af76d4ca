package io.hyperbee.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code put [DIR] KEY VALUE}: one put, one appended block, durable when the command returns. */
@Command(
    name = "put",
    header = "Put a key and its value (one signed block appended).",
    customSynopsis = "hyperbee put [OPTIONS] [DIR] KEY VALUE",
    footer = ExitCodes.HELP)
final class PutCommand extends BeeCommand {
  @Parameters(
      arity = "0..*",
      hideParamSyntax = true,
      paramLabel = "[DIR] KEY VALUE",
      description = "The bee's directory (default ./hyperbee-data), the key and the value.")
  List<String> args;

  @Mixin SubOption sub;
  @Mixin EncodingOptions encodings;

  @Override
  public Integer call() {
    checkArity(args, 2, "KEY VALUE");
    byte[] key = encodings.key(arg(args, 2, 0));
    byte[] value = encodings.value(arg(args, 2, 1));
    try (BeeDirectory db = BeeDirectory.openWritable(dir(args, 2), true)) {
      sub.of(db.bee()).put(key, value);
    }
    return ExitCodes.OK;
  }
}
