package io.hyperbee.btree;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.log.BlockLog;
import io.hyperbee.log.Hypercore;
import java.util.Arrays;

/**
 * An append-only B-tree on a {@link BlockLog}, byte-identical to JS Hyperbee 2.x. Keys and values
 * are encoded bytes; keys sort unsigned lexicographically, or by {@link BeeOptions#keyOrder} (JS
 * then reads such a tree by seq and history, but its gets and bounded ranges compare by bytes and
 * miss keys). Thread-safe: writes are serialised by the bee's lock, reads never block and see one
 * fixed version each.
 *
 * <p>A bee is either the main bee returned by {@link #open}, or a view of it: a {@link #sub} (keys
 * under a prefix, writable like its parent), a {@link #checkout} or {@link #snapshot} (read-only,
 * fixed version). Views share the main bee's cache and lock; closing the main bee closes them all
 * (and its open batches), but never the core, which belongs to whoever opened it. Typed access
 * through codecs: {@link #typed}.
 *
 * <p>Limits (JS has none, but hypercore warns above 15 MiB per block): keys are at most
 * {@link #MAX_KEY_SIZE} bytes and values at most {@link #MAX_VALUE_SIZE} bytes; larger ones are
 * refused with {@link IllegalArgumentException} before anything is written.
 */
public final class Hyperbee implements AutoCloseable {
  /** Largest accepted encoded key, including any sub prefix. */
  public static final int MAX_KEY_SIZE = 1 << 20;
  /** Largest accepted value. */
  public static final int MAX_VALUE_SIZE = 14 << 20;

  private static final byte[] SEP = {0};

  private final BeeContext ctx;
  private final boolean main;
  /** 0 for a live bee, else the fixed version of a checkout. */
  private final long checkout;
  private final byte[] prefix;
  private final byte[] sep;
  /** Per bee object as in JS: subs and checkouts are made with the default (true). */
  private final boolean alwaysDuplicate;
  /** The core's fork when this view was made: a checkout reads the blocks of that fork. */
  private final long fork;
  private volatile boolean closed;

  private Hyperbee(
      BeeContext ctx, boolean main, long checkout, byte[] prefix, byte[] sep,
      boolean alwaysDuplicate, long fork) {
    this.ctx = ctx;
    this.fork = fork;
    this.main = main;
    this.checkout = checkout;
    this.prefix = prefix;
    this.sep = sep;
    this.alwaysDuplicate = alwaysDuplicate;
  }

  /** Opens a bee on {@code core} with default options (binary keys and values). */
  public static Hyperbee open(BlockLog core) {
    return open(core, BeeOptions.defaults());
  }

  /**
   * Opens a bee on {@code core}; the header block is written by the first write, as JS does (or
   * by {@link #writeHeader()}). A custom {@link BeeOptions#keyOrder} is not recorded in the core:
   * whoever opens it must give the same order every time (the LevelDB adapter records its name).
   */
  public static Hyperbee open(BlockLog core, BeeOptions options) {
    requireNonNull(core, "core is null");
    requireNonNull(options, "options is null");
    BeeContext ctx = new BeeContext(core, options);
    return new Hyperbee(
        ctx, true, 0, new byte[0], options.sep(), options.alwaysDuplicate(), ctx.currentFork());
  }

  /**
   * Whether block 0 of {@code core} is a hyperbee header (false when it does not decode as one).
   *
   * @throws HyperbeeException {@code BLOCK_NOT_AVAILABLE} when the core is empty
   */
  public static boolean isHyperbee(BlockLog core) {
    requireNonNull(core, "core is null");
    if (core.length() == 0) {
      throw new HyperbeeException(ErrorCode.BLOCK_NOT_AVAILABLE, "Block is not available");
    }
    try {
      return Header.PROTOCOL.equals(Messages.decodeHeader(core.get(0)).protocol());
    } catch (HyperbeeException e) {
      if (e.code() == ErrorCode.DECODING_ERROR) {
        return false;
      }
      throw e;
    }
  }

  /** The decoded header (block 0), or null while the core is empty. */
  public Header getHeader() {
    ensureOpen();
    if (ctx.core.length() == 0) {
      return null;
    }
    return Messages.decodeHeader(ctx.core.get(0));
  }

