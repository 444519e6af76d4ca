package io.hyperbee.leveldb;

import static io.hyperbee.leveldb.DbErrors.checkArgNotNull;
import static java.util.Objects.requireNonNull;

import io.hyperbee.HyperbeeException;
import io.hyperbee.btree.BeeOptions;
import io.hyperbee.btree.Hyperbee;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import io.hyperbee.replication.bee.BeeExtension;
import io.hyperbee.replication.host.Backoff;
import io.hyperbee.replication.host.Upstream;
import io.hyperbee.replication.replicator.ReplicaSource;
import io.hyperbee.replication.replicator.ReplicatorOptions;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBComparator;
import org.iq80.leveldb.DBFactory;
import org.iq80.leveldb.Options;

/**
 * Opens, destroys and repairs Hyperbee databases through the LevelDB API: replace {@code
 * Iq80DBFactory.factory} or {@code JniDBFactory.factory} by {@code HyperbeeDBFactory.factory}.
 *
 * <p>Options: {@code createIfMissing} and {@code errorIfExists} as in LevelDB; {@code
 * paranoidChecks} verifies the whole core (every block and tree node, and the signature) when
 * opening and then every block read against its Merkle tree node; {@code cacheSize} bounds the
 * decoded-block and node caches (bytes, converted to blocks of about {@value #ASSUMED_BLOCK_BYTES}
 * bytes, each with its share of four cached nodes; 0 keeps Hyperbee's defaults); a {@code
 * comparator} orders the keys, its name recorded when the database is created and checked on every
 * open as LevelDB does (see {@link ComparatorRecord}); the remaining tuning options (compression,
 * block and buffer sizes, open files) mean nothing to an append-only log and are ignored; a {@code
 * logger} is told of creation, recovery on open, verification, repair and manual compactions, as
 * LevelDB tells it of its own (see {@link DbLog}).
 *
 * <p>Failures to open, destroy or repair are reported as leveldbjni reports them (see {@link
 * LevelDbStatus}): LevelDB's message texts, thrown as leveldbjni's {@code NativeDB.DBException}
 * when leveldbjni is on the class path and as plain IOExceptions otherwise, with the
 * Hyperbee/Hypercore exception as cause.
 */
public final class HyperbeeDBFactory implements DBFactory {
  public static final HyperbeeDBFactory factory = new HyperbeeDBFactory();

  /**
   * The bytes assumed per cached block when turning {@code Options.cacheSize} into a block count:
   * about 0.5 KB for the block and 1.5 KB for its four nodes (BeeOptions' default ratio).
   */
  static final int ASSUMED_BLOCK_BYTES = 2048;

  private static final int MIN_CACHE_BLOCKS = 16;
  private static final int MAX_CACHE_BLOCKS = 1 << 26;

  /** Used when cacheSize is 0 (LevelDB's "default"): Hyperbee's own default. */
  private static final int DEFAULT_CACHE_BLOCKS = BeeOptions.defaults().cacheSize();

  private HyperbeeDBFactory() {}

