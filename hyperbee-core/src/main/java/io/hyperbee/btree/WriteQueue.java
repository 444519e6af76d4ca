package io.hyperbee.btree;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
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
 */
final class WriteQueue {
  /** Most writes in one group: bounds the latency of the first and the memory held. */
  static final int MAX_WRITES = 1024;
  /** Most key and value bytes in one group (LevelDB caps a group at 1 MiB too). */
  static final long MAX_BYTES = 1 << 20;

  /** One write: what to run with the group (null for a group of one), then its outcome. */
  interface Write {
    boolean run(PutGroup group);
  }

  private static final class Waiter {
    final Write write;
    final long bytes;
    final Condition turn;
    boolean done;
    boolean result;
    RuntimeException failure;

    Waiter(Write write, long bytes, Condition turn) {
      this.write = write;
      this.bytes = bytes;
      this.turn = turn;
    }
  }

  private final BeeContext bee;
  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<Waiter> queue = new ArrayDeque<>();

  WriteQueue(BeeContext bee) {
    this.bee = bee;
  }

  /** Number of writes in line, the one in progress included (tests). */
  int queued() {
    lock.lock();
    try {
      return queue.size();
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
    Waiter me;
    List<Waiter> group;
    lock.lock();
    try {
      me = new Waiter(write, bytes, lock.newCondition());
      queue.addLast(me);
      while (!me.done && queue.peekFirst() != me) {
        me.turn.awaitUninterruptibly();
      }
      if (me.done) {
        return outcome(me);
      }
      group = takeGroup();
    } finally {
      lock.unlock();
    }
    try {
      lead(group);
    } catch (Error e) { // every write of the group learns it, not only the leader
      group.forEach(w -> w.failure = new IllegalStateException("the leader of this write's group failed", e));
      throw e;
    } finally {
      lock.lock();
      try {
        for (Waiter w : group) {
          queue.removeFirst(); // the group is the head of the queue: nobody else removes
          w.done = true;
          w.turn.signal();
        }
        Waiter next = queue.peekFirst();
        if (next != null) {
          next.turn.signal(); // the next leader
        }
      } finally {
        lock.unlock();
      }
    }
    return outcome(me);
  }

  /** The head of the queue, as long as it fits one group (the caller holds the lock). */
  private List<Waiter> takeGroup() {
    List<Waiter> group = new ArrayList<>();
    long bytes = 0;
    for (Waiter w : queue) {
      if (!group.isEmpty() && (!bee.groupsWrites() || group.size() >= MAX_WRITES || bytes + w.bytes > MAX_BYTES)) {
        break;
      }
      group.add(w);
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
          bee.appendGroup(blocks.blocks(), blocks.innerWholeLengths(), blocks.first(), blocks.fork());
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
