package io.hyperbee.btree;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.log.BlockLog;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** What a bee, its subs and its checkouts share: the core, block cache, write lock and options. */
final class BeeContext {
  final BlockLog core;
  final BlockCache cache;
  final NodeCache nodes;
  final WriteLock lock = new WriteLock();
  /** Groups concurrent one-shot puts and dels into one append (see {@link WriteQueue}). */
  final WriteQueue writes = new WriteQueue(this);
  final BatchBounds batchBounds = new BatchBounds(this);
  final boolean readonly;
  final Metadata metadata;
  /** The custom key order, or null for unsigned bytes (see {@link KeyOrder}). */
  final Comparator<byte[]> order;
  final Set<Batch> openBatches = ConcurrentHashMap.newKeySet();
  /** Told of every change of the core; live reads and watchers wait on it. */
  final ChangeSignal changes = new ChangeSignal();
  private final AutoCloseable listening;
  /** Open watchers, closed with the bee (as JS closes them in its own close). */
  final Set<Watcher<?>> watchers = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;
  /** Told when a read must wait for a block a peer has to send; null for none. */
  volatile Warmup warmup;
  /** Fork id of the core when the cache was last known good (Hypercore only; -1 otherwise). */
  private volatile long fork;
  /**
   * What the last one-shot write left for the next (taken and kept under {@link #lock}; dropped
   * also by a failed append of the writer queue, on another thread), or null.
   */
  private volatile WrittenPath writtenPath;

  BeeContext(BlockLog core, BeeOptions options) {
    this.core = core;
    this.cache = new BlockCache(options.cacheSize());
    this.nodes = new NodeCache(options.nodeCacheSize());
    this.readonly = options.readonly();
    this.metadata = options.metadata();
    this.order = options.keyOrder();
    this.fork = currentFork();
    this.listening = core.addListener(changes);
  }