  /**
   * Appends the header block now if the core is empty and this bee may write (JS writes it with
   * the first write); returns whether it did. For creators whose header metadata must be in the
   * core before any write, such as the name of a custom key order.
   */
  public boolean writeHeader() {
    ensureWritable();
    ctx.lock.lock();
    try {
      ensureOpen();
      long before = ctx.core.length();
      ctx.ensureHeader();
      return ctx.core.length() > before;
    } finally {
      ctx.lock.unlock();
    }
  }

  /** How keys sort: the custom {@link BeeOptions#keyOrder}, or unsigned bytes. */
  public java.util.Comparator<byte[]> keyOrder() {
    return KeyOrder.orDefault(ctx.order);
  }

  /** {@code max(1, checkout or core length)}, as JS {@code db.version}. */
  public long version() {
    ensureNotClosed(); // no block is read: fine on a snapshot past a truncation
    return Math.max(1, checkout != 0 ? checkout : ctx.core.length());
  }

  /** The entry for {@code key}, or null. */
  public Entry get(byte[] key) {
    byte[] k = storedKey(key);
    StoredReader reader = reader();
    Warmup w = ctx.warmup;
    BlockRecord b = w == null
        ? Lookup.get(reader, k)
        : ReadWaits.during(once(() -> w.getWaits(reader.version(), k)), () -> Lookup.get(reader, k));
    return b == null ? null : entryOf(b, prefix.length);
  }

  /** {@code r} on its first run only. */
  private static Runnable once(Runnable r) {
    boolean[] ran = {false};
    return () -> {
      if (!ran[0]) {
        ran[0] = true;
        r.run();
      }
    };
  }

  /**
   * Sets what this bee, its subs and checkouts tell when a get or range read must wait for a
   * block a peer has to send (null: nothing); a cache-warmup extension asks peers ahead then.
   */
  public void warmup(Warmup warmup) {
    ensureNotClosed();
    ctx.warmup = warmup;
  }

  public void put(byte[] key, byte[] value) {
    put(key, value, null);
  }

  /**
   * Put only if {@code cas} accepts (prev, next); returns whether a block was appended. A null
   * {@code cas} always writes; {@code cas} is not called when the key is absent.
   */
  public boolean put(byte[] key, byte[] value, Cas cas) {
    byte[] k = storedKey(key);
    checkValue(value);
    ensureWritable();
    WriteOp op = new WriteOp(cas, key, value, prefix.length);
    return oneShot(group -> {
      ensureOpen();
      ctx.checkFork();
      return new TreeWriter(ctx, alwaysDuplicate, true, group).put(k, value, op);
    }, k.length + (value == null ? 0L : value.length));
  }

  /** Number of one-shot writes in the writer queue, the group in progress included (tests). */
  int queuedWrites() {
    return ctx.writes.queued();
  }

  public void del(byte[] key) {
    del(key, null);
  }

  /** Delete only if {@code cas} accepts (prev, next); returns whether a block was appended. */
  public boolean del(byte[] key, Cas cas) {
    byte[] k = storedKey(key);
    ensureWritable();
    WriteOp op = new WriteOp(cas, key, null, prefix.length);
    return oneShot(group -> {
      ensureOpen();
      ctx.checkFork();
      return new TreeWriter(ctx, alwaysDuplicate, true, group).del(k, op);
    }, k.length);
  }

  /** Most tries of a one-shot write whose core keeps moving under it (another writer on the core). */
  private static final int MOVED_TRIES = 64;

  /**
   * Runs a one-shot write through the writer queue, again from the new head when another writer
   * moved the core under it (nothing of it was written, so a retry is the same write; a cas is
   * asked again about the entry it now finds).
   */
  private boolean oneShot(WriteQueue.Write write, long bytes) {
    for (int tries = 1; ; tries++) {
      try {
        // after a lost race, encode holding the core's appends: a writer that appends on and on
        // (another bee on the core) would otherwise win every race (a write appended by itself then
        // cannot lose again; one in a group may, until its tries run out)
        WriteQueue.Write w = tries == 1 || !(ctx.core instanceof Hypercore hc) ? write
            : group -> hc.holdingAppends(() -> write.run(group));
        return ctx.writes.submit(w, bytes);
      } catch (HyperbeeException e) {
        if (e.code() != ErrorCode.CORE_MOVED || tries == MOVED_TRIES) {
          throw e;
        }
      }
    }
  }

  /** First entry of {@code range} (honouring reverse), or null. */
  public Entry peek(KeyRange range) {
    BeeIterator<Entry> it = range(range.limit(1));
    return it.hasNext() ? it.next() : null;
  }

