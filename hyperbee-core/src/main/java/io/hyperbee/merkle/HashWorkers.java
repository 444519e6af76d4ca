package io.hyperbee.merkle;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that help a large append hash its blocks (issue 18): one pool for the process,
 * {@code availableProcessors - 1} daemon threads (none on one processor), shared by every open
 * core through a {@link Lease}. The pool starts with the first lease and is shut down when the
 * last lease is closed, so closing every core leaves no thread behind; its threads also end after
 * {@value #IDLE_SECONDS} idle seconds. Work handed to it is only help: the appending thread
 * hashes whatever no worker has started (see {@link BatchHashes}), so a busy or rejecting pool
 * slows an append down to the sequential speed and never blocks it.
 */
public final class HashWorkers {
  private static final int IDLE_SECONDS = 30;
  /** Queued help beyond this is dropped: the caller hashes what nobody took. */
  private static final int QUEUE = 64;
  private static final HashWorkers SHARED = new HashWorkers(Runtime.getRuntime().availableProcessors() - 1, "hyperbee-hash-");

  private final int threads;
  private final String threadPrefix;
  private final AtomicInteger started = new AtomicInteger();
  private int leases; // guarded by this
  private ThreadPoolExecutor pool; // guarded by this; null while there is no lease or no thread to have

  HashWorkers(int threads, String threadPrefix) {
    this.threads = Math.max(0, threads);
    this.threadPrefix = threadPrefix;
  }

  /** A lease on the process's hash workers; close it when its owner closes. */
  public static Lease lease() {
    return SHARED.acquire();
  }

  static HashWorkers shared() {
    return SHARED;
  }

  synchronized Lease acquire() {
    if (leases++ == 0 && threads > 0) {
      pool = new ThreadPoolExecutor(threads, threads, IDLE_SECONDS, TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(QUEUE), this::newThread, new ThreadPoolExecutor.DiscardPolicy());
      pool.allowCoreThreadTimeOut(true);
    }
    return new Lease(pool, threads);
  }

  private synchronized void release() {
    if (--leases == 0 && pool != null) {
      pool.shutdown(); // idle threads end now, busy ones after their chunk
      pool = null;
    }
  }

  synchronized int leases() {
    return leases;
  }

  private Thread newThread(Runnable r) {
    Thread t = new Thread(r, threadPrefix + started.incrementAndGet());
    t.setDaemon(true);
    return t;
  }

  /**
   * One owner's use of the workers: {@link #executor()} until {@link #close()} (idempotent). A
   * lease keeps the pool it was given alive, so a lease that is open always has running workers.
   */
  public final class Lease implements AutoCloseable {
    private final Executor executor;
    private final int threads;
    private boolean closed; // guarded by HashWorkers.this

    private Lease(Executor executor, int threads) {
      this.executor = executor;
      this.threads = executor == null ? 0 : threads;
    }

    /** Where to hand help; null when there are no workers (one processor). */
    Executor executor() {
      return executor;
    }

    /** How many workers may help at once. */
    int threads() {
      return threads;
    }

    @Override
    public void close() {
      synchronized (HashWorkers.this) {
        if (closed) {
          return;
        }
        closed = true;
        release();
      }
    }
  }
}
