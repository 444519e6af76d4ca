package io.hyperbee.btree;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A list of blocks standing in for a Hypercore in B-tree tests (no hashing or signing). Like a
 * Hypercore it records where its appends ended, unless made {@link #withoutRecord()} (a log
 * written elsewhere).
 */
final class MemoryLog implements io.hyperbee.log.BlockLog {
  private final List<byte[]> blocks = new ArrayList<>();
  private final boolean writable;
  private volatile long length;
  private final List<io.hyperbee.log.CoreListener> listeners = new CopyOnWriteArrayList<>();
  final AtomicInteger appendCalls = new AtomicInteger();
  final AtomicInteger gets = new AtomicInteger();
  private volatile io.hyperbee.storage.WholeLengths record = io.hyperbee.storage.WholeLengths.NONE;
  private boolean recording = true;

  MemoryLog() {
    this(true);
  }

  MemoryLog(boolean writable) {
    this.writable = writable;
  }

  /** A read-only log holding {@code other}'s blocks. */
  static MemoryLog readOnlyCopy(MemoryLog other) {
    MemoryLog m = new MemoryLog(false);
    synchronized (other) {
      m.blocks.addAll(other.blocks);
      m.length = other.length;
    }
    return m;
  }

  /** A writable log that keeps no record of where its appends ended. */
  static MemoryLog withoutRecord() {
    MemoryLog m = new MemoryLog();
    m.recording = false;
    return m;
  }

  @Override
  public io.hyperbee.storage.WholeLengths wholeLengths() {
    return record;
  }

  /** A read-only log of {@code blocks}: a log written elsewhere, with no record of its appends. */
  static MemoryLog readOnlyOf(List<byte[]> blocks) {
    MemoryLog m = new MemoryLog(false);
    m.blocks.addAll(blocks);
    m.length = blocks.size();
    return m;
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public synchronized byte[] get(long index) {
    gets.incrementAndGet();
    if (index < 0 || index >= length) {
      throw new HyperbeeException(ErrorCode.BLOCK_NOT_AVAILABLE, "Block is not available: " + index);
    }
    return blocks.get((int) index);
  }

  @Override
  public synchronized long append(List<byte[]> newBlocks) {
    if (!writable) {
      throw new HyperbeeException(ErrorCode.SESSION_NOT_WRITABLE, "not writable");
    }
    appendCalls.incrementAndGet();
    for (byte[] b : newBlocks) {
      blocks.add(b.clone());
    }
    long previous = length;
    length = blocks.size();
    if (recording) {
      record = record.with(previous, new long[] {length});
    }
    for (io.hyperbee.log.CoreListener l : listeners) {
      l.onAppend(previous, length, false);
    }
    return length;
  }

  synchronized List<byte[]> blocks() {
    return new ArrayList<>(blocks);
  }

  @Override
  public AutoCloseable addListener(io.hyperbee.log.CoreListener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public boolean writable() {
    return writable;
  }

  @Override
  public byte[] key() {
    return new byte[32];
  }

  @Override
  public byte[] discoveryKey() {
    return new byte[32];
  }

  @Override
  public void close() {}
}
