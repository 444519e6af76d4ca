package io.hyperbee.btree;

import io.hyperbee.log.CoreListener;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * Counts the changes of a bee's core (appends, local or from a peer, and truncations) as the
 * core reports them, and wakes the threads waiting for the next one: live history and watchers.
 * A waiter reads {@link #count()} before it looks at the core, so a change made after that look
 * moves the count and cannot be missed. Remembers where truncations cut the core, so a snapshot
 * can tell whether its blocks are still the ones it saw.
 */
final class ChangeSignal implements CoreListener {
  private long count; // guarded by this
  private boolean closed; // guarded by this
  /** Length each truncation cut the core to, by the fork it started (guarded by this). */
  private final NavigableMap<Long, Long> cuts = new TreeMap<>();

  /** Changes seen so far. */
  synchronized long count() {
    return count;
  }

  // Runs on the changing thread under the core's lock: only a counter and a wake-up.
  @Override
  public synchronized void onAppend(long previousLength, long length, boolean remote) {
    count++;
    notifyAll();
  }

  @Override
  public synchronized void onTruncate(long length, long fork) {
    cuts.put(fork, length);
    count++;
    notifyAll();
  }

  /**
   * The shortest length the core was cut to by truncations after fork {@code fork} (seen while
   * this signal listened), or {@link Long#MAX_VALUE} when none: blocks below it are unchanged.
   */
  synchronized long cutSince(long fork) {
    long cut = Long.MAX_VALUE;
    for (long length : cuts.tailMap(fork, false).values()) {
      cut = Math.min(cut, length);
    }
    return cut;
  }

  /** Wakes every waiter to re-check its own stop condition (a watcher closing). */
  synchronized void wake() {
    notifyAll();
  }

  /** Ends every wait for good (the bee closed). */
  synchronized void close() {
    closed = true;
    notifyAll();
  }

  /**
   * Waits until the count differs from {@code seen}, the signal closes, {@code stop} turns true
   * (checked on every {@link #wake}) or {@code nanos} pass. Returns whether the count moved.
   */
  synchronized boolean await(long seen, long nanos, BooleanSupplier stop)
      throws InterruptedException {
    long deadline = System.nanoTime() + nanos;
    while (count == seen && !closed && !stop.getAsBoolean()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(left / 1_000_000, (int) (left % 1_000_000));
    }
    return count != seen;
  }
}
