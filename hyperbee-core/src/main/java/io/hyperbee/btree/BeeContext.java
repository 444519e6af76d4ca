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
    checkReadable(seq, limit);
    DecodedBlock b = cache.get(seq);
    if (b != null) {
      return b;
    }
    b = Messages.decodeNode(seq, core.get(seq));
    cache.put(b);
    return b;
  }

  /**
   * As {@link #load(long, long)}; on a miss also reads up to {@code run - 1} neighbouring blocks
   * (after {@code seq}, or before it when {@code reverse}, within 1 .. limit - 1) in one read of
   * the log and caches those that decode as nodes.
   */
  DecodedBlock load(long seq, long limit, int run, boolean reverse) {
    checkReadable(seq, limit);
    DecodedBlock b = cache.get(seq);
    if (b != null || run <= 1) {
      return b != null ? b : load(seq, limit);
    }
    long lo = reverse ? Math.max(1, seq - run + 1) : seq;
    long hi = reverse ? seq + 1 : Math.min(limit, seq + run);
    byte[][] blocks;
    try {
      blocks = core.get(lo, (int) (hi - lo));
    } catch (HyperbeeException e) {
      return load(seq, limit); // a neighbour failed (not stored, corrupt): read just this one
    }
    for (int k = 0; k < blocks.length; k++) {
      long s = lo + k;
      if (s == seq) {
        b = Messages.decodeNode(seq, blocks[k]);
        cache.put(b);
      } else if (cache.get(s) == null) {
        try {
          cache.put(Messages.decodeNode(s, blocks[k]));
        } catch (HyperbeeException e) {
          // a neighbour that is not a node is only read ahead; its own load reports it
        }
      }
    }
    return b;
  }

  private static void checkReadable(long seq, long limit) {
    if (seq <= 0 || seq >= limit) {
      if (seq == 0) {
        throw new HyperbeeException(ErrorCode.DECODING_ERROR, "block 0 is the header, not a node");
      }
      throw new HyperbeeException(
          ErrorCode.SNAPSHOT_NOT_AVAILABLE, "block " + seq + " is past the readable length " + limit);
    }
  }
}
