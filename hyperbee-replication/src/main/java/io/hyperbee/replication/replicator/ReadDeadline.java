package io.hyperbee.replication.replicator;

import java.util.function.Supplier;

/**
 * The deadline of the read running on this thread: {@code Replicator.get(index, timeout)} sets
 * it around the core's {@code get}, whose block source then waits no longer than that.
 */
final class ReadDeadline {
  private static final ThreadLocal<Long> DEADLINE = new ThreadLocal<>();

  private ReadDeadline() {}

  /** The deadline in {@link System#nanoTime()} terms, or null when the read set none. */
  static Long current() {
    return DEADLINE.get();
  }

  static <T> T with(long deadlineNanos, Supplier<T> read) {
    Long previous = DEADLINE.get();
    DEADLINE.set(deadlineNanos);
    try {
      return read.get();
    } finally {
      if (previous == null) {
        DEADLINE.remove();
      } else {
        DEADLINE.set(previous);
      }
    }
  }
}
