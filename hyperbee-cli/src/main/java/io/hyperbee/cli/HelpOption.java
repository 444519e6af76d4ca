package io.hyperbee.cli;

import picocli.CommandLine.Option;

/** {@code -h/--help} of every subcommand ({@code --version} is taken by get and scan). */
final class HelpOption {
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;
}
