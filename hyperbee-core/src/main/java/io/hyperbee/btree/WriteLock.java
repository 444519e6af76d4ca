package io.hyperbee.btree;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import java.util.concurrent.Semaphore;

/**
 * The bee's write lock, shared by the bee, its subs and checkouts. A batch may take it on one
 * thread and flush on another, so it is a semaphore rather than a ReentrantLock. Taking it again on
 * the thread that holds it would deadlock (JS would wait forever too), so that is refused instead.
 */
final class WriteLock {
  private final Semaphore permit = new Semaphore(1, true);
  private volatile Thread owner;

  void lock() {
    if (owner == Thread.currentThread()) {
      throw new HyperbeeException(
          ErrorCode.INVALID_OPERATION,
          "this thread already holds the bee's write lock (an open batch with pending writes:"
              + " flush or close it first; or a cas, which may not write to its bee)");
    }
    permit.acquireUninterruptibly();
    owner = Thread.currentThread();
  }

  /** True when the calling thread holds the lock (an open batch with pending writes). */
  boolean heldByCurrentThread() {
    return owner == Thread.currentThread();
  }

  /** Releases the lock, from any thread (one taken by {@link #lockShared} too). */
  void unlock() {
    owner = null;
    permit.release();
  }

  /**
   * Takes the lock for the writer queue, which holds it across threads (one encodes a group while
   * another appends the one before): no thread owns it but the one {@link #own}ing it for a while;
   * {@link #unlock} releases it.
   */
  void lockShared() {
    permit.acquireUninterruptibly();
  }

  /** Marks the calling thread as running under a lock taken by {@link #lockShared} (null: none). */
  void own(Thread thread) {
    owner = thread;
  }

  /** Whether another thread waits for the lock. */
  boolean contended() {
    return permit.hasQueuedThreads();
  }
}
