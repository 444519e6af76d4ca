package io.hyperbee.btree;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * LevelDB's writer queue for one-shot puts and dels: a write that arrives while another is in
 * progress waits in line, and the first in line (the leader) takes every write queued behind it
 * and appends them together - each still its own block with its own tree index, encoded exactly
 * as if they had been written one after the other in queue order, but one append, one storage
 * commit and one (deferred) signature for all. Each caller returns once the group's append is
 * committed, so a write is as durable when it returns as an ungrouped one, and a failed append
 * fails every write of its group (none of them is stored). A lone writer leads a group of one
 * and appends at once, as before.
 *
 * <p>Hand-over, made cheap because a put costs only microseconds (issue 18): a waiting writer
 * parks on its own flag, not on a condition of the queue's lock, so waking it costs one unpark
 * and it returns without taking that lock again (no convoy of woken writers on it); and a leader
 * whose group is done leads the next one itself while writes keep arriving (up to {@link
 * #MAX_GROUPS_LED} groups), instead of waking the next in line to lead it (a thread switch on
 * the path of every group).
 */
final class WriteQueue {
  /** Most writes in one group: bounds the latency of the first and the memory held. */
  static final int MAX_WRITES = 1024;
  /** Most key and value bytes in one group (LevelDB caps a group at 1 MiB too). */
  static final long MAX_BYTES = 1 << 20;
  /** Most groups one leader runs before it hands the lead to the next in line: bounds its wait. */
  static final int MAX_GROUPS_LED = 8;

  /** One write: what to run with the group (null for a group of one), then its outcome. */
  interface Write {
    boolean run(PutGroup group);
  }

  private static final int WAITING = 0;
  private static final int LEADING = 1;
  private static final int DONE = 2;

  private static final class Waiter {
    final Write write;
    final long bytes;
    final Thread thread = Thread.currentThread();
    /** WAITING, then LEADING (it is to lead a group) or DONE; set under the queue's lock or by the leader. */
    volatile int state = WAITING;
    boolean result; // written by the leader before state becomes DONE
    RuntimeException failure;

    Waiter(Write write, long bytes) {
      this.write = write;
      this.bytes = bytes;
    }

    /** Parks until the write is done or to be led; uninterruptibly (an interrupt is kept for later). */
    void await() {
      boolean interrupted = false;
      while (state == WAITING) {
        LockSupport.park(this);
        interrupted |= Thread.interrupted(); // else park returns at once, again and again
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private final BeeContext bee;
  private final ReentrantLock lock = new ReentrantLock();
  /** Writes waiting to be taken into a group (guarded by {@link #lock}). */
  private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
  /** Writes of the group in progress (guarded by {@link #lock}); 0 when none is led. */
  private int running;
  /** Whether a leader is running groups (guarded by {@link #lock}). */
  private boolean led;

  WriteQueue(BeeContext bee) {
    this.bee = bee;
  }

  /** Number of writes in line, the group in progress included (tests). */
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
    lock.lock();
    try {
      queue.addLast(me);
      if (!led) {
        led = true;
        me.state = LEADING;
      }
    } finally {
      lock.unlock();
    }
    me.await();
    if (me.state == LEADING) {
      leadWhileQueued(me);
    }
    return outcome(me);
  }

  /**
   * Runs groups from the head of the queue until it is empty, {@code me}'s write is done and
   * {@link #MAX_GROUPS_LED} groups have run, then hands the lead to the next in line if any.
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
      try {
        lead(group);
      } catch (RuntimeException | Error e) { // every write of the group learns it, not only the leader
        group.forEach(w -> w.failure = new IllegalStateException("the leader of this write's group failed", e));
        finish(group, me);
        handOver();
        throw e;
      }
      finish(group, me);
      lock.lock();
      try {
        running = 0;
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

  /** Marks every write of {@code group} done and wakes its writers (the leader {@code me} is awake). */
  private static void finish(List<Waiter> group, Waiter me) {
    for (Waiter w : group) {
      if (w != me) {
        w.state = DONE;
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

  /**
   * Runs the group's writes under the bee's write lock and appends their blocks at once. A write
   * that fails on its own (a cas that refuses by throwing, a block that does not read) fails
   * alone: its writer is dropped and the next one starts from the group's blocks before it.
   */
  private void lead(List<Waiter> group) {
    try {
      bee.lock.lock();
    } catch (RuntimeException e) {
      group.forEach(w -> w.failure = e);
      return;
    }
    try {
      if (group.size() == 1) {
        Waiter w = group.get(0);
        try {
          w.result = w.write.run(null);
        } catch (RuntimeException e) {
          w.failure = e;
        }
        return;
      }
      PutGroup blocks = new PutGroup();
      for (Waiter w : group) {
        try {
          w.result = w.write.run(blocks);
        } catch (RuntimeException e) {
          w.failure = e;
        }
      }
      if (blocks.size() > 0) {
        try {
          bee.appendGroup(blocks.blocks(), blocks.innerWholeLengths());
        } catch (RuntimeException e) {
          bee.dropWrittenPath(); // it holds blocks that are not in the core
          for (Waiter w : group) {
            w.failure = w.failure != null ? w.failure
                : new HyperbeeException(codeOf(e), "the append of this write's group failed: " + e.getMessage(), e);
          }
          return;
        }
        blocks.publish(bee);
      }
    } catch (Error e) { // a write's path may be kept for blocks that never reach the core
      bee.dropWrittenPath();
      throw e;
    } finally {
      bee.lock.unlock();
    }
  }

  private static ErrorCode codeOf(RuntimeException e) {
    return e instanceof HyperbeeException h ? h.code() : ErrorCode.IO_ERROR;
  }
}
