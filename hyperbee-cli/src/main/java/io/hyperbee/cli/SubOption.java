package io.hyperbee.cli;

import io.hyperbee.btree.Hyperbee;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --sub NAME}: work inside JS {@code db.sub(NAME)} (repeated: nested subs, outermost first). */
final class SubOption {
  @Option(
      names = "--sub",
      paramLabel = "NAME",
      description = "Work in the sub-database NAME, as JS db.sub(NAME): keys are stored as NAME, a 0x00 byte, then the key. Repeat for nested subs, outermost first.")
  List<String> names;

  /** {@code bee}, or the sub (of subs) these options name. */
  Hyperbee of(Hyperbee bee) {
    Hyperbee b = bee;
    if (names != null) {
      for (String name : names) {
        b = b.sub(name.getBytes(StandardCharsets.UTF_8));
      }
    }
    return b;
  }
}