  /** Sorted entries of {@code range}, read from the version current when this is called. */
  public BeeIterator<Entry> range(KeyRange range) {
    requireNonNull(range, "range is null");
    return range(range, false);
  }

  /**
   * As {@link #range(KeyRange)}; with {@code fresh}, every entry's key and value are arrays of
   * its own, shared with nothing (not with the bee's caches), so the caller may hand them out or
   * modify them (the LevelDB adapter returns them as they are). Without, they may be shared and
   * must not be modified.
   */
  public BeeIterator<Entry> range(KeyRange range, boolean fresh) {
    requireNonNull(range, "range is null");
    StoredReader reader = reader();
    return new RangeIterator(
        reader, storedRange(range), prefix.length, this::ensureOpen, fresh, ctx.warmup, reader.version());
  }

  /** A batch: one atomic append of all its writes on flush. */
  public Batch batch() {
    ensureOpen();
    return new Batch(this);
  }

  /**
   * Clears the local data of the blocks of versions {@code [gte, lt)} that the current version no
   * longer links to, as JS {@code bee.clearUnlinked({gte, lt})}: the current version and every key
   * in it stay readable, while checkouts of older versions may then need blocks that are gone (a
   * read of one fails with {@code BLOCK_NOT_AVAILABLE}, "not available locally", unless a peer
   * serves it). JS keeps all history unless asked, and so does a bee here: nothing is cleared but
   * by this call. The disk space returns with {@link Hypercore#reclaim}.
   *
   * @param gte first version to look at (JS: 0, read as 1)
   * @param lt version to stop before (JS default: the current version minus one)
   * @return the seqs cleared, in the order JS clears them
   * @throws HyperbeeException INVALID_OPERATION when the bee's log is not a {@link Hypercore}
   */
  public java.util.List<Long> clearUnlinked(long gte, long lt) {
    ensureOpen();
    if (!(ctx.core instanceof Hypercore core)) {
      throw new HyperbeeException(ErrorCode.INVALID_OPERATION, "clearUnlinked needs a Hypercore, not a "
          + ctx.core.getClass().getSimpleName());
    }
    if (gte < 0 || lt < 0) {
      throw new IllegalArgumentException("versions must not be negative: gte " + gte + ", lt " + lt);
    }
    java.util.List<Long> cleared = UnlinkedBlocks.clear(core, version(), gte, Math.min(lt, version()), ctx.order);
    if (!cleared.isEmpty()) { // cleared means gone: reads must not go on finding them in the caches
      ctx.cache.clear();
      ctx.nodes.clear();
    }
    return cleared;
  }

  /**
   * Clears the local data of every block that no version {@code retention} keeps reads (see
   * {@link Retention}): the kept versions, and every key in them, read exactly as before; reading
   * another version may then fail with {@code BLOCK_NOT_AVAILABLE} ("not available locally")
   * where it needs a cleared block, never with a wrong answer. Unlike {@link #clearUnlinked} this
   * keeps what the versions still held by open views need. Each run of cleared blocks is one
   * durable commit; the disk space returns with {@link Hypercore#reclaim}.
   *
   * @return how many stored blocks were cleared
   * @throws HyperbeeException INVALID_OPERATION on a checkout (clear from the live bee) or when
   *     the bee's log is not a {@link Hypercore}
   * @throws IllegalArgumentException for a held version past the current one
   */
  public long clearHistory(Retention retention) {
    requireNonNull(retention, "retention is null");
    ensureOpen();
    if (checkout != 0) {
      throw new HyperbeeException(ErrorCode.INVALID_OPERATION, "clearHistory on a checkout of version " + checkout
          + ": call it on the live bee");
    }
    if (!(ctx.core instanceof Hypercore core)) {
      throw new HyperbeeException(ErrorCode.INVALID_OPERATION, "clearHistory needs a Hypercore, not a "
          + ctx.core.getClass().getSimpleName());
    }
    long cleared = RetainedBlocks.clear(core, retention);
    if (cleared > 0) { // cleared means gone: reads must not go on finding them in the caches
      ctx.cache.clear();
      ctx.nodes.clear();
    }
    return cleared;
  }

  /** {@link #clearUnlinked(long, long)} with JS's defaults: every version but the last two. */
  public java.util.List<Long> clearUnlinked() {
    return clearUnlinked(0, version() - 1);
  }

