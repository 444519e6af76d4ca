package io.hyperbee.cli;

import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/** The single optional DIR of the commands that take no other positional argument. */
final class DirParameter {
  @Parameters(arity = "0..1", paramLabel = "DIR", description = "The bee (default ./hyperbee-data).")
  Path dir;

  /** The directory given, or {@link BeeDirectory#DEFAULT}. */
  Path orDefault() {
    return BeeCommand.dirOrDefault(dir);
  }
}