  /** The fork id of a {@link io.hyperbee.log.Hypercore}; -1 for other logs (never truncated). */
  long currentFork() {
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
          batchBounds.clear();
          fork = f;
        }
      }
    }
  }

  boolean closed() {
    return closed;
  }

  /**
   * The path the last one-shot write left, or null; the caller (holding {@link #lock}) now owns it:
   * it may start from it when it is {@link WrittenPath#validAt} the core's length and fork, and
   * none is kept either way.
   */
  WrittenPath takeWrittenPath() {
    WrittenPath p = writtenPath;
    writtenPath = null;
    return p;
  }

  /** Keeps {@code path} for the next one-shot write (the caller holds {@link #lock}). */
  void keepWrittenPath(WrittenPath path) {
    writtenPath = path;
  }

  /** Forgets the kept path: the blocks it was encoded for were not appended. */
  void dropWrittenPath() {
    writtenPath = null;
  }

  void close() {
    closed = true;
    changes.close();
    try {
      listening.close();
    } catch (Exception e) { // a core's handle only removes the listener from a list
      throw new IllegalStateException("removing the bee's core listener failed", e);
    }
    for (Watcher<?> w : watchers) {
      w.close();
    }
    for (Batch b : openBatches) {
      b.close();
    }
    writtenPath = null;
    cache.clear();
    nodes.clear();
  }

  /** Appends the header block if the core is empty and this bee may write (spec 2.2). */
  void ensureHeader() {
    if (core.length() == 0 && core.writable() && !readonly) {
      append(List.of(Messages.encodeHeader(metadata)), 0, currentFork());
    }
  }

  /**
   * Appends blocks the bee has just encoded against the log at {@code length} and {@code fork};
   * the log may keep the arrays (never touched again). Refused, with nothing appended, when the log
   * has moved since (another bee on the same core, a direct append or truncate): the blocks' tree
   * points at seqs that would name other blocks.
   */
  void append(List<byte[]> blocks, long length, long fork) {
    if (core instanceof io.hyperbee.log.Hypercore h) {
      h.appendOwnedAt(length, fork, blocks, NO_LENGTHS);
      return;
    }
    synchronized (core) { // other logs are never truncated; appends by others still move the length
      if (core.length() != length) {
        throw io.hyperbee.log.Hypercore.movedUnder(length, fork, core.length(), fork);
      }
      core.appendOwned(blocks);
    }
  }

  private static final long[] NO_LENGTHS = new long[0];

  /**
   * Appends a group of one-shot writes' blocks, each of which ends a whole version: {@code
   * innerWholeLengths} are the lengths between them (see {@link PutGroup}). Refused as {@link
   * #append} is when the log is no longer at {@code length} and {@code fork}.
   */
  void appendGroup(List<byte[]> blocks, long[] innerWholeLengths, long length, long fork) {
    ((io.hyperbee.log.Hypercore) core).appendOwnedAt(length, fork, blocks, innerWholeLengths);
  }

  /**
   * Whether one-shot writes may be grouped: only a {@link io.hyperbee.log.Hypercore} records the
   * versions inside one append as whole, in the same commit.
   */
  boolean groupsWrites() {
    return core instanceof io.hyperbee.log.Hypercore;
  }

  /** The decoded node block {@code seq}, which must be below {@code limit}. */
  DecodedBlock load(long seq, long limit) {
    checkReadable(seq, limit);
    DecodedBlock b = cache.get(seq);
    if (b != null) {
      return b;
    }
    b = Messages.decodeNode(seq, read(seq));
    cache.offer(b);
    return b;
  }

  /**
   * The bytes of block {@code seq} (below {@code limit}) from the core, fetched from a peer if
   * need be, without a look at the block cache and without entering it: for range scans over
   * scattered seqs, which read each block once (a cache probe there is a memory miss per block).
   */
  byte[] uncached(long seq, long limit) {
    checkReadable(seq, limit);
    return read(seq);
  }

  private byte[] read(long seq) {
    ReadWaits.beforeRead(core, seq);
    return core.get(seq);
  }

  /** Keys of a node are read in one run when their seqs span at most this many blocks. */
  private static final int KEY_RUN = 64;

  /**
   * Node {@code offset} of block {@code seq} (below {@code limit}), from the node cache or
   * decoded and cached. Its keys come from cached blocks, else from local storage without going
   * through the block cache (only their bytes are kept, in the node), in one run read when their
   * blocks lie close together (keys written in order). A node whose keys all resolve that way is
   * cached compact ({@link CachedNode}); otherwise it stays a {@link LazyNode} that resolves the
   * rest when a search compares them (nothing is fetched from a peer, no damaged neighbour fails
   * a read that does not need it) and is made compact once complete.
   */
  IndexNode node(long seq, int offset, long limit) {
    return node(seq, offset, limit, nodes.get(seq, offset));
  }

  /** Node {@code offset} of block {@code seq} if it is cached (no read), else null. */
  IndexNode cachedNode(long seq, int offset) {
    Object cached = nodes.get(seq, offset);
    return cached instanceof byte[] data ? new CachedNode(data) : (IndexNode) cached;
  }

  /**
   * Child {@code i} of {@code parent} (below {@code limit}): through the parent's slot hint when
   * it still points at the child, else as {@link #node(long, int, long)}, updating the hint.
   */
  IndexNode child(CachedNode parent, int i, long limit) {
    long seq = parent.childSeq(i);
    int offset = parent.childOffset(i);
    int hint = parent.slotHint(i) - 1;
    Object cached = hint < 0 ? null : nodes.at(hint, seq, offset);
    if (cached instanceof byte[] data) {
      return new CachedNode(data);
    }
    IndexNode n = node(seq, offset, limit);
    int slot = nodes.find(seq, offset); // where it is now, if node() cached it
    if (slot >= 0) {
      parent.slotHint(i, slot + 1);
    }
    return n;
  }

  private IndexNode node(long seq, int offset, long limit, Object cached) {
    if (cached instanceof byte[] data) {
      return new CachedNode(data);
    }
    if (cached instanceof LazyNode lazy) {
      byte[][] keys = lazy.resolvedKeys();
      if (keys == null) {
        return lazy;
      }
      return cache(CachedNode.encode(lazy.level, keys));
    }
    DecodedBlock block = load(seq, limit);
    Level l = block.level(offset);
    long[] seqs = l.keySeqs();
    byte[][] keys = new byte[seqs.length][];
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < seqs.length; i++) {
      long k = seqs[i];
      DecodedBlock b = k == seq ? block : cache.get(k);
      if (b != null) {
        keys[i] = b.key();
      } else if (k > 0 && k < limit) {
        min = Math.min(min, k);
        max = Math.max(max, k);
      }
    }
    boolean complete = min > max;
    if (!complete && max - min < KEY_RUN) {
      byte[][] run = readStored(min, (int) (max - min + 1));
      complete = run != null;
      for (int i = 0; i < seqs.length && complete; i++) {
        if (keys[i] == null) {
          byte[] raw = seqs[i] >= min && seqs[i] <= max ? run[(int) (seqs[i] - min)] : null;
          keys[i] = raw == null ? null : keyOf(seqs[i], raw);
          complete = keys[i] != null;
        }
      }
    }
    preload(l, keys);
    if (complete) {
      return cache(CachedNode.encode(l, keys));
    }
    LazyNode lazy = new LazyNode(l, keys);
    nodes.put(lazy);
    return lazy;
  }

  /**
   * JS's {@code TreeNode.preload}: a node just decoded asks the core for the blocks of its keys
   * not resolved here and of its children at once, so on a sparse replica a search waits one
   * round trip for all it compares and the child it descends to, not one per block (a core that
   * holds its blocks asks nothing).
   */
  void preload(Level l, byte[][] keys) {
    if (core.writable()) {
      return; // a writer holds its blocks: nothing to ask, and scans stay allocation-free
    }
    long[] seqs = l.keySeqs();
    long[] children = l.childPairs();
    long[] wanted = new long[seqs.length + (children.length >> 1)];
    int n = 0;
    for (int i = 0; i < seqs.length; i++) {
      if (keys[i] == null) {
        wanted[n++] = seqs[i];
      }
    }
    for (int i = 0; i < children.length; i += 2) {
      wanted[n++] = children[i];
    }
    core.prefetch(Arrays.copyOf(wanted, n));
  }

  private IndexNode cache(byte[] node) {
    nodes.put(node);
    return new CachedNode(node);
  }

  /** The key of stored block {@code seq}, or null when it does not decode (its own read reports it). */
  private static byte[] keyOf(long seq, byte[] block) {
    try {
      return Messages.decodeKey(seq, block);
    } catch (HyperbeeException e) {
      return null;
    }
  }

  /**
   * The raw bytes of blocks {@code lo .. lo + count - 1} as stored locally (checked by the core as
   * every read is), or null when the read failed: best effort, for a scan's own read-ahead; it
   * never fetches and caches nothing.
   */
  byte[][] readStored(long lo, int count) {
    try {
      return core.getStored(lo, count);
    } catch (HyperbeeException | IllegalArgumentException e) { // damaged, or past a truncation
      return null;
    }
  }

  /**
   * The raw bytes of blocks {@code seqs} (in any order) as stored locally, a null slot for each one
   * not stored, or null when the read failed: best effort, as {@link #readStored(long, int)}.
   */
  byte[][] readStored(long[] seqs) {
    try {
      return core.getStored(seqs);
    } catch (HyperbeeException | IllegalArgumentException e) { // damaged, or past a truncation
      return null;
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
