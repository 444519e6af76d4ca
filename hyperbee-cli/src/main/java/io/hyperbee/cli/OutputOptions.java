package io.hyperbee.cli;

import picocli.CommandLine.Option;

/** {@code --json}: one JSON object a line instead of plain text. */
final class OutputOptions {
  @Option(names = "--json", description = "Print one JSON object per line (for scripts).")
  boolean json;
}
