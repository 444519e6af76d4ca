package io.hyperbee.btree;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.log.BlockLog;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** What a bee, its subs and its checkouts share: the core, block cache, write lock and options. */
final class BeeContext {
  final BlockLog core;
  final BlockCache cache;
  final WriteLock lock = new WriteLock();
  final boolean readonly;
  final Metadata metadata;
  final Set<Batch> openBatches = ConcurrentHashMap.newKeySet();
  private final Object appendSignal = new Object();
  private volatile boolean closed;
  /** Fork id of the core when the cache was last known good (Hypercore only; -1 otherwise). */
  private volatile long fork;

  BeeContext(BlockLog core, BeeOptions options) {
    this.core = core;
    this.cache = new BlockCache(options.cacheSize());
    this.readonly = options.readonly();
    this.metadata = options.metadata();
    this.fork = currentFork();
  }

  private long currentFork() {
    return core instanceof io.hyperbee.log.Hypercore h ? h.fork() : -1;
  }

  /**
   * Drops cached blocks when the core was truncated (its fork id changed): seqs at or above the
   * truncation point now name other blocks. Called when a read or write starts.
   */
  void checkFork() {
    long f = currentFork();
    if (f != fork) {
      synchronized (this) {
        if (f != fork) {
          cache.clear();
          fork = f;
        }
      }
    }
  }

  boolean closed() {
    return closed;
  }

  void close() {
    closed = true;
    for (Batch b : openBatches) {
      b.close();
    }
    cache.clear();
    synchronized (appendSignal) {
      appendSignal.notifyAll();
    }
  }

  /** Appends the header block if the core is empty and this bee may write (spec 2.2). */
  void ensureHeader() {
    if (core.length() == 0 && core.writable() && !readonly) {
      append(List.of(Messages.encodeHeader(metadata)));
    }
  }

  void append(List<byte[]> blocks) {
    core.append(blocks);
    synchronized (appendSignal) {
      appendSignal.notifyAll();
    }
  }

  /** Waits up to {@code millis} for an append through this bee (others are seen by polling). */
  void awaitAppend(long length, long millis) {
    synchronized (appendSignal) {
      if (core.length() > length || closed) {
        return;
      }
      try {
        appendSignal.wait(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new HyperbeeException(ErrorCode.CLOSED, "interrupted while waiting for new blocks", e);
      }
    }
  }

  /** The decoded node block {@code seq}, which must be below {@code limit}. */
  DecodedBlock load(long seq, long limit) {
    if (seq <= 0 || seq >= limit) {
      if (seq == 0) {
        throw new HyperbeeException(ErrorCode.DECODING_ERROR, "block 0 is the header, not a node");
      }
      throw new HyperbeeException(
          ErrorCode.SNAPSHOT_NOT_AVAILABLE, "block " + seq + " is past the readable length " + limit);
    }
    DecodedBlock b = cache.get(seq);
    if (b != null) {
      return b;
    }
    b = Messages.decodeNode(seq, core.get(seq));
    cache.put(b);
    return b;
  }
}
