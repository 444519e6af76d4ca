package io.hyperbee.btree;

import io.hyperbee.log.BlockLog;
import java.util.function.Supplier;

/**
 * The wait hook of the read running on this thread: {@link BeeContext#load} calls it before it
 * reads a block the core does not hold (the read is about to wait for a peer), as hypercore calls
 * JS hyperbee's {@code onwait}. A thread-local, so that the tree walks need not carry it.
 */
final class ReadWaits {
  private static final ThreadLocal<Runnable> CURRENT = new ThreadLocal<>();
  /**
   * How many reads run with a hook, on any thread: while none does, a block read skips the
   * thread-local lookup (a memory miss per block read on a large tree's writes).
   */
  private static final java.util.concurrent.atomic.AtomicInteger HOOKED = new java.util.concurrent.atomic.AtomicInteger();

  private ReadWaits() {}

  /** Runs {@code read} with {@code onWait} (null: none) as this thread's hook. */
  static <T> T during(Runnable onWait, Supplier<T> read) {
    if (onWait == null && CURRENT.get() == null) {
      return read.get();
    }
    Runnable outer = CURRENT.get();
    CURRENT.set(onWait);
    HOOKED.incrementAndGet();
    try {
      return read.get();
    } finally {
      HOOKED.decrementAndGet();
      CURRENT.set(outer);
    }
  }

  /** Tells this thread's hook, if any, when {@code core} does not hold block {@code seq}. */
  static void beforeRead(BlockLog core, long seq) {
    if (HOOKED.get() == 0) {
      return;
    }
    Runnable hook = CURRENT.get();
    if (hook != null && !core.has(seq)) {
      hook.run();
    }
  }
}
