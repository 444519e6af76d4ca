package io.hyperbee.btree;

import static java.util.Objects.requireNonNull;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Options of {@link Hyperbee#watch(KeyRange, WatchOptions)}, as JS {@code bee.watch(range,
 * {map, differ, eager, onchange})}. Immutable; each wither returns a new value.
 *
 * <ul>
 *   <li>{@code map}: what a change carries for each of its two snapshots (default: the snapshot
 *       itself). A mapped value that is {@link AutoCloseable} is closed by the watcher when it
 *       moves on, as JS closes it.
 *   <li>{@code differ}: decides whether something in the range changed between two snapshots: a
 *       change is delivered when its iterator yields anything (default: {@link Hyperbee#diff}).
 *   <li>{@code eager}: start from version 1 instead of now, so the range's present entries are a
 *       change at once.
 *   <li>{@code onchange}: deliver every change to this callback, on a thread the watcher owns
 *       (its own iteration is then refused); closing the watcher stops and joins that thread.
 * </ul>
 */
public final class WatchOptions<T> {
  /** Whether something in {@code range} differs between two snapshots of one bee. */
  @FunctionalInterface
  public interface Differ {
    BeeIterator<?> diff(Hyperbee current, Hyperbee previous, KeyRange range);
  }

  private static final Differ DIFF = (current, previous, range) -> current.diff(previous, range);
  private static final WatchOptions<Hyperbee> DEFAULTS =
      new WatchOptions<>(Function.identity(), DIFF, false, null);

  private final Function<Hyperbee, T> map;
  private final Differ differ;
  private final boolean eager;
  private final Consumer<Watcher.Change<T>> onchange;

  private WatchOptions(
      Function<Hyperbee, T> map, Differ differ, boolean eager, Consumer<Watcher.Change<T>> onchange) {
    this.map = map;
    this.differ = differ;
    this.eager = eager;
    this.onchange = onchange;
  }

  /** Snapshots as they are, diffed by {@link Hyperbee#diff}, from now on, iterated by the caller. */
  public static WatchOptions<Hyperbee> defaults() {
    return DEFAULTS;
  }

  /** Changes carry {@code map(snapshot)} (the callback, if any, is dropped: it was typed for T). */
  public <U> WatchOptions<U> map(Function<Hyperbee, U> map) {
    return new WatchOptions<>(requireNonNull(map, "map is null"), differ, eager, null);
  }

  public WatchOptions<T> differ(Differ differ) {
    return new WatchOptions<>(map, requireNonNull(differ, "differ is null"), eager, onchange);
  }

  public WatchOptions<T> eager(boolean eager) {
    return new WatchOptions<>(map, differ, eager, onchange);
  }

  /** Every change goes to {@code onchange} on the watcher's own thread; null for iteration. */
  public WatchOptions<T> onchange(Consumer<Watcher.Change<T>> onchange) {
    return new WatchOptions<>(map, differ, eager, onchange);
  }

  Function<Hyperbee, T> map() {
    return map;
  }

  Differ differ() {
    return differ;
  }

  boolean eager() {
    return eager;
  }

  Consumer<Watcher.Change<T>> onchange() {
    return onchange;
  }
}
