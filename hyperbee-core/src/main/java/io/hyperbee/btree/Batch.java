package io.hyperbee.btree;

import static java.util.Objects.requireNonNull;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import java.util.List;

/**
 * A group of writes appended atomically by {@link #flush()}; reads through the batch see its own
 * pending writes. Holds the bee's write lock from its first write until flush or close. Calls on
 * one batch are serialised by the batch's own monitor, so it may be shared between threads, but a
 * thread must not start a second writing batch (or a one-shot write) on the same bee while it
 * holds one: that would deadlock in JS and is refused here with {@code INVALID_OPERATION}.
 */
public final class Batch implements AutoCloseable {
  private final Hyperbee bee;
  private final BeeContext ctx;
  private final TreeWriter writer;
  private boolean locked;
  private boolean closed;

  Batch(Hyperbee bee) {
    this.bee = bee;
    this.ctx = bee.context();
    this.writer = new TreeWriter(ctx, bee.alwaysDuplicate(), false);
  }

  public void put(byte[] key, byte[] value) {
    put(key, value, null);
  }

  /** Put only if {@code cas} accepts (prev, next); returns whether a block was queued. */
  public synchronized boolean put(byte[] key, byte[] value, Cas cas) {
    byte[] k = bee.storedKey(key);
    Hyperbee.checkValue(value);
    lock();
    return writer.put(k, value, new WriteOp(cas, key, value, bee.prefixLength()));
  }

  public void del(byte[] key) {
    del(key, null);
  }

  /** Delete only if {@code cas} accepts (prev, next); returns whether a block was queued. */
  public synchronized boolean del(byte[] key, Cas cas) {
    byte[] k = bee.storedKey(key);
    lock();
    return writer.del(k, new WriteOp(cas, key, null, bee.prefixLength()));
  }

  /** Takes the bee's write lock now (JS {@code batch.lock()}); writes take it implicitly. */
  public synchronized void lock() {
    ensureOpen();
    bee.ensureWritable();
    if (!locked) {
      ctx.lock.lock();
      ctx.checkFork();
      locked = true;
      ctx.openBatches.add(this); // so closing the bee releases the lock
    }
  }

  public synchronized Entry get(byte[] key) {
    byte[] k = bee.storedKey(key);
    ensureOpen();
    BlockRecord b = Lookup.get(writer, k);
    return b == null ? null : Hyperbee.entryOf(b, bee.prefixLength());
  }

  public Entry peek(KeyRange range) {
    BeeIterator<Entry> it = range(range.limit(1));
    return it.hasNext() ? it.next() : null;
  }

  /**
   * Sorted entries including pending writes. Each step runs under the batch's monitor; writes
   * made to the batch while iterating are seen or not as in JS (don't rely on either).
   */
  public BeeIterator<Entry> range(KeyRange range) {
    requireNonNull(range, "range is null");
    ensureOpen();
    KeyRange r = bee.storedRange(range);
    RangeIterator it = new RangeIterator(writer, r, bee.prefixLength(), this::ensureOpen);
    return new BeeIterator<>() {
      @Override
      public boolean hasNext() {
        synchronized (Batch.this) {
          return it.hasNext();
        }
      }

      @Override
      public Entry next() {
        synchronized (Batch.this) {
          return it.next();
        }
      }

      @Override
      public void close() {
        it.close();
      }
    };
  }

  /** The version reads through this batch see: the core length plus pending blocks. */
  public synchronized long version() {
    return writer.version();
  }

  /** Number of blocks waiting for {@link #flush()}. */
  public synchronized int pending() {
    return writer.pending();
  }

  /** Appends every pending block in one atomic append and releases the lock. */
  public synchronized void flush() {
    ensureOpen();
    try {
      if (writer.pending() > 0) {
        long at = writer.firstPending();
        long fork = writer.fork();
        List<byte[]> blocks = writer.drain();
        ctx.append(blocks, at, fork);
        writer.cacheDrained();
      }
    } finally {
      release();
    }
  }

  /** Discards pending writes and releases the lock. A closed batch can't be used again. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    writer.discard();
    release();
    closed = true;
  }

  private void release() {
    if (locked) {
      locked = false;
      ctx.openBatches.remove(this);
      ctx.lock.unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new HyperbeeException(ErrorCode.CLOSED, "batch is closed");
    }
    bee.ensureOpen();
  }
}
