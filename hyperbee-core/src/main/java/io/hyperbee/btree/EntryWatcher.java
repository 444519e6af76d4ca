package io.hyperbee.btree;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The entry of one key, kept up to date (JS {@code bee.getAndWatch(key)}): {@link #node()} is
 * the entry (null when absent) as of the latest update; an update is an append that gave the key
 * another entry (another seq: a put, even of the same value, or a delete) or a truncation. Pull
 * updates with {@link #awaitUpdate}, or pass a callback to have them delivered on the watcher's
 * own thread. A {@link Watcher} on the one-key range underneath, with its rules for threads and
 * closing.
 */
public final class EntryWatcher<E> implements AutoCloseable {
  private final Watcher<E> watcher;
  private volatile E node;

  EntryWatcher(Hyperbee bee, byte[] key, Function<Entry, E> decode, Consumer<E> onupdate) {
    KeyRange range = KeyRange.all().gte(key).lte(key);
    WatchOptions<E> options = WatchOptions.defaults().map(snapshot -> decode.apply(snapshot.get(key)));
    if (onupdate != null) {
      options = options.onchange(change -> onupdate.accept(update(change.current())));
    }
    // the first entry is read from the watch's start before its callback thread runs
    this.watcher = new Watcher<>(bee, range, options, start -> node = decode.apply(start.get(key)));
  }

  private E update(E e) {
    node = e;
    return e;
  }

  /** The entry as of the latest update (its decoded form), or null when the key is absent. */
  public E node() {
    return node;
  }

  /**
   * Waits at most {@code timeout} for the next update and applies it to {@link #node()}; false
   * when none came in time or the watcher is closed. Refused when updates go to a callback.
   */
  public boolean awaitUpdate(long timeout, TimeUnit unit) {
    Watcher.Change<E> c = watcher.poll(timeout, unit);
    if (c == null) {
      return false;
    }
    update(c.current());
    return true;
  }

  public boolean isClosed() {
    return watcher.isClosed();
  }

  /** Stops watching; waits for a running callback to return and joins the watcher's thread. */
  @Override
  public void close() {
    watcher.close();
  }
}