  /**
   * A read-only view fixed at {@code version} (0 is treated as 1). A version strictly inside an
   * atomic batch holds no whole tree and is refused with {@link ErrorCode#VERSION_INSIDE_BATCH}
   * naming the versions before and after the batch.
   */
  public Hyperbee checkout(long version) {
    checkArgument(version >= 0, "version is negative: %s", version);
    ensureOpen();
    requireWholeVersion(version);
    return new Hyperbee(ctx, false, Math.max(1, version), prefix, sep, true, ctx.currentFork());
  }

  /**
   * False when {@code version} falls strictly inside an atomic batch (no whole tree there), as
   * far as the blocks tell (see {@link #checkout}).
   */
  public boolean isWholeVersion(long version) {
    checkArgument(version >= 0, "version is negative: %s", version);
    ensureOpen();
    ctx.checkFork();
    return ctx.batchBounds.isWhole(version, ctx.core.length());
  }

  /**
   * Where to cut a damaged log back to: the largest version at or below {@code limit} (the first
   * block that does not read back) that is not inside an atomic batch, judged from every block
   * that still reads back (see {@link #checkout}). 0 when {@code limit} is 0.
   */
  public long lastWholeVersionBelow(long limit) {
    checkArgument(limit >= 0 && limit <= ctx.core.length(), "limit out of range: %s", limit);
    ensureOpen();
    return limit <= 1 ? limit : BatchBounds.lastWholeBelow(ctx, limit);
  }

  /** A read-only view fixed at the current version. */
  public Hyperbee snapshot() {
    return checkout(version());
  }

  /** JS {@code createDiffStream(otherVersion, range)}: left = this bee, right = the other version. */
  public BeeIterator<DiffEntry> diff(long otherVersion, KeyRange range) {
    return diff(checkout(Math.max(1, otherVersion)), range);
  }

  /**
   * JS {@code createDiffStream(other, range)}: {@code left} entries come from this bee,
   * {@code right} from {@code other} (another version or view of the same core). Ascending;
   * {@code reverse} is ignored, limit counts pairs.
   */
  public BeeIterator<DiffEntry> diff(Hyperbee other, KeyRange range) {
    requireNonNull(other, "other is null");
    requireNonNull(range, "range is null");
    ensureOpen();
    other.ensureOpen();
    checkArgument(other.ctx.core == ctx.core, "other is a bee on a different core");
    checkArgument(other.ctx.order == ctx.order, "other is a bee with a different key order");
    long lv = version();
    long rv = other.version();
    long limit = Math.max(Math.max(lv, rv), ctx.core.length());
    KeyRange r = storedRange(range);
    StoredReader left = new StoredReader(ctx, lv, limit);
    StoredReader right = new StoredReader(other.ctx, rv, limit);
    Runnable guard = () -> {
      ensureOpen();
      other.ensureOpen();
    };
    return new DiffIterator(
        new DiffIterator.TreeWalk(left, r, prefix.length),
        new DiffIterator.TreeWalk(right, r, other.prefix.length),
        r.limit(),
        guard);
  }

  /**
   * Blocks as put/del records, as JS {@code createHistoryStream}. Not filtered by a sub's prefix
   * (as JS): every block is returned, keys shortened by the prefix length. Bounds are seqs of
   * blocks, not versions: a range that starts or ends inside a batch lists those blocks' writes,
   * as JS does, and shows no tree, so it is not refused.
   */
  public BeeIterator<HistoryEntry> history(HistoryRange range) {
    requireNonNull(range, "range is null");
    checkArgument(
        !(range.live() && range.reverse()), "Cannot have both live and reverse enabled");
    ensureOpen();
    long version = version();
    return new HistoryIterator(
        ctx, range, version, Math.max(version, ctx.core.length()), prefix.length, this::ensureOpen);
  }

  /**
   * Watches {@code range} (JS {@code bee.watch(range)}): a {@link Watcher} delivering each change
   * as the current and previous snapshots. On a sub the range is the sub's own keys.
   *
   * @throws HyperbeeException {@code INVALID_OPERATION} on a checkout or snapshot (its version
   *     never moves)
   */
  public Watcher<Hyperbee> watch(KeyRange range) {
    return watch(range, WatchOptions.defaults());
  }

  /** As {@link #watch(KeyRange)}, with JS's {@code map}, {@code differ}, {@code eager}, {@code onchange}. */
  public <T> Watcher<T> watch(KeyRange range, WatchOptions<T> options) {
    requireNonNull(range, "range is null");
    requireNonNull(options, "options is null");
    ensureWatchable();
    return new Watcher<>(this, range, options);
  }

