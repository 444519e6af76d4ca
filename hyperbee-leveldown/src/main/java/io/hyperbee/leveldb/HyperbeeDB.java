package io.hyperbee.leveldb;

import static io.hyperbee.leveldb.DbErrors.checkArgNotNull;
import static java.util.Objects.requireNonNull;

import io.hyperbee.HyperbeeException;
import io.hyperbee.btree.Batch;
import io.hyperbee.btree.DiffEntry;
import io.hyperbee.btree.Entry;
import io.hyperbee.btree.EntryWatcher;
import io.hyperbee.btree.Hyperbee;
import io.hyperbee.btree.KeyRange;
import io.hyperbee.btree.Retention;
import io.hyperbee.btree.WatchOptions;
import io.hyperbee.btree.Watcher;
import io.hyperbee.log.Hypercore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBException;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Range;
import org.iq80.leveldb.ReadOptions;
import org.iq80.leveldb.Snapshot;
import org.iq80.leveldb.WriteBatch;
import org.iq80.leveldb.WriteOptions;

/**
 * A LevelDB {@link DB} stored as a Hyperbee on a Hypercore, opened by {@link HyperbeeDBFactory}.
 * Every write is an append to the signed log; {@code write(WriteBatch)} is one Hyperbee batch, so
 * one atomic append. Snapshots and iterators read fixed versions of the tree.
 *
 * <p>Beyond LevelDB: {@link #version()}, {@link #checkout(long)} (any earlier version as a
 * read-only DB), {@link #diff(long, long)}, and the core's {@link #coreKey()} and {@link
 * #discoveryKey()} for replication.
 *
 * <p>Limits of the Hyperbee format: keys up to {@link Hyperbee#MAX_KEY_SIZE} bytes, values up to
 * {@link Hyperbee#MAX_VALUE_SIZE}; larger ones are refused with IllegalArgumentException and, in a
 * batch, nothing of the batch is written.
 *
 * <p>Thread-safe. Puts and deletes from several threads that arrive while a write is in progress
 * are appended together, each its own block and version (the bee's writer queue, as LevelDB's);
 * a write that asks for a snapshot runs alone, so the snapshot sees exactly that write. Reads
 * never wait for writes. {@link #close()} waits for calls in
 * progress; calls after it throw DBException("Closed"), as leveldbjni's do.
 */
public final class HyperbeeDB implements DB {
  /** The state shared by a database and its checkouts. */
  /** A watcher handed out by the DB, with how to tell it closed (to forget it then). */
  private record TrackedWatcher(AutoCloseable watcher, BooleanSupplier closed) {}

  private static final class Store {
    final DbDirectory directory;
    final DbDirectory.Lock lock;
    final Hypercore core;
    final Hyperbee bee;
    final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    /**
     * Shared by writes, so that concurrent puts meet in the bee's writer queue and are appended
     * together; exclusive for a write that asks for a snapshot of exactly itself, and for compaction.
     */
    final ReentrantReadWriteLock writeLock = new ReentrantReadWriteLock();
    final long cacheBlocks;
    final DbLog log;
    /** Why writes are refused (a replica's words), or null for a writable database. */
    final String readOnly;
    /** What links a replica to its peer, closed before the core; null for a local database. */
    final AutoCloseable link;
    /** Watchers made through the DB: closed before its lifecycle lock is taken (see close). */
    final Set<TrackedWatcher> watchers = ConcurrentHashMap.newKeySet();
    /** Checkouts held by open snapshots and iterators: what compactRange must keep readable. */
    final Set<Hyperbee> openViews = ConcurrentHashMap.newKeySet();
    volatile boolean closed;

    Store(
        DbDirectory directory,
        DbDirectory.Lock lock,
        Hypercore core,
        Hyperbee bee,
        long cacheBlocks,
        DbLog log,
        String readOnly,
        AutoCloseable link) {
      this.directory = directory;
      this.lock = lock;
      this.core = core;
      this.bee = bee;
      this.cacheBlocks = cacheBlocks;
      this.log = log;
      this.readOnly = readOnly;
      this.link = link;
    }
  }

  private final Store store;

  /** The tree this DB reads: the live bee, or a checkout for a read-only DB. */
  private final Hyperbee bee;

  private final boolean isCheckout;
  private volatile boolean closed;

