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
  final NodeCache nodes;
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
    this.nodes = new NodeCache(options.nodeCacheSize());
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
          nodes.clear();
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
    nodes.clear();
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

  /** Appends blocks the bee has just encoded; the log may keep the arrays (never touched again). */
  void append(List<byte[]> blocks) {
    core.appendOwned(blocks);
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

  /** Keys of a node read ahead in one run when their seqs span at most this many blocks. */
  private static final int KEY_RUN = 64;

  /**
   * Node {@code offset} of block {@code seq} (below {@code limit}), from the node cache or
   * decoded and cached. A node read from the log gets its keys' bytes at once when their blocks
   * lie close together (keys written in order): one run read instead of a read per comparison.
   */
  Level node(long seq, int offset, long limit) {
    Level l = nodes.get(seq, offset);
    if (l != null) {
      return l;
    }
    l = load(seq, limit).level(offset);
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    int unresolved = 0;
    for (int i = 0; i < l.keyCount(); i++) {
      if (l.keyUnresolved(i)) {
        long k = l.keySeq(i);
        min = Math.min(min, k);
        max = Math.max(max, k);
        unresolved++;
      }
    }
    if (unresolved > 1 && max - min < KEY_RUN && min > 0 && max < limit) {
      readAhead(min, max + 1);
      for (int i = 0; i < l.keyCount(); i++) {
        DecodedBlock k = l.keyUnresolved(i) ? cache.get(l.keySeq(i)) : null;
        if (k != null) {
          l.resolveKey(i, k.key());
        }
      }
    }
    nodes.put(l);
    return l;
  }

  /**
   * As {@link #load(long, long)}; on a miss also reads up to {@code run - 1} neighbouring blocks
   * (after {@code seq}, or before it when {@code reverse}, within 1 .. limit - 1) in one read of
   * the log and caches those that decode as nodes.
   */
  DecodedBlock load(long seq, long limit, int run, boolean reverse) {
    checkReadable(seq, limit);
    DecodedBlock b = cache.get(seq);
    if (b != null) {
      return b;
    }
    if (run > 1) {
      readAhead(reverse ? Math.max(1, seq - run + 1) : seq, reverse ? seq + 1 : Math.min(limit, seq + run));
      b = cache.get(seq);
    }
    if (b == null) {
      b = Messages.decodeNode(seq, core.get(seq));
      cache.put(b);
    }
    return b;
  }

  /**
   * Caches the blocks {@code lo .. hi - 1} that are stored locally and decode as nodes, read in
   * one go. Best effort: it never fetches and never fails (a damaged or missing block is left to
   * the load that needs it, which reports it).
   */
  private void readAhead(long lo, long hi) {
    byte[][] blocks;
    try {
      blocks = core.getStored(lo, (int) (hi - lo));
    } catch (HyperbeeException | IllegalArgumentException e) { // damaged, or past a truncation
      return;
    }
    for (int k = 0; k < blocks.length; k++) {
      long s = lo + k;
      if (blocks[k] != null && cache.get(s) == null) {
        try {
          cache.put(Messages.decodeNode(s, blocks[k]));
        } catch (HyperbeeException e) {
          // not a node: its own load reports it
        }
      }
    }
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