  /**
   * The entry of {@code key} now, kept up to date (JS {@code bee.getAndWatch(key)}); pull updates
   * with {@link EntryWatcher#awaitUpdate}.
   */
  public EntryWatcher<Entry> getAndWatch(byte[] key) {
    return getAndWatch(key, null);
  }

  /** As {@link #getAndWatch(byte[])}, telling each update to {@code onupdate} on its own thread. */
  public EntryWatcher<Entry> getAndWatch(byte[] key, java.util.function.Consumer<Entry> onupdate) {
    return getAndWatch(key, e -> e, onupdate);
  }

  /** As {@link #getAndWatch(byte[], java.util.function.Consumer)}, each entry through {@code decode}. */
  <E> EntryWatcher<E> getAndWatch(
      byte[] key, java.util.function.Function<Entry, E> decode, java.util.function.Consumer<E> onupdate) {
    storedKey(key); // validates
    ensureWatchable();
    return new EntryWatcher<>(this, key, decode, onupdate);
  }

  private void ensureWatchable() {
    ensureOpen();
    if (checkout != 0) {
      throw new HyperbeeException(
          ErrorCode.INVALID_OPERATION,
          "cannot watch a checkout or snapshot: its version never changes; watch the live bee");
    }
  }

  /** The entry stored in block {@code seq} (JS {@code getBySeq}). */
  public Entry getBySeq(long seq) {
    checkArgument(seq >= 0, "seq is negative: %s", seq);
    ensureOpen();
    long limit = checkout != 0 ? checkout : ctx.core.length();
    return entryOf(ctx.load(seq, limit), prefix.length);
  }

  /**
   * A sub-database whose keys are {@code prefix + sep + key} (sep defaults to 0x00). As in JS, a
   * sub always duplicates identical puts: the {@code alwaysDuplicate} option applies to the main
   * bee only.
   */
  public Hyperbee sub(byte[] prefix) {
    return sub(prefix, sep);
  }

  /**
   * A sub-database with its own separator. As in JS, subs of the result default to this bee's
   * separator, not {@code sep}.
   */
  public Hyperbee sub(byte[] name, byte[] sep) {
    requireNonNull(name, "prefix is null");
    requireNonNull(sep, "sep is null");
    checkArgument(sep.length > 0, "sep is empty");
    ensureOpen();
    if (ctx.order != null) {
      throw new HyperbeeException(ErrorCode.INVALID_OPERATION, "a bee with a custom key order has"
          + " no subs: a sub's keys are prefix + sep + key and its range is the prefix's byte"
          + " interval, which only unsigned byte order keeps together");
    }
    byte[] p = new byte[prefix.length + name.length + sep.length];
    System.arraycopy(prefix, 0, p, 0, prefix.length);
    System.arraycopy(name, 0, p, prefix.length, name.length);
    System.arraycopy(sep, 0, p, prefix.length + name.length, sep.length);
    return new Hyperbee(ctx, false, checkout, p, this.sep, true, fork);
  }

  /** A typed view of this bee through {@code keyCodec} and {@code valueCodec}. */
  public <K, V> TypedBee<K, V> typed(
      io.hyperbee.encoding.Codec<K> keyCodec, io.hyperbee.encoding.Codec<V> valueCodec) {
    return new TypedBee<>(this, keyCodec, valueCodec);
  }

  /** The full key prefix of this sub (empty for the main bee). */
  public byte[] prefix() {
    return prefix.clone();
  }

  /** The 32-byte key of the core (JS {@code db.key}). */
  public byte[] key() {
    return ctx.core.key();
  }

  /** The 32-byte discovery key of the core (JS {@code db.discoveryKey}). */
  public byte[] discoveryKey() {
    return ctx.core.discoveryKey();
  }

  /** The core this bee is stored in. */
  public BlockLog core() {
    return ctx.core;
  }

  /** True when writes are possible (writable core, not read-only, not a checkout). */
  public boolean writable() {
    return ctx.core.writable() && !ctx.readonly && checkout == 0 && !closed && !ctx.closed();
  }

  /** True for a checkout or snapshot. */
  public boolean isCheckout() {
    return checkout != 0;
  }