  private HyperbeeDB(Store store, Hyperbee bee, boolean isCheckout) {
    this.store = store;
    this.bee = bee;
    this.isCheckout = isCheckout;
  }

  static HyperbeeDB open(
      DbDirectory directory,
      DbDirectory.Lock lock,
      Hypercore core,
      Hyperbee bee,
      long cacheBlocks,
      DbLog log) {
    return new HyperbeeDB(new Store(directory, lock, core, bee, cacheBlocks, log, null, null), bee, false);
  }

  /**
   * A read-only DB over a replica that {@code link} keeps up to date (and closes before the
   * core): its reads follow the writer, its writes and compactions throw DBException.
   */
  static HyperbeeDB openReplica(
      DbDirectory directory,
      DbDirectory.Lock lock,
      Hypercore core,
      Hyperbee bee,
      long cacheBlocks,
      DbLog log,
      AutoCloseable link) {
    String readOnly = "read-only replica of " + java.util.HexFormat.of().formatHex(core.key())
        + ": writes go to its writer";
    return new HyperbeeDB(new Store(directory, lock, core, bee, cacheBlocks, log, readOnly, link), bee, false);
  }

  /**
   * The system property that turns {@link #compactRange} into a no-op when {@code false}
   * ({@code -Dhyperbee.leveldb.reclaimOnCompact=false}): history is then never dropped. On by
   * default.
   */
  public static final String RECLAIM_ON_COMPACT = "hyperbee.leveldb.reclaimOnCompact";

  // ---- reads ----

  @Override
  public byte[] get(byte[] key) throws DBException {
    return get(key, new ReadOptions());
  }

  @Override
  public byte[] get(byte[] key, ReadOptions options) throws DBException {
    checkArgNotNull(key, "key");
    checkArgNotNull(options, "options");
    return call(
        () -> {
          Entry e = readView(options).get(key);
          return e == null ? null : valueOf(e);
        });
  }

  @Override
  public DBIterator iterator() {
    return iterator(new ReadOptions());
  }

  @Override
  public DBIterator iterator(ReadOptions options) {
    checkArgNotNull(options, "options");
    return call(
        () -> {
          Hyperbee pinned =
              options.snapshot() != null
                  ? store.bee.checkout(snapshotOf(options).version())
                  : isCheckout ? store.bee.checkout(bee.version()) : bee.snapshot();
          return new HyperbeeIterator(this, held(pinned));
        });
  }

  @Override
  public Snapshot getSnapshot() {
    return call(
        () ->
            new HyperbeeSnapshot(
                this, held(isCheckout ? store.bee.checkout(bee.version()) : bee.snapshot())));
  }

  // ---- writes ----

  @Override
  public void put(byte[] key, byte[] value) throws DBException {
    put(key, value, new WriteOptions());
  }

  @Override
  public Snapshot put(byte[] key, byte[] value, WriteOptions options) throws DBException {
    checkArgNotNull(key, "key");
    checkArgNotNull(value, "value");
    checkArgNotNull(options, "options");
    return apply(List.of(new HyperbeeWriteBatch.Op(key.clone(), value.clone())), options);
  }

  @Override
  public void delete(byte[] key) throws DBException {
    delete(key, new WriteOptions());
  }

  @Override
  public Snapshot delete(byte[] key, WriteOptions options) throws DBException {
    checkArgNotNull(key, "key");
    checkArgNotNull(options, "options");
    return apply(List.of(new HyperbeeWriteBatch.Op(key.clone(), null)), options);
  }

  @Override
  public WriteBatch createWriteBatch() {
    return new HyperbeeWriteBatch();
  }

  @Override
  public void write(WriteBatch updates) throws DBException {
    write(updates, new WriteOptions());
  }

  @Override
  public Snapshot write(WriteBatch updates, WriteOptions options) throws DBException {
    requireNonNull(updates, "updates is null");
    checkArgNotNull(options, "options");
    if (!(updates instanceof HyperbeeWriteBatch batch)) {
      throw new IllegalArgumentException(
          "not a Hyperbee write batch (use this DB's createWriteBatch()): " + updates.getClass());
    }
    return apply(batch.ops(), options);
  }

