package io.hyperbee.btree;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Which versions of a bee keep every block they read when history is cleared ({@link
 * Hyperbee#clearHistory}): all of them ({@link #all()}, what a plain Hyperbee does, as JS: nothing
 * is dropped unless asked), or the last {@code n} versions plus the versions still held by open
 * snapshots and checkouts ({@link #lastVersions}, {@link #holding}). Immutable.
 *
 * @param lastVersions how many versions up to the current one are kept ({@code Long.MAX_VALUE}:
 *     all); at least 1, the current version
 * @param heldVersions further versions to keep (held by open views), ascending, distinct, each at
 *     least 1
 */
public record Retention(long lastVersions, List<Long> heldVersions) {
  private static final Retention ALL = new Retention(Long.MAX_VALUE, List.of());

  public Retention {
    checkArgument(lastVersions >= 1, "lastVersions must be at least 1 (the current version): %s", lastVersions);
    requireNonNull(heldVersions, "heldVersions is null");
    TreeSet<Long> sorted = new TreeSet<>();
    for (Long v : heldVersions) {
      requireNonNull(v, "heldVersions holds null");
      checkArgument(v >= 1, "held version must be at least 1: %s", v);
      sorted.add(v);
    }
    heldVersions = List.copyOf(sorted);
  }

  /** Keeps all history: {@link Hyperbee#clearHistory} then clears nothing. */
  public static Retention all() {
    return ALL;
  }

  /** Keeps the current version and the {@code n - 1} before it. */
  public static Retention lastVersions(long n) {
    return new Retention(n, List.of());
  }

  /** This retention, also keeping {@code versions} (those of open snapshots and checkouts). */
  public Retention holding(Collection<Long> versions) {
    requireNonNull(versions, "versions is null");
    List<Long> all = new java.util.ArrayList<>(heldVersions);
    all.addAll(versions);
    return new Retention(lastVersions, all);
  }

  /** True when nothing is ever cleared. */
  public boolean keepsAll() {
    return lastVersions == Long.MAX_VALUE;
  }
}
