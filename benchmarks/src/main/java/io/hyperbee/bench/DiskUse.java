package io.hyperbee.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.WriteBatch;

/**
 * Bytes on disk per key (issue 16): fills {@code num} db_bench keys (batches of 1,000, 100-byte
 * values), overwrites every key three times with new values, then runs {@code compactRange(null,
 * null)}, and reports the bytes on disk per key after each step and the compaction's time, for
 * iq80, leveldbjni and Hyperbee on the same workload. iq80 0.12 has no compactRange (its row says
 * so); its background compactions run as it writes.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.hyperbee.bench.DiskUse 1000000
 * [factories...]} (default: iq80 jni hyperbee).
 */
public final class DiskUse {
  private static final int OVERWRITES = 3;

  private DiskUse() {}

  /**
   * One factory's figures.
   *
   * @param afterCompaction bytes per key after compactRange; -1 when the factory has none
   * @param compactionSeconds the time compactRange took; -1 when the factory has none
   * @param keysAfter the keys read back after the compaction (and a reopen) with the last values
   */
  public record Result(String factory, int num, double afterFill, double afterOverwrites, double afterCompaction,
      double compactionSeconds, int keysAfter) {}

  public static void main(String[] args) throws IOException {
    int num = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    List<String> factories = args.length > 1 ? Arrays.asList(args).subList(1, args.length)
        : List.of("iq80", "jni", "hyperbee");
    System.out.printf(Locale.ROOT, "%-9s %-9s %12s %14s %14s %14s%n", "factory", "keys", "fill B/key",
        "overwrite B/key", "compacted B/key", "compaction s");
    for (String factory : factories) {
      Result r = measure(factory, num);
      System.out.printf(Locale.ROOT, "%-9s %-9d %12.1f %14.1f %14s %14s%n", factory, num, r.afterFill(),
          r.afterOverwrites(), r.afterCompaction() < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f",
              r.afterCompaction()), r.compactionSeconds() < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f",
              r.compactionSeconds()));
    }
  }

  /** Runs the workload for {@code factory} in a fresh temporary directory, deleted afterwards. */
  public static Result measure(String factory, int num) throws IOException {
    DbBench.Factory f = new DbBench.Factory();
    f.factory = factory;
    Path dir = Files.createTempDirectory("diskuse-" + factory);
    try {
      // bytes are counted with the database closed: LevelDB's background compactions delete
      // files while they run, and close waits for them
      try (DB db = open(f, dir)) {
        fill(db, num, 0);
      }
      double afterFill = perKey(dir, num);
      try (DB db = open(f, dir)) {
        for (int round = 1; round <= OVERWRITES; round++) {
          fill(db, num, round);
        }
      }
      double afterOverwrites = perKey(dir, num);
      double afterCompaction = -1;
      double compactionSeconds = -1;
      try (DB db = open(f, dir)) {
        long t0 = System.nanoTime();
        db.compactRange(null, null);
        compactionSeconds = (System.nanoTime() - t0) / 1e9;
      } catch (UnsupportedOperationException e) {
        // iq80 has no compactRange
      }
      if (compactionSeconds >= 0) {
        afterCompaction = perKey(dir, num);
      }
      return new Result(factory, num, afterFill, afterOverwrites, afterCompaction, compactionSeconds,
          keysWithValue(f, dir, num, OVERWRITES));
    } finally {
      DbBench.deleteTree(dir);
    }
  }

  /** Writes every key with the value of {@code round}. */
  private static void fill(DB db, int num, int round) throws IOException {
    for (int start = 0; start < num; start += DbBench.BATCH) {
      try (WriteBatch batch = db.createWriteBatch()) {
        for (int i = start; i < Math.min(num, start + DbBench.BATCH); i++) {
          batch.put(DbBench.key(i), value(i, round));
        }
        db.write(batch);
      }
    }
  }

  /** Incompressible 100-byte values, different per key and round, as db_bench's are random. */
  private static byte[] value(int i, int round) {
    byte[] v = new byte[DbBench.VALUE_SIZE];
    new Random(i * 31L + round).nextBytes(v);
    return v;
  }

  private static int keysWithValue(DbBench.Factory f, Path dir, int num, int round) throws IOException {
    int found = 0;
    try (DB db = open(f, dir)) {
      for (int i = 0; i < num; i++) {
        found += Arrays.equals(value(i, round), db.get(DbBench.key(i))) ? 1 : 0;
      }
    }
    return found;
  }

  private static DB open(DbBench.Factory f, Path dir) throws IOException {
    return f.dbFactory().open(dir.toFile(), new Options().createIfMissing(true));
  }

  private static double perKey(Path dir, int num) throws IOException {
    return (double) Growth.du(dir) / num;
  }
}
