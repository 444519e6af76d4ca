package io.hyperbee.leveldb;

import static java.util.Objects.requireNonNull;

import io.hyperbee.HyperbeeException;
import io.hyperbee.btree.BeeOptions;
import io.hyperbee.btree.Hyperbee;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import java.io.File;
import java.io.IOException;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBException;
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
 * bytes, each with its share of four cached nodes; 0 keeps Hyperbee's defaults); a {@code comparator} is refused with a DBException since Hyperbee's
 * order is fixed by its format (unsigned bytes); the remaining tuning options (compression, block
 * and buffer sizes, open files, logger) mean nothing to an append-only log and are ignored.
 *
 * <p>Failures to open, destroy or repair are IOExceptions, as leveldbjni reports them, with the
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
    requireNonNull(path, "path is null");
    requireNonNull(options, "options is null");
    if (options.comparator() != null) {
      throw new DBException(
          "custom comparators are not supported: Hyperbee orders keys by unsigned bytes (comparator"
              + " "
              + options.comparator().name()
              + ")");
    }
    DbDirectory directory = DbDirectory.create(path);
    DbDirectory.Lock lock = directory.lock();
    try {
      boolean exists = directory.holdsDatabase();
      if (!exists && !options.createIfMissing()) {
        throw new IOException(
            "Invalid argument: " + path + ": does not exist (create_if_missing is false)");
      }
      if (exists && options.errorIfExists()) {
        throw new IOException("Invalid argument: " + path + ": exists (error_if_exists is true)");
      }
      if (!exists && directory.holdsLevelDb()) {
        throw new IOException(
            "Invalid argument: " + path + " holds a LevelDB database, not a Hyperbee one");
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
      throw new IOException(
          "Corruption: cannot open the core in "
              + directory.core()
              + ": "
              + e.getMessage()
              + " (HyperbeeDBFactory.repair may help)",
          e);
    }
    try {
      if (options.paranoidChecks()) {
        core.verify();
      }
      int cacheBlocks = cacheBlocks(options.cacheSize());
      Hyperbee bee = Hyperbee.open(core, BeeOptions.builder().cacheSize(cacheBlocks).build());
      if (!exists) {
        directory.writeMarker();
      }
      return HyperbeeDB.open(directory, lock, core, bee, cacheBlocks);
    } catch (HyperbeeException e) {
      core.close();
      throw new IOException("Corruption: " + e.getMessage(), e);
    } catch (IOException | RuntimeException | Error e) {
      core.close();
      throw e;
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
    requireNonNull(path, "path is null");
    DbDirectory directory = DbDirectory.existing(path);
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
    requireNonNull(path, "path is null");
    DbDirectory directory = DbDirectory.existing(path);
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
        throw new IOException(
            "cannot repair " + path + ": the core does not open: " + e.getMessage(), e);
      }
      try {
        CoreRepair.Report report = CoreRepair.repair(core);
        if (options.logger() != null) {
          options.logger().log("repair of " + path + ": " + report);
        }
      } catch (HyperbeeException e) {
        throw new IOException("cannot repair " + path + ": " + e.getMessage(), e);
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
