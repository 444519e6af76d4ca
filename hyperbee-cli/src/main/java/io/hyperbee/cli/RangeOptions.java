package io.hyperbee.cli;

import io.hyperbee.btree.BeeIterator;
import io.hyperbee.btree.DiffEntry;
import io.hyperbee.btree.Hyperbee;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.hyperbee.btree.KeyRange;
import picocli.CommandLine.Option;

/** Key bounds, direction and limit of {@code scan} and {@code diff}, as JS range options. */
final class RangeOptions {
  @Option(names = "--gt", paramLabel = "KEY", description = "Only keys greater than KEY.")
  String gt;

  @Option(names = "--gte", paramLabel = "KEY", description = "Only keys greater than or equal to KEY.")
  String gte;

  @Option(names = "--lt", paramLabel = "KEY", description = "Only keys less than KEY.")
  String lt;

  @Option(names = "--lte", paramLabel = "KEY", description = "Only keys less than or equal to KEY.")
  String lte;

  @Option(names = "--reverse", description = "Largest key first.")
  boolean reverse;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "-1",
      description = "At most N entries (default: all).")
  long limit;

  /** The range these options describe, keys encoded with {@code encodings}. */
  KeyRange toKeyRange(EncodingOptions encodings) {
    checkLimit(limit);
    KeyRange range = KeyRange.all();
    if (gt != null) {
      range = range.gt(encodings.key(gt));
    }
    if (gte != null) {
      range = range.gte(encodings.key(gte));
    }
    if (lt != null) {
      range = range.lt(encodings.key(lt));
    }
    if (lte != null) {
      range = range.lte(encodings.key(lte));
    }
    return range.reverse(reverse).limit(limit);
  }

  /**
   * The differences between {@code left} and its version {@code otherVersion} in this range. JS's
   * diff stream is always ascending; with {@code --reverse} they are listed largest key first
   * (and {@code --limit} keeps the largest), as the option promises.
   */
  List<DiffEntry> diff(Hyperbee left, long otherVersion, EncodingOptions encodings) {
    KeyRange keys = toKeyRange(encodings);
    List<DiffEntry> out = new ArrayList<>();
    try (BeeIterator<DiffEntry> it = left.diff(otherVersion, reverse ? keys.limit(-1) : keys)) {
      it.forEachRemaining(out::add);
    }
    if (reverse) {
      Collections.reverse(out);
      if (limit >= 0 && out.size() > limit) {
        return out.subList(0, (int) limit);
      }
    }
    return out;
  }

  /** A {@code --limit} is -1 (its default: all) or 0 or more; anything else is a usage error. */
  static long checkLimit(long limit) {
    if (limit < -1) {
      throw CliException.usage("--limit must be 0 or more, got " + limit);
    }
    return limit;
  }
}
