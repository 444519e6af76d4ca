package io.hyperbee.btree;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * LevelDB's writer queue for one-shot puts and dels: a write that arrives while another is in
 * progress waits in line, and the first in line (the leader) takes every write queued behind it
 * and appends them together - each still its own block with its own tree index, encoded exactly
 * as if they had been written one after the other in queue order, but one append, one storage
 * commit and one (deferred) signature for all. Each caller returns once the group's append is
 * committed, so a write is as durable when it returns as an ungrouped one, and a failed append
 * fails every write of its group (none of them is stored), and every later group encoded on top
 * of it. A lone writer (nobody leading, queued or in flight) skips the queue and appends at once
 * ({@code writeAlone}), as an ungrouped write.
 *
 * <p>Pipelined (issue 18): while writes keep arriving, the leader encodes the next group's
 * blocks on top of the previous group's while a writer of that previous group appends it (hashes
 * and commits) on its own thread, so the tree work and the append of two groups run on two cores.
 * Appends stay in group order, each waits for the one before and fails if that one failed; at most
 * {@link #MAX_IN_FLIGHT} groups wait for their append. The bee's write lock is held by the queue
 * from the first group's encoding to the last group's append (a batch or truncation waiting for
 * it stops the pipeline at the next group and then takes it in turn).
 *
 * <p>Hand-over is cheap because a put costs only microseconds: a waiting writer parks on its own
 * flag, not on a condition of the queue's lock, so waking it costs one unpark and it returns
 * without taking that lock again; and a leader leads the next group itself while writes keep
 * arriving (up to {@link #MAX_GROUPS_LED} groups), instead of waking the next in line to lead it.
 */
final class WriteQueue {
  /** Most writes in one group: bounds the latency of the first and the memory held. */
  static final int MAX_WRITES = 1024;
  /** Most key and value bytes in one group (LevelDB caps a group at 1 MiB too). */
  static final long MAX_BYTES = 1 << 20;
  /** Most groups one leader runs before it hands the lead to the next in line: bounds its wait. */
  static final int MAX_GROUPS_LED = 8;
  /** Most encoded groups waiting for or in their append while the leader encodes another. */
  static final int MAX_IN_FLIGHT = 2;

  /** One write: what to run with the group (null for a group of one), then its outcome. */
  interface Write {
    boolean run(PutGroup group);
  }

  private static final int WAITING = 0;
  private static final int LEADING = 1;
  private static final int APPENDING = 2;
  private static final int DONE = 3;

  private static final class Waiter {
    final Write write;
    final long bytes;
    final Thread thread = Thread.currentThread();
    /** WAITING, then LEADING, APPENDING (its group's append is its to make) or DONE. */
    volatile int state = WAITING;
    boolean result; // written before state becomes DONE
    RuntimeException failure;
    Flight flight; // the group to append, written before state becomes APPENDING

    Waiter(Write write, long bytes) {
      this.write = write;
      this.bytes = bytes;
    }

    /** Parks while the state is {@code from}; uninterruptibly (an interrupt is kept for later). */
    void awaitChange(int from) {
      boolean interrupted = false;
      while (state == from) {
        LockSupport.park(this);
        interrupted |= Thread.interrupted(); // else park returns at once, again and again
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A group whose blocks are encoded, from then until its append is done. */
  private static final class Flight {
    final List<Waiter> writers;
    /** Its blocks; null when its one write appended by itself. */
    final PutGroup blocks;
    /** The group encoded before it, still in flight then, or null; cleared by its append (no chain of done groups). */
    Flight previous;
    final CompletableFuture<Void> done = new CompletableFuture<>();
    /** Why its append failed (set before {@link #done} opens), or null. */
    volatile RuntimeException failed;

    Flight(List<Waiter> writers, PutGroup blocks, Flight previous) {
      this.writers = writers;
      this.blocks = blocks;
      this.previous = previous;
    }

    /** Waits, uninterruptibly (an interrupt is kept for later), until the append is done. */
    void await() {
      done.join();
    }
  }

  private final BeeContext bee;
  private final ReentrantLock lock = new ReentrantLock();
  /** Writes waiting to be taken into a group (guarded by {@link #lock}). */
  private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
  /** Encoded groups whose append is not done, oldest first (guarded by {@link #lock}). */
  private final ArrayDeque<Flight> inFlight = new ArrayDeque<>();
  /** Writes of the group being encoded (guarded by {@link #lock}); 0 when none is. */
  private int running;
  /** Whether a leader is running groups (guarded by {@link #lock}). */
  private boolean led;
  /** Whether a group is being encoded (guarded by {@link #lock}). */
  private boolean encoding;
  /** Whether the queue holds the bee's write lock (guarded by {@link #lock}). */
  private boolean holdsBeeLock;

  WriteQueue(BeeContext bee) {
    this.bee = bee;
  }

  /** Number of writes in line, the group being encoded included (tests). */
  int queued() {
    lock.lock();
    try {
      return queue.size() + running;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs {@code write} (of about {@code bytes} key and value bytes) in a group, returning its
   * result once the group's append is committed, or throwing what failed it.
   */
  boolean submit(Write write, long bytes) {
    if (bee.lock.heldByCurrentThread()) { // its leader would wait for this thread's batch forever
      bee.lock.lock(); // throws the error naming the open batch
    }
    Waiter me = new Waiter(write, bytes);
    boolean alone;
    lock.lock();
    try {
      alone = !led && queue.isEmpty() && inFlight.isEmpty() && !holdsBeeLock;
      if (alone) {
        led = true;
        running = 1;
        encoding = true;
      } else {
        queue.addLast(me);
        if (!led) {
          led = true;
          me.state = LEADING;
        }
      }
    } finally {
      lock.unlock();
    }
    if (alone) {
      writeAlone(me);
      return outcome(me);
    }
    me.awaitChange(WAITING);
    if (me.state == LEADING) {
      leadWhileQueued(me);
      me.awaitChange(LEADING); // its group may be appended by another of its writers
    } else if (me.state == APPENDING) {
      append(me.flight);
    }
    return outcome(me);
  }

  /**
   * Encodes groups from the head of the queue until it is empty or {@link #MAX_GROUPS_LED}
   * groups have run, then hands the lead to the next in line if any. Each group's append is made
   * by one of its writers other than the leader (woken for it rather than when done, so it costs
   * no extra wake-up) while the next group is encoded, or here for the leader's own write alone.
   */
  private void leadWhileQueued(Waiter me) {
    for (int groups = 1; ; groups++) {
      List<Waiter> group;
      lock.lock();
      try {
        group = takeGroup();
        running = group.size();
      } finally {
        lock.unlock();
      }
      Flight previous = enterPipeline();
      Flight flight;
      try {
        flight = encode(group, previous, me);
      } catch (RuntimeException | Error e) { // every write of the group learns it, not only the leader
        bee.dropWrittenPath(); // a write's path may be kept for blocks that never reach the core
        group.forEach(w -> w.failure = new IllegalStateException("the leader of this write's group failed", e));
        Flight failed = new Flight(group, null, previous);
        failed.failed = e instanceof RuntimeException r ? r : new IllegalStateException(e);
        lock.lock();
        try {
          encoding = false;
          inFlight.addLast(failed);
        } finally {
          lock.unlock();
        }
        complete(failed);
        handOver();
        throw e;
      }
      lock.lock();
      try {
        encoding = false;
        running = 0;
        inFlight.addLast(flight);
      } finally {
        lock.unlock();
      }
      Waiter appender = flight.blocks != null ? otherThan(group, me) : null; // woken now, not when done: no extra wake-up
      if (appender != null) {
        appender.flight = flight;
        appender.state = APPENDING;
        LockSupport.unpark(appender.thread);
      } else {
        append(flight);
      }
      lock.lock();
      try {
        if (queue.isEmpty()) {
          led = false;
          return;
        }
        if (groups < MAX_GROUPS_LED) {
          continue;
        }
      } finally {
        lock.unlock();
      }
      handOver();
      return;
    }
  }

  /**
   * The uncontended write (nobody leading, queued or in flight): runs at once and appends by
   * itself, as a group of one with nothing in flight does, without a group's bookkeeping (no
   * flight, no hand-over: a lone writer's put pays two takings of the queue's lock). Writes that
   * arrive meanwhile queue behind it, as behind any leader, and are led from here afterwards.
   */
  private void writeAlone(Waiter me) {
    bee.lock.lockShared();
    bee.lock.own(Thread.currentThread()); // a write's callback that writes again is refused, not deadlocked
    try {
      me.result = me.write.run(null);
    } catch (RuntimeException e) {
      me.failure = e;
    } catch (Error e) {
      bee.lock.own(null);
      bee.dropWrittenPath(); // a write's path may be kept for blocks that never reach the core
      bee.lock.unlock();
      lock.lock();
      try {
        encoding = false;
      } finally {
        lock.unlock();
      }
      handOver();
      throw e;
    } finally {
      bee.lock.own(null);
    }
    bee.lock.unlock();
    boolean queued;
    lock.lock();
    try {
      encoding = false;
      running = 0;
      queued = !queue.isEmpty();
      led = queued;
    } finally {
      lock.unlock();
    }
    if (queued) {
      leadWhileQueued(me);
    }
  }

  private static Waiter otherThan(List<Waiter> group, Waiter me) {
    for (Waiter w : group) {
      if (w != me) {
        return w;
      }
    }
    return null;
  }

  /**
   * Makes the queue hold the bee's write lock for the group about to be encoded, and returns the
   * group in flight it is to be encoded on top of, or null. Waits for groups in flight when
   * {@link #MAX_IN_FLIGHT} of them are, and for all of them when someone else waits for the bee's
   * lock (a batch, a truncation): they then take it before the next group.
   */
  private Flight enterPipeline() {
    while (true) {
      Flight wait;
      lock.lock();
      try {
        if (!holdsBeeLock) {
          wait = null;
        } else if (bee.lock.contended()) {
          wait = inFlight.peekLast(); // non-null: the queue holds the lock only for groups
        } else if (inFlight.size() >= MAX_IN_FLIGHT) {
          wait = inFlight.peekFirst();
        } else {
          encoding = true;
          return inFlight.peekLast();
        }
      } finally {
        lock.unlock();
      }
      if (wait != null) {
        wait.await();
        continue;
      }
      bee.lock.lockShared();
      lock.lock();
      try {
        holdsBeeLock = true;
        encoding = true;
        return null;
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Runs the group's writes, on top of {@code previous}'s blocks when it is still in flight. A
   * write that fails on its own (a cas that refuses by throwing, a block that does not read)
   * fails alone: its writer is dropped and the next one starts from the group's blocks before it.
   * The leader's own write alone with nothing in flight, and any write on a log that does not
   * group, appends by itself, as an ungrouped write.
   */
  private Flight encode(List<Waiter> group, Flight previous, Waiter me) {
    boolean alone = group.size() == 1 && previous == null && (group.get(0) == me || !bee.groupsWrites());
    PutGroup blocks = alone ? null : new PutGroup(previous == null ? null : previous.blocks);
    bee.lock.own(Thread.currentThread()); // a write's callback that writes again is refused, not deadlocked
    try {
      for (Waiter w : group) {
        try {
          w.result = w.write.run(blocks);
        } catch (RuntimeException e) {
          w.failure = e;
        }
      }
    } finally {
      bee.lock.own(null);
    }
    return new Flight(group, blocks, previous);
  }

  /**
   * Appends {@code flight}'s blocks once the group before it is appended, puts them into the
   * bee's caches, and completes its writes; fails them all when that group or this append failed.
   */
  private void append(Flight flight) {
    RuntimeException failure = null;
    try {
      Flight before = flight.previous;
      flight.previous = null;
      if (before != null) {
        before.await();
        if (before.failed != null) {
          failure = new HyperbeeException(codeOf(before.failed),
              "the append of the group of writes encoded before this write's failed: " + before.failed.getMessage(),
              before.failed);
        }
      }
      PutGroup blocks = flight.blocks;
      if (failure == null && blocks != null) {
        blocks.previousAppended(); // in the core and caches now: no longer held from here
        if (blocks.size() > 0) {
          try {
            bee.appendGroup(blocks.blocks(), blocks.innerWholeLengths(), blocks.first(), blocks.fork());
            blocks.publish(bee);
          } catch (RuntimeException e) {
            failure = new HyperbeeException(codeOf(e), "the append of this write's group failed: " + e.getMessage(), e);
          }
        }
      }
    } catch (Error e) {
      failure = new IllegalStateException("the append of this write's group failed", e);
      flight.failed = failure;
      failAll(flight, failure);
      complete(flight);
      throw e;
    }
    if (failure != null) {
      flight.failed = failure;
      failAll(flight, failure);
    }
    complete(flight);
  }

  private void failAll(Flight flight, RuntimeException failure) {
    bee.dropWrittenPath(); // it holds blocks that are not in the core
    for (Waiter w : flight.writers) {
      w.failure = w.failure != null ? w.failure : failure;
    }
  }

  /** Ends {@code flight}: out of the pipeline (the bee's lock released if it was the last), writers woken. */
  private void complete(Flight flight) {
    lock.lock();
    try {
      inFlight.remove(flight);
      if (holdsBeeLock && inFlight.isEmpty() && !encoding) {
        holdsBeeLock = false;
        bee.lock.unlock();
      }
    } finally {
      lock.unlock();
    }
    flight.done.complete(null);
    Thread self = Thread.currentThread();
    for (Waiter w : flight.writers) {
      w.state = DONE;
      if (w.thread != self) {
        LockSupport.unpark(w.thread);
      }
    }
  }

  /** Gives the lead to the head of the queue, or ends it when nobody waits. */
  private void handOver() {
    Waiter next;
    lock.lock();
    try {
      running = 0;
      next = queue.peekFirst();
      if (next == null) {
        led = false;
        return;
      }
      next.state = LEADING;
    } finally {
      lock.unlock();
    }
    LockSupport.unpark(next.thread);
  }

  /** Takes the head of the queue, as long as it fits one group (the caller holds the lock). */
  private List<Waiter> takeGroup() {
    List<Waiter> group = new ArrayList<>();
    long bytes = 0;
    for (Waiter w = queue.peekFirst(); w != null; w = queue.peekFirst()) {
      if (!group.isEmpty() && (!bee.groupsWrites() || group.size() >= MAX_WRITES || bytes + w.bytes > MAX_BYTES)) {
        break;
      }
      group.add(queue.removeFirst());
      bytes += w.bytes;
    }
    return group;
  }

  private static boolean outcome(Waiter w) {
    if (w.failure != null) {
      throw w.failure;
    }
    return w.result;
  }

  private static ErrorCode codeOf(RuntimeException e) {
    return e instanceof HyperbeeException h ? h.code() : ErrorCode.IO_ERROR;
  }
}
