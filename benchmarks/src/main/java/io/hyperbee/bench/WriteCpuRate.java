package io.hyperbee.bench;

import io.hyperbee.leveldb.HyperbeeDBFactory;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBFactory;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.WriteBatch;
import org.iq80.leveldb.impl.Iq80DBFactory;

/**
 * DbBench's write workloads outside JMH, scored per CPU second of the writing thread as well as
 * per wall second: on a machine shared with other jobs the wall-clock rate mostly measures the
 * scheduler, while the thread's CPU time does not count the time it waited for a core. LevelDB's
 * background compaction threads are not counted, which favours iq80 and leveldbjni.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.hyperbee.bench.WriteCpuRate
 * hyperbee|iq80|jni fillseq|fillrandom|fillrandomBatch1000|fillseqBatch1000|overwriteBatch1000 [entries=100000]
 * [rounds=5]}; each round writes {@code entries} entries into a fresh database (overwriteBatch1000:
 * overwrites random keys, in batches of 1000 and with values that differ, of a database first
 * filled with 1,000,000 keys, untimed) and prints both rates (the first
 * rounds run before the JIT has compiled the write path).
 */
public final class WriteCpuRate {
  /** Keys filled (untimed) before overwriteBatch1000 overwrites random ones among them. */
  private static final int OVERWRITE_KEYS = 1_000_000;

  private WriteCpuRate() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: WriteCpuRate hyperbee|iq80|jni fillseq|fillrandom|fillrandomBatch1000|fillseqBatch1000|overwriteBatch1000 [entries] [rounds]");
      System.exit(2);
    }
    DBFactory factory = switch (args[0]) {
      case "hyperbee" -> HyperbeeDBFactory.factory;
      case "iq80" -> Iq80DBFactory.factory;
      case "jni" -> JniDBFactory.factory;
      default -> throw new IllegalArgumentException("unknown factory " + args[0]);
    };
    String workload = args[1];
    int entries = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    byte[] value = new byte[DbBench.VALUE_SIZE];
    new Random(301).nextBytes(value);
    Random random = new Random(301);
    for (int round = 1; round <= rounds; round++) {
      Path dir = Files.createTempDirectory("write-cpu-rate-" + args[0]);
      try {
        try (DB db = factory.open(dir.toFile(), new Options().createIfMissing(true))) {
          prepare(db, workload, value);
          long wall = System.nanoTime();
          long cpu = threads.getCurrentThreadCpuTime();
          write(db, workload, entries, value, random);
          cpu = threads.getCurrentThreadCpuTime() - cpu;
          wall = System.nanoTime() - wall;
          System.out.printf("%s %s round %d: %,.0f entries/s wall, %,.0f entries/s per CPU second%n",
              args[0], workload, round, entries / (wall / 1e9), entries / (cpu / 1e9));
        }
      } finally {
        DbBench.deleteTree(dir);
      }
    }
  }

  /** Untimed set-up: overwriteBatch1000 first fills {@link #OVERWRITE_KEYS} keys in batches. */
  private static void prepare(DB db, String workload, byte[] value) throws IOException {
    if (workload.equals("overwriteBatch1000")) {
      fillSequential(db, OVERWRITE_KEYS, value);
    }
  }

  private static void fillSequential(DB db, int entries, byte[] value) throws IOException {
    for (int start = 0; start < entries; start += DbBench.BATCH) {
      try (WriteBatch batch = db.createWriteBatch()) {
        for (int i = start; i < Math.min(entries, start + DbBench.BATCH); i++) {
          batch.put(DbBench.key(i), value);
        }
        db.write(batch);
      }
    }
  }

  private static void write(DB db, String workload, int entries, byte[] value, Random random) throws IOException {
    switch (workload) {
      case "fillseq" -> {
        for (int i = 0; i < entries; i++) {
          db.put(DbBench.key(i), value);
        }
      }
      case "fillrandom" -> {
        for (int i = 0; i < entries; i++) {
          db.put(DbBench.key(random.nextInt(entries)), value);
        }
      }
      case "fillrandomBatch1000" -> {
        for (int start = 0; start < entries; start += DbBench.BATCH) {
          try (WriteBatch batch = db.createWriteBatch()) {
            for (int i = start; i < Math.min(entries, start + DbBench.BATCH); i++) {
              batch.put(DbBench.key(random.nextInt(entries)), value);
            }
            db.write(batch);
          }
        }
      }
      case "fillseqBatch1000" -> fillSequential(db, entries, value);
      case "overwriteBatch1000" -> {
        // every value differs from the stored one (a counter in its first 8 bytes): Hyperbee, like
        // JS, appends nothing for an identical value
        for (int start = 0; start < entries; start += DbBench.BATCH) {
          try (WriteBatch batch = db.createWriteBatch()) {
            for (int i = start; i < Math.min(entries, start + DbBench.BATCH); i++) {
              byte[] fresh = value.clone(); // a batch may keep the arrays it is given until written
              for (int b = 0; b < 8; b++) {
                fresh[b] = (byte) ((i + 1L) >>> (8 * b));
              }
              batch.put(DbBench.key(random.nextInt(OVERWRITE_KEYS)), fresh);
            }
            db.write(batch);
          }
        }
      }
      default -> throw new IllegalArgumentException("unknown workload " + workload);
    }
  }
}