  /** Applies {@code ops} in order as one atomic append (nothing for an empty list). */
  private Snapshot apply(List<HyperbeeWriteBatch.Op> ops, WriteOptions options) {
    return call(
        () -> {
          if (isCheckout) {
            throw new DBException("read-only: checkout at version " + bee.version());
          }
          refuseOnReplica();
          Lock writing = options.snapshot() ? store.writeLock.writeLock() : store.writeLock.readLock();
          writing.lock();
          try {
            if (ops.size() == 1) {
              HyperbeeWriteBatch.Op op = ops.get(0);
              if (op.value() == null) {
                bee.del(op.key());
              } else {
                bee.put(op.key(), op.value());
              }
            } else if (!ops.isEmpty()) {
              appendBatch(ops);
            }
            if (options.sync()) {
              sync();
            }
            return options.snapshot() ? new HyperbeeSnapshot(this, held(bee.snapshot())) : null;
          } finally {
            writing.unlock();
          }
        });
  }

  private void appendBatch(List<HyperbeeWriteBatch.Op> ops) {
    Batch batch = bee.batch();
    boolean flushed = false;
    try {
      for (HyperbeeWriteBatch.Op op : ops) {
        if (op.value() == null) {
          batch.del(op.key());
        } else {
          batch.put(op.key(), op.value());
        }
      }
      batch.flush();
      flushed = true;
    } finally {
      if (!flushed) {
        batch.close();
      }
    }
  }

  /**
   * WriteOptions.sync: the write just committed, and every one before it, is on disk when this
   * returns. The core forces its files before it records the head as durable, so a power loss
   * never keeps a head whose blocks it dropped (a head newer than that is checked on open).
   */
  private void sync() {
    store.core.sync();
  }

  // ---- sizes, properties, compaction ----

  /**
   * The bytes of keys and values in each range ({@code [start, limit)}); 0 when start >= limit.
   * Walks each range, so it costs time proportional to the entries in it.
   */
  @Override
  public long[] getApproximateSizes(Range... ranges) {
    requireNonNull(ranges, "ranges is null");
    for (Range r : ranges) {
      checkArgNotNull(r, "range");
      checkArgNotNull(r.start(), "start");
      checkArgNotNull(r.limit(), "limit");
    }
    return call(
        () -> {
          Hyperbee view = isCheckout ? bee : bee.snapshot();
          long[] sizes = new long[ranges.length];
          for (int i = 0; i < ranges.length; i++) {
            byte[] start = ranges[i].start();
            byte[] limit = ranges[i].limit();
            if (view.keyOrder().compare(start, limit) >= 0) {
              continue;
            }
            Iterator<Entry> it = view.range(KeyRange.all().gte(start.clone()).lt(limit.clone()));
            while (it.hasNext()) {
              Entry e = it.next();
              sizes[i] += e.key().length + (e.value() == null ? 0 : e.value().length);
            }
          }
          if (!isCheckout) {
            view.close();
          }
          return sizes;
        });
  }

  /**
   * LevelDB's property names that apply ({@code leveldb.stats}, {@code leveldb.sstables}, {@code
   * leveldb.num-files-at-level<N>}, {@code leveldb.approximate-memory-usage}) and Hyperbee's
   * ({@code hyperbee.version}, {@code .key}, {@code .discovery-key}, {@code .length}, {@code
   * .byte-length}, {@code .tree-hash}, {@code .fork}, and the storage figures {@code .live-bytes},
   * {@code .reclaimable-bytes}, {@code .bytes-on-disk}, {@code .cleared-blocks}, {@code .stats});
   * null for any other name. See {@link
   * DbProperties}.
   */
  @Override
  public String getProperty(String name) {
    checkArgNotNull(name, "name");
    return call(() -> DbProperties.get(name, store.core, version(), store.cacheBlocks));
  }

  /** Registers a checkout handed to a snapshot or iterator until {@link #closeView}. */
  private Hyperbee held(Hyperbee view) {
    store.openViews.add(view);
    return view;
  }