  @Override
  public DB open(File path, Options options) throws IOException {
    checkArgNotNull(path, "path");
    requireNonNull(options, "options is null");
    if (options.comparator() != null) {
      checkArgNotNull(options.comparator().name(), "comparator name");
    }
    File dir = path.getCanonicalFile(); // leveldbjni names the canonical path in its messages
    DbDirectory directory = DbDirectory.create(dir);
    DbDirectory.Lock lock = directory.lock();
    try {
      boolean exists = existsAsAsked(directory, dir, options);
      // checked after "does not exist": Spark and YARN then retry with createIfMissing and stop
      // here, while any other first failure makes Spark wipe the directory as corrupt
      if (!exists && directory.holdsLevelDb()) {
        throw LevelDbStatus.invalidArgument(dir, "holds a LevelDB database, not a Hyperbee one");
      }
      return openDb(directory, lock, options, exists);
    } catch (IOException | RuntimeException | Error e) {
      try {
        lock.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * Opens (or creates) the core, then writes the marker for a new database: a crash in between
   * leaves an empty core that the next open simply adopts.
   */
  private static DB openDb(
      DbDirectory directory, DbDirectory.Lock lock, Options options, boolean exists)
      throws IOException {
    Hypercore core;
    try {
      core =
          Hypercore.open(
              directory.core(),
              HypercoreOptions.builder()
                  .createIfMissing(!exists)
                  .sync(false) // LevelDB's default; WriteOptions.sync(true) forces a write
                  .verifyReads(options.paranoidChecks())
                  .build());
    } catch (HyperbeeException e) {
      throw LevelDbStatus.corruption(
          "cannot open the core in "
              + directory.core()
              + ": "
              + e.getMessage()
              + " (HyperbeeDBFactory.repair may help)",
          e);
    }
    DbLog log = DbLog.of(options.logger());
    try {
      if (exists) {
        log.recovered(directory.core(), core);
      }
      if (options.paranoidChecks()) {
        core.verify();
        log.verified(directory.core(), core.length());
      }
      int cacheBlocks = cacheBlocks(options.cacheSize());
      DBComparator comparator = options.comparator();
      Hyperbee bee =
          Hyperbee.open(
              core,
              BeeOptions.builder()
                  .cacheSize(cacheBlocks)
                  .keyOrder(comparator)
                  .metadata(ComparatorRecord.metadata(comparator))
                  .build());
      ComparatorRecord.check(bee, exists, comparator);
      if (!exists && comparator != null) {
        bee.writeHeader(); // the record must be in the core before the marker says it exists
      }
      if (!exists) {
        directory.writeMarker();
        log.created(directory.root());
      }
      return HyperbeeDB.open(directory, lock, core, bee, cacheBlocks, log);
    } catch (HyperbeeException e) {
      core.close();
      throw LevelDbStatus.corruption(e.getMessage(), e);
    } catch (IOException | RuntimeException | Error e) {
      core.close();
      throw e;
    }
  }

  /** How long a replica waits for its peer: to connect, and for each block a read fetches. */
  static final Duration PEER_WAIT = Duration.ofSeconds(20);

  /**
   * Opens a read-only DB over a replica of the core {@code key} in {@code path}, created when
   * missing (with {@code createIfMissing}), linked to {@code peer} (a {@code hyperbee serve}, a
   * {@code Host}, or a JS peer replicating the core): reads fetch the blocks the replica lacks
   * (each verified, then kept), follow the writer's appends live (reaching the peer again when it
   * is lost, e.g. the writer restarts; each loss and reconnect is told to {@code Options.logger}),
   * and snapshots and iterators
   * stay at their version while it appends; {@code put}, {@code delete}, {@code write} and {@code
   * compactRange} throw {@link DBException} naming the replica. Closing the DB closes the link.
   *
   * @throws IOException as {@link #open}, or when the peer cannot be reached or does not serve
   *     the core
   */
  public DB openReplica(File path, Options options, byte[] key, InetSocketAddress peer) throws IOException {
    checkArgNotNull(path, "path");
    requireNonNull(options, "options is null");
    checkArgNotNull(key, "key");
    checkArgNotNull(peer, "peer");
    File dir = path.getCanonicalFile();
    DbDirectory directory = DbDirectory.create(dir);
    DbDirectory.Lock lock = directory.lock();
    Hypercore core = null;
    Upstream upstream = null;
    BeeExtension extension = null;
    try {
      boolean exists = existsAsAsked(directory, dir, options);
      ReplicaSource source = new ReplicaSource();
      try {
        core = Hypercore.open(directory.core(), HypercoreOptions.builder()
            .key(key)
            .sync(false) // what a replica holds can be fetched again
            .blockSource(source)
            .verifyReads(options.paranoidChecks())
            .build());
      } catch (HyperbeeException e) {
        throw LevelDbStatus.invalidArgument(dir, "cannot open a replica of the core asked for: " + e.getMessage());
      }
      if (core.keyPair() != null) {
        throw LevelDbStatus.invalidArgument(dir, "holds the writable database itself, not a replica");
      }
      upstream = Upstream.of(core, source, ReplicatorOptions.defaults().withReadTimeout(PEER_WAIT));
      // a writer that restarts is reached again: the replica follows on (a fork is refused)
      DbLog log = DbLog.of(options.logger());
      upstream.connect(peer, PEER_WAIT, Backoff.DEFAULT, log.replicaLink(peer.getHostString() + ":" + peer.getPort()));
      int cacheBlocks = cacheBlocks(options.cacheSize());
      Hyperbee bee = Hyperbee.open(core, BeeOptions.builder().readonly(true).cacheSize(cacheBlocks).build());
      // cold reads ask the peer which blocks they will need (hyperbee's cache-warmup extension)
      extension = BeeExtension.attach(bee, upstream.replicator());
      if (!exists) {
        directory.writeMarker();
      }
      BeeExtension attached = extension;
      Upstream linked = upstream;
      AutoCloseable link = () -> {
        try {
          attached.close();
        } finally {
          linked.close();
        }
      };
      return HyperbeeDB.openReplica(directory, lock, core, bee, cacheBlocks, log, link);
    } catch (IOException | RuntimeException | Error e) {
      closeAfterFailure(e, extension, upstream, core, lock);
      throw e;
    }
  }

  /**
   * Whether {@code directory} already holds a database, refused as LevelDB refuses it when that
   * contradicts {@code create_if_missing} or {@code error_if_exists}.
   */
  private static boolean existsAsAsked(DbDirectory directory, File dir, Options options) throws IOException {
    boolean exists = directory.holdsDatabase();
    if (!exists && !options.createIfMissing()) {
      throw LevelDbStatus.invalidArgument(dir, "does not exist (create_if_missing is false)");
    }
    if (exists && options.errorIfExists()) {
      throw LevelDbStatus.invalidArgument(dir, "exists (error_if_exists is true)");
    }
    return exists;
  }

  private static void closeAfterFailure(Throwable failure, AutoCloseable... resources) {
    for (AutoCloseable r : resources) {
      try {
        if (r != null) {
          r.close();
        }
      } catch (Exception suppressed) {
        failure.addSuppressed(suppressed);
      }
    }
  }

  static int cacheBlocks(long cacheSizeBytes) {
    if (cacheSizeBytes <= 0) {
      return DEFAULT_CACHE_BLOCKS;
    }
    long blocks = cacheSizeBytes / ASSUMED_BLOCK_BYTES;
    return (int) Math.max(MIN_CACHE_BLOCKS, Math.min(MAX_CACHE_BLOCKS, blocks));
  }

  /**
   * Deletes the database's files (the marker, the core and LOCK) and the directory if nothing else
   * is left in it. Refuses while the database is open. A missing directory is fine.
   */
  @Override
  public void destroy(File path, Options options) throws IOException {
    checkArgNotNull(path, "path");
    if (path.isFile()) {
      return; // as LevelDB's DestroyDB: a directory it cannot list holds no database to delete
    }
    DbDirectory directory = DbDirectory.existing(path.getCanonicalFile());
    if (directory == null) {
      return;
    }
    try (DbDirectory.Lock lock = directory.lock()) {
      directory.deleteDatabaseFiles();
    }
    directory.deleteLockAndDirectoryIfEmpty();
  }

  /**
   * Verifies the core (every block against the signed Merkle tree); if that fails, truncates the
   * log to the last whole version before the first block that does not read back (never inside a
   * write batch, see {@code CoreRepair}), and verifies again. What was dropped is logged to {@code
   * options.logger()} when one is set. Refuses while the
   * database is open; throws an IOException saying why when the core cannot be opened or the
   * repaired core still fails. A directory holding no database is left alone.
   */
  @Override
  public void repair(File path, Options options) throws IOException {
    checkArgNotNull(path, "path");
    DbDirectory directory = DbDirectory.existing(path.getCanonicalFile());
    if (directory == null || !directory.holdsDatabase()) {
      return;
    }
    try (DbDirectory.Lock lock = directory.lock()) {
      Hypercore core;
      try {
        core =
            Hypercore.open(
                directory.core(),
                HypercoreOptions.builder().createIfMissing(false).verifyReads(true).build());
      } catch (HyperbeeException e) {
        throw LevelDbStatus.corruption(
            "cannot repair " + path + ": the core does not open: " + e.getMessage(), e);
      }
      try {
        CoreRepair.Report report = CoreRepair.repair(core);
        DbLog.of(options == null ? null : options.logger()).repaired(directory.root(), report);
      } catch (HyperbeeException e) {
        throw LevelDbStatus.corruption("cannot repair " + path + ": " + e.getMessage(), e);
      } finally {
        core.close();
      }
    }
  }

  @Override
  public String toString() {
    return "hyperbee-leveldown";
  }
}
