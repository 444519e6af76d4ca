package io.hyperbee.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBFactory;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.WriteBatch;

/**
 * Databases holding db_bench's keys 0..num-1, each with the same value, put in a {@link LoadOrder}
 * in WriteBatches of 1,000 (batched for speed: the order of the keys, not the batching, decides
 * the layout the reads see).
 *
 * <p>A cache directory (system property {@value #CACHE_PROPERTY}; {@code run-all.sh} sets it to a
 * directory it creates and deletes) keeps one filled, closed database per factory, order and num,
 * and every JMH trial then reads a copy of it: each read workload runs in its own fork, and filling
 * 1,000,000 keys in random order takes Hyperbee minutes on a loaded machine. The cache belongs to
 * one run of one build: a database filled by another build of the product would measure that
 * build's layout.
 */
final class FilledDatabases {
  static final String CACHE_PROPERTY = "dbbench.cache";
  static final int BATCH = 1000;

  private FilledDatabases() {}

  /** Puts keys 0..num-1 with {@code value} into {@code db} in {@code order}. */
  static void fill(DB db, LoadOrder order, int num, byte[] value) throws IOException {
    int[] indices = order.indices(num);
    for (int start = 0; start < num; start += BATCH) {
      try (WriteBatch batch = db.createWriteBatch()) {
        for (int i = start; i < Math.min(num, start + BATCH); i++) {
          batch.put(DbBench.key(indices[i]), value);
        }
        db.write(batch);
      }
    }
  }

  /**
   * Copies the cached database of {@code factoryName}, order and num into {@code target} (empty),
   * filling the cached one first if it is not there yet.
   */
  static void copyCached(Path cache, String factoryName, DBFactory factory, LoadOrder order, int num,
      byte[] value, Path target) throws IOException {
    Path filled = cache.resolve(factoryName + "-" + order.paramName() + "-" + num);
    if (!Files.isDirectory(filled)) {
      Path building = Files.createTempDirectory(Files.createDirectories(cache), filled.getFileName() + ".building-");
      try (DB db = factory.open(building.toFile(), new Options().createIfMissing(true))) {
        fill(db, order, num, value);
      }
      // whole or absent: a fork killed while filling leaves only a .building- directory
      Files.move(building, filled, StandardCopyOption.ATOMIC_MOVE);
    }
    copyTree(filled, target);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path dest = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest);
        }
      }
    }
  }
}
