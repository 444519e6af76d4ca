package io.hyperbee.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every subcommand shares: the streams of the run and the rule for an optional leading
 * DIR (commands take {@code [DIR] ARGS...}; DIR is present exactly when there is one argument
 * more than the command needs, else it is {@link BeeDirectory#DEFAULT}).
 */
abstract class BeeCommand implements Callable<Integer> {
  @ParentCommand HyperbeeCommand root;

  @Spec CommandSpec spec;

  @Mixin HelpOption help;

  Io io() {
    return root.io();
  }

  PrintWriter out() {
    return root.io().out();
  }

  PrintWriter err() {
    return root.io().err();
  }

  /** Refuses anything but {@code [DIR] NAMES} ({@code needed} words after the optional DIR). */
  void checkArity(List<String> args, int needed, String names) {
    int n = args == null ? 0 : args.size();
    if (n < needed || n > needed + 1) {
      throw new ParameterException(spec.commandLine(), "expected [DIR] " + names + " but got "
          + n + (n == 1 ? " argument" : " arguments") + (n == 0 ? "" : ": " + String.join(" ", args)));
    }
  }

  /** The directory among {@code args} when they hold one more than {@code needed}, else DEFAULT. */
  static Path dir(List<String> args, int needed) {
    // picocli leaves an optional positional list null when no word was given
    return args != null && args.size() > needed ? Path.of(args.get(0)) : BeeDirectory.DEFAULT;
  }

  /** The {@code i}-th argument after the optional directory. */
  static String arg(List<String> args, int needed, int i) {
    return args.get(args.size() - needed + i);
  }

  /** The single optional DIR argument of commands that take nothing else. */
  static Path dirOrDefault(Path dir) {
    return dir == null ? BeeDirectory.DEFAULT : dir;
  }
}
