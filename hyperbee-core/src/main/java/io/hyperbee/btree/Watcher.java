package io.hyperbee.btree;

import static java.util.Objects.requireNonNull;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A watch on a key range of a live bee (JS {@code bee.watch}): each {@link Change} is a pair of
 * snapshots, the version now and the one the previous change ended at, between which something
 * in the range differs. Nothing is missed and nothing is told twice: the {@code previous} of a
 * change holds what the {@code current} of the change before it held (versions where the range
 * did not change are skipped), and a truncation is always a change. Woken by the core's append
 * and truncate events, local or from a peer: no polling.
 *
 * <p>Iterate it ({@link #hasNext()} blocks until the next change, false once closed) or {@link
 * #poll} with a timeout; or give {@link WatchOptions#onchange} and it runs its own thread. The
 * watcher owns the snapshots (and mapped values) of the change it delivered and closes them when
 * it moves on to the next one, as JS does: read them before asking for the next change. One
 * change is computed at a time; {@link #close()} (from any thread, also from the callback) ends
 * the iteration, waits for a running callback to return and joins the watcher's thread. Closing
 * the bee closes its watchers. A close from another thread can land between {@code hasNext()}
 * and {@code next()}: {@code next()} then throws {@link NoSuchElementException} (the change's
 * snapshots are closed with the watcher); {@link #poll} answers both in one call (null once closed).
 */
public final class Watcher<T> implements BeeIterator<Watcher.Change<T>> {
  /**
   * Something in {@code range} differs between {@code previousSnapshot} and {@code
   * currentSnapshot}; {@code current} and {@code previous} are their mapped values (the
   * snapshots themselves by default). After a truncation the previous snapshot may no longer be
   * readable.
   */
  public record Change<T>(
      T current, T previous, Hyperbee currentSnapshot, Hyperbee previousSnapshot, KeyRange range) {
    /** What changed in the range: left is the current entry, right the previous one. */
    public BeeIterator<DiffEntry> diff() {
      return currentSnapshot.diff(previousSnapshot, range);
    }
  }

  private static final AtomicInteger THREADS = new AtomicInteger();

  private final Hyperbee bee;
  private final BeeContext ctx;
  private final KeyRange range;
  private final WatchOptions<T> options;
  private final ReentrantLock lock = new ReentrantLock();
  private final Thread callbackThread;
  private volatile boolean closed;
  // guarded by lock:
  private Hyperbee current;
  private long currentLength;
  private long currentFork;
  private Change<T> delivered;
  private Change<T> pending;

  Watcher(Hyperbee bee, KeyRange range, WatchOptions<T> options) {
    this(bee, range, options, start -> {});
  }

  /**
   * As above, handing {@code onStart} the snapshot the watch starts from before any change can be
   * delivered (a callback thread holds the watcher's lock while it waits for changes, so the start
   * cannot be asked for afterwards without waiting for a change).
   */
  Watcher(Hyperbee bee, KeyRange range, WatchOptions<T> options, Consumer<Hyperbee> onStart) {
    this.bee = bee;
    this.ctx = bee.context();
    this.range = requireNonNull(range, "range is null");
    this.options = requireNonNull(options, "options is null");
    if (options.eager()) {
      current = bee.checkout(1);
      currentLength = -1; // differs from any length: the first look diffs against version 1
      currentFork = ctx.currentFork();
    } else {
      snapshotNow();
    }
    onStart.accept(current);
    ctx.watchers.add(this);
    Consumer<Change<T>> onchange = options.onchange();
    if (onchange == null) {
      callbackThread = null;
    } else {
      callbackThread = new Thread(() -> deliver(onchange), "hyperbee-watch-" + THREADS.incrementAndGet());
      callbackThread.setDaemon(true);
      callbackThread.start();
    }
    if (ctx.closed()) { // closed while we registered: the bee's close may have missed us
      close();
    }
  }

  /** Blocks until the next change; false once the watcher (or its bee) is closed. */
  @Override
  public boolean hasNext() {
    refuseWithCallback();
    lock.lock();
    try {
      if (pending == null) {
        pending = await(Long.MAX_VALUE);
      }
      return pending != null;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Change<T> next() {
    lock.lock();
    try {
      if (!hasNext()) {
        throw new NoSuchElementException("watcher closed");
      }
      Change<T> c = pending;
      pending = null;
      return c;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The next change, waiting at most {@code timeout}; null when none came in time or the watcher
   * is closed ({@link #isClosed()} tells which).
   */
  public Change<T> poll(long timeout, TimeUnit unit) {
    refuseWithCallback();
    long nanos = unit.toNanos(timeout);
    lock.lock();
    try {
      Change<T> c = pending != null ? pending : await(nanos);
      pending = null;
      return c;
    } finally {
      lock.unlock();
    }
  }

  public boolean isClosed() {
    return closed;
  }

  /** The range watched, as given (unprefixed for a sub). */
  public KeyRange range() {
    return range;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    ctx.watchers.remove(this);
    ctx.changes.wake();
    if (callbackThread != null && Thread.currentThread() != callbackThread) {
      joinUninterruptibly(callbackThread);
    }
    lock.lock(); // a change being computed on another thread ends first
    try {
      release(delivered);
      delivered = null;
      pending = null;
      current.close();
    } finally {
      lock.unlock();
    }
  }

  private void refuseWithCallback() {
    if (callbackThread != null) {
      throw new IllegalStateException("this watcher delivers its changes to its onchange callback");
    }
  }

  /** The callback thread: every change to {@code onchange} until closed. */
  private void deliver(Consumer<Change<T>> onchange) {
    while (true) {
      Change<T> c;
      lock.lock();
      try {
        c = await(Long.MAX_VALUE);
      } catch (RuntimeException e) { // the watcher is closed by now; nobody else can be told
        report(e);
        return;
      } finally {
        lock.unlock();
      }
      if (c == null) {
        return;
      }
      try {
        onchange.accept(c);
      } catch (RuntimeException e) { // as JS: a failing callback does not stop the watch
        report(e);
      }
    }
  }

  /** The next change within {@code nanos}, or null (timeout or closed). Holds the lock. */
  private Change<T> await(long nanos) {
    long deadline = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + nanos;
    try {
      while (!closed) {
        if (ctx.closed()) {
          close();
          return null;
        }
        long seen = ctx.changes.count(); // before looking: a later change moves it
        long fork = ctx.currentFork();
        long length = ctx.core.length();
        if (length != currentLength || fork != currentFork) {
          Change<T> c = advance();
          if (c != null) {
            return c;
          }
          continue;
        }
        long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
        if (left <= 0) {
          return null;
        }
        ctx.changes.await(seen, left, () -> closed);
      }
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HyperbeeException(ErrorCode.CLOSED, "interrupted while watching", e);
    } catch (RuntimeException e) {
      // closing the watcher or its bee mid-diff closes the snapshots under it: the end, not an error
      if (closed || ctx.closed()) {
        close();
        return null;
      }
      close();
      throw e;
    }
  }

  /**
   * Moves to a snapshot of now; returns the change when the range differs (or the core was
   * truncated), else null (the previous snapshot is dropped: its range equals the new one's).
   */
  private Change<T> advance() {
    Hyperbee previous = current;
    long previousFork = currentFork;
    snapshotNow();
    boolean changed = currentFork != previousFork;
    if (!changed) {
      try (BeeIterator<?> d = options.differ().diff(current, previous, range)) {
        changed = d.hasNext();
      }
    }
    if (!changed) {
      previous.close();
      return null;
    }
    release(delivered);
    delivered = new Change<>(
        options.map().apply(current), options.map().apply(previous), current, previous, range);
    return delivered;
  }

  private void snapshotNow() {
    currentFork = ctx.currentFork(); // fork first: a truncation in between shows as a new fork
    currentLength = ctx.core.length();
    current = bee.checkout(Math.max(1, currentLength));
  }

  /** Closes what the watcher handed out with {@code c}, except the current snapshot it keeps. */
  private void release(Change<T> c) {
    if (c == null) {
      return;
    }
    closeMapped(c.current());
    closeMapped(c.previous());
    c.previousSnapshot().close();
  }

  private static void closeMapped(Object mapped) {
    if (mapped instanceof AutoCloseable a && !(mapped instanceof Hyperbee)) {
      try {
        a.close();
      } catch (Exception e) {
        report(e);
      }
    }
  }

  private static void report(Throwable e) {
    Thread t = Thread.currentThread();
    t.getUncaughtExceptionHandler().uncaughtException(t, e);
  }

  private static void joinUninterruptibly(Thread t) {
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