  /**
   * Drops the history no open snapshot or iterator needs, then gives its disk space back, as
   * LevelDB's compaction drops the versions no snapshot holds: the blocks that neither the current
   * version nor the version of an open snapshot or iterator reads are cleared ({@link
   * Hyperbee#clearHistory}) and the space of dead blocks reclaimed. The whole database is
   * compacted whatever {@code begin} and {@code end} say (a Hyperbee block belongs to no single
   * key range). A checkout of a version no longer kept then fails with a DBException ("not
   * available locally") where it needs a cleared block, never with a wrong answer. A no-op with
   * {@code -Dhyperbee.leveldb.reclaimOnCompact=false} ({@link #RECLAIM_ON_COMPACT}).
   */
  @Override
  public void compactRange(byte[] begin, byte[] end) throws DBException {
    call(
        () -> {
          refuseOnReplica();
          store.log.manualCompaction(begin, end);
          if (isCheckout || "false".equals(System.getProperty(RECLAIM_ON_COMPACT))) {
            return null; // a read-only checkout never changes the store; nor does a compaction switched off
          }
          store.writeLock.writeLock().lock();
          try {
            List<Long> held = new ArrayList<>();
            for (Hyperbee v : store.openViews) {
              held.add(v.version());
            }
            store.bee.clearHistory(Retention.lastVersions(1).holding(held));
            store.core.reclaim(true);
          } finally {
            store.writeLock.writeLock().unlock();
          }
          return null;
        });
  }

  private void refuseOnReplica() {
    if (store.readOnly != null) {
      throw new DBException(store.readOnly);
    }
  }

  /** A no-op: there are no background compactions to suspend. */
  @Override
  public void suspendCompactions() throws InterruptedException {
    call(() -> null);
  }

  /** A no-op, see {@link #suspendCompactions()}. */
  @Override
  public void resumeCompactions() {
    call(() -> null);
  }

  // ---- Hyperbee extras ----

  /** The Hyperbee version this DB reads now (the log length, at least 1). */
  public long version() {
    return call(bee::version);
  }

  /**
   * A read-only DB fixed at {@code version} (1 to {@link #version()}); its writes throw
   * DBException. Close it when done; closing this DB also ends it.
   */
  public HyperbeeDB checkout(long version) {
    return call(
        () -> {
          long latest = store.bee.version();
          if (version < 1 || version > latest) {
            throw new IllegalArgumentException(
                "version must be between 1 and " + latest + ": " + version);
          }
          return new HyperbeeDB(store, store.bee.checkout(version), true);
        });
  }

  /**
   * The keys whose values differ between {@code fromVersion} and {@code toVersion}, in key order,
   * as {@link KeyChange}s from the older to the newer state. Materialised as a list.
   */
  public List<KeyChange> diff(long fromVersion, long toVersion) {
    return call(
        () -> {
          long latest = store.bee.version();
          for (long v : new long[] {fromVersion, toVersion}) {
            if (v < 1 || v > latest) {
              throw new IllegalArgumentException(
                  "version must be between 1 and " + latest + ": " + v);
            }
          }
          Hyperbee to = store.bee.checkout(toVersion);
          try {
            List<KeyChange> changes = new ArrayList<>();
            Iterator<DiffEntry> it = to.diff(fromVersion, KeyRange.all());
            while (it.hasNext()) {
              DiffEntry d = it.next();
              Entry after = d.left();
              Entry before = d.right();
              byte[] key = (after != null ? after : before).key().clone();
              changes.add(
                  new KeyChange(
                      key,
                      before == null ? null : valueOf(before),
                      after == null ? null : valueOf(after)));
            }
            return changes;
          } finally {
            to.close();
          }
        });
  }

  /**
   * Watches a key range of this database (JS {@code bee.watch}): each change is a pair of
   * read-only snapshots, now and at the previous change, between which something in
   * {@code range} differs; see {@link Watcher}. Keys and values read from the snapshots are
   * shared arrays: copy them before modifying. Closing the DB closes its watchers; refused on a
   * checkout (its version never changes).
   */
  public Watcher<Hyperbee> watch(KeyRange range) {
    return watch(range, WatchOptions.defaults());
  }

  /** As {@link #watch(KeyRange)} with JS's {@code map}, {@code differ}, {@code eager}, {@code onchange}. */
  public <T> Watcher<T> watch(KeyRange range, WatchOptions<T> options) {
    Watcher<T> w = call(() -> bee.watch(range, options));
    track(new TrackedWatcher(w, w::isClosed));
    return w;
  }

  /** The entry of {@code key} (null when absent), kept up to date (JS {@code bee.getAndWatch}). */
  public EntryWatcher<Entry> getAndWatch(byte[] key) {
    return getAndWatch(key, null);
  }

  /** As {@link #getAndWatch(byte[])}, telling each update to {@code onupdate} on its own thread. */
  public EntryWatcher<Entry> getAndWatch(byte[] key, Consumer<Entry> onupdate) {
    checkArgNotNull(key, "key");
    EntryWatcher<Entry> w = call(() -> bee.getAndWatch(key, onupdate));
    track(new TrackedWatcher(w, w::isClosed));
    return w;
  }