  /**
   * Closes the bee. For the main bee: its watchers (their threads joined), open batches (their
   * pending writes dropped) and every view; later calls on any of them throw {@code CLOSED}.
   * For a view (sub, checkout, snapshot): that view only. Idempotent.
   *
   * <p>Against JS {@code db.close()}: JS also closes the core under the bee (the bee took it over
   * when constructed); here the core belongs to whoever opened it and stays open, so close it
   * yourself (try-with-resources on both, bee inside). JS closes a view's own core session; here
   * a view holds no session, so closing it only marks it. Both close their watchers first.
   */
  @Override
  public void close() {
    closed = true;
    if (main) {
      ctx.close();
    }
  }

  // ---- package-private plumbing ----

  BeeContext context() {
    return ctx;
  }

  boolean alwaysDuplicate() {
    return alwaysDuplicate;
  }

  int prefixLength() {
    return prefix.length;
  }

  StoredReader reader() {
    ensureOpen();
    ctx.checkFork();
    long length = ctx.core.length();
    long v = Math.max(1, checkout != 0 ? checkout : length);
    return new StoredReader(ctx, v, length);
  }

  /** Refuses a version strictly inside an atomic batch (see {@link BatchBounds}). */
  private void requireWholeVersion(long version) {
    ctx.checkFork();
    ctx.batchBounds.requireWhole(version, ctx.core.length());
  }

  void ensureOpen() {
    ensureNotClosed();
    if (checkout != 0 && fork != ctx.currentFork()) {
      ensureBlocksKept();
    }
  }

  private void ensureNotClosed() {
    if (closed || ctx.closed()) {
      throw new HyperbeeException(ErrorCode.CLOSED, "Bee closed");
    }
  }

  /**
   * A checkout made before a truncation reads only while its blocks are below the cut: past it
   * they were dropped or now hold other writes. JS keeps reading the snapshot's old blocks (its
   * storage keeps them for open snapshots); this log does not keep them, so the read is refused
   * rather than answered from the new blocks.
   */
  private void ensureBlocksKept() {
    long cut = ctx.changes.cutSince(fork);
    if (checkout > cut) {
      throw new HyperbeeException(ErrorCode.SNAPSHOT_NOT_AVAILABLE, "version " + checkout
          + " was checked out before the core was truncated to length " + cut
          + ": its blocks from " + cut + " on are gone (JS would still read them; this log does"
          + " not keep truncated blocks)");
    }
  }

  void ensureWritable() {
    ensureOpen();
    if (ctx.readonly) {
      throw new HyperbeeException(ErrorCode.READ_ONLY, "Hyperbee is marked as read-only");
    }
    if (checkout != 0) {
      throw new HyperbeeException(ErrorCode.READ_ONLY, "a checkout or snapshot is read-only");
    }
  }

  /** Validates a caller's key and returns it in stored form (with the sub prefix). */
  byte[] storedKey(byte[] key) {
    requireNonNull(key, "key is null");
    checkArgument(
        key.length + prefix.length <= MAX_KEY_SIZE,
        "key is %s bytes, more than the maximum %s",
        key.length + prefix.length,
        MAX_KEY_SIZE);
    if (prefix.length == 0) {
      return key;
    }
    byte[] k = Arrays.copyOf(prefix, prefix.length + key.length);
    System.arraycopy(key, 0, k, prefix.length, key.length);
    return k;
  }

  static void checkValue(byte[] value) {
    checkArgument(
        value == null || value.length <= MAX_VALUE_SIZE,
        "value is %s bytes, more than the maximum %s",
        value == null ? 0 : value.length,
        MAX_VALUE_SIZE);
  }

  /** The caller's range in stored form: prefixed bounds, and a sub's implicit bounds (spec 8). */
  KeyRange storedRange(KeyRange range) {
    if (prefix.length == 0) {
      return range;
    }
    KeyRange r = range;
    if (range.lower() != null) {
      byte[] k = storedKey(range.lower());
      r = range.lowerInclusive() ? r.gt(null).gte(k) : r.gt(k);
    } else {
      r = r.gt(storedKey(SEP));
    }
    if (range.upper() != null) {
      byte[] k = storedKey(range.upper());
      r = range.upperInclusive() ? r.lt(null).lte(k) : r.lt(k);
    } else {
      byte[] bumped = prefix.clone();
      bumped[bumped.length - 1]++;
      r = r.lt(bumped);
    }
    return r;
  }

  static Entry entryOf(BlockRecord b, int prefixLength) {
    byte[] key = b.key();
    if (prefixLength != 0) {
      key = prefixLength >= key.length
          ? new byte[0]
          : Arrays.copyOfRange(key, prefixLength, key.length);
    }
    return new Entry(b.seq(), key, b.value());
  }
}