  private void track(TrackedWatcher watcher) {
    store.watchers.removeIf(w -> w.closed().getAsBoolean());
    store.watchers.add(watcher);
  }

  /** The 32-byte key of the Hypercore holding this database (what a peer replicates by). */
  public byte[] coreKey() {
    return call(() -> store.core.key().clone());
  }

  /** The 32-byte discovery key of the core (what peers announce and look up). */
  public byte[] discoveryKey() {
    return call(() -> store.core.discoveryKey().clone());
  }

  // ---- lifecycle ----

  /**
   * Closes this DB; for the database itself also its watchers, checkouts, the core and the lock.
   */
  @Override
  public void close() {
    if (!isCheckout) {
      // before the lifecycle lock: a watcher's callback may be inside a read of this DB, and
      // closing the watcher waits for the callback to return
      for (TrackedWatcher w : store.watchers) {
        try {
          w.watcher().close();
        } catch (Exception e) { // watchers' close declares nothing checked
          throw new IllegalStateException(e);
        }
      }
    }
    Lock lock = store.lifecycle.writeLock();
    lock.lock();
    try {
      if (closed || (isCheckout && store.closed)) {
        closed = true;
        return;
      }
      closed = true;
      if (isCheckout) {
        bee.close();
        return;
      }
      store.closed = true;
      closeStore();
    } catch (HyperbeeException e) {
      throw DbErrors.toDbException(e);
    } finally {
      lock.unlock();
    }
  }

  private void closeStore() {
    Throwable failure = null;
    AutoCloseable link = store.link == null ? () -> {} : store.link;
    for (AutoCloseable resource : new AutoCloseable[] {store.bee, link, store.core, store.lock}) {
      try {
        resource.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure instanceof HyperbeeException e) {
      throw e;
    } else if (failure instanceof IOException e) {
      throw new UncheckedIOException(e);
    } else if (failure instanceof RuntimeException e) {
      throw e;
    } else if (failure != null) {
      throw new DBException(failure);
    }
  }

  // ---- package-private plumbing ----

  boolean isClosed() {
    return closed || store.closed;
  }

  boolean sameStore(HyperbeeDB other) {
    return other.store == store;
  }

  /** Closes a checkout handed to a snapshot or iterator; nothing to do once this DB is closed. */
  void closeView(Hyperbee view) {
    Lock lock = store.lifecycle.readLock();
    lock.lock();
    try {
      store.openViews.remove(view);
      if (!isClosed()) {
        view.close();
      }
    } catch (HyperbeeException e) {
      throw DbErrors.toDbException(e);
    } finally {
      lock.unlock();
    }
  }


  /**
   * Takes the read lock for a read the caller runs and then unlocks (a close waits for it);
   * fails, unlocked, when this DB is closed.
   */
  Lock enter() {
    Lock lock = store.lifecycle.readLock();
    lock.lock();
    if (isClosed()) {
      lock.unlock();
      throw DbErrors.closed();
    }
    return lock;
  }

  /** Runs {@code op} unless closed, converting project exceptions to DBException. */
  <T> T call(Supplier<T> op) {
    Lock lock = store.lifecycle.readLock();
    lock.lock();
    try {
      if (isClosed()) {
        throw DbErrors.closed();
      }
      return op.get();
    } catch (HyperbeeException e) {
      throw DbErrors.toDbException(e);
    } finally {
      lock.unlock();
    }
  }

  private Hyperbee readView(ReadOptions options) {
    return options.snapshot() == null ? bee : snapshotOf(options).viewFor(this);
  }

  private HyperbeeSnapshot snapshotOf(ReadOptions options) {
    if (!(options.snapshot() instanceof HyperbeeSnapshot snapshot)) {
      throw new DBException("not a snapshot of a HyperbeeDB: " + options.snapshot());
    }
    snapshot.viewFor(this);
    return snapshot;
  }

  /** LevelDB values are never null; a JS put without a value reads as empty. */
  static byte[] valueOf(Entry e) {
    return e.value() == null ? new byte[0] : e.value().clone();
  }

  @Override
  public String toString() {
    return "HyperbeeDB{" + store.directory.root() + (isCheckout ? ", checkout" : "") + "}";
  }
}
