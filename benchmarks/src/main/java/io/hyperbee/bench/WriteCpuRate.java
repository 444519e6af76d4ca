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
 * hyperbee|iq80|jni fillseq|fillrandom|fillrandomBatch1000|fillseqBatch1000 [entries=100000] [rounds=5]}; each
 * round writes {@code entries} entries into a fresh database and prints both rates (the first
 * rounds run before the JIT has compiled the write path). {@code overwrite|overwriteBatch1000
 * [entries] [rounds] [num=1000000] [load=random]} instead runs DbBench's overwrite workloads on
 * one {@link DbBench.FilledDb} of num keys (cached with {@code -Ddbbench.cache}), every round on
 * the same database; {@code readrandom} with the same arguments reads random keys of it (to check
 * that a change to the write path's caches costs the reads nothing).
 *
 * <p>{@code fillseqThreads4} and {@code fillrandomThreads4} (issue 18): four threads of unbatched
 * puts at once, each a quarter of the entries (fillseq: thread t writes the keys i with i mod 4 =
 * t in order; fillrandom: random keys from a seed per thread); the CPU time is the sum over the
 * four threads, the wall time from the start of the first to the end of the last.
 *
 * <p>Each round also prints the rate per CPU second of the whole process, which counts work the
 * write hands to other threads.
 */
public final class WriteCpuRate {
  private WriteCpuRate() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: WriteCpuRate hyperbee|iq80|jni fillseq|fillrandom|fillrandomBatch1000|fillseqBatch1000 "
          + "[entries] [rounds], or overwrite|overwriteBatch1000|readrandom [entries] [rounds] [num] [load]");
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
    if (workload.startsWith("overwrite") || workload.equals("readrandom")) {
      overwrite(args, entries, rounds, threads);
      return;
    }
    byte[] value = new byte[DbBench.VALUE_SIZE];
    new Random(301).nextBytes(value);
    Random random = new Random(301);
    for (int round = 1; round <= rounds; round++) {
      Path dir = Files.createTempDirectory("write-cpu-rate-" + args[0]);
      try {
        try (DB db = factory.open(dir.toFile(), new Options().createIfMissing(true))) {
          long wall = System.nanoTime();
          long process = processCpu();
          long cpu;
          if (workload.endsWith(THREADS_SUFFIX)) {
            cpu = writeConcurrently(db, workload.substring(0, workload.length() - THREADS_SUFFIX.length()), entries, value, threads);
          } else {
            cpu = threads.getCurrentThreadCpuTime();
            write(db, workload, entries, value, random);
            cpu = threads.getCurrentThreadCpuTime() - cpu;
          }
          wall = System.nanoTime() - wall;
          process = processCpu() - process;
          System.out.printf("%s %s round %d: %,.0f entries/s wall, %,.0f entries/s per CPU second, %,.0f per process CPU second%n",
              args[0], workload, round, entries / (wall / 1e9), entries / (cpu / 1e9), entries / (process / 1e9));
        }
      } finally {
        DbBench.deleteTree(dir);
      }
    }
  }

  /**
   * CPU nanoseconds of the whole process (every thread, the collector's too): work a write hands
   * to other threads (parallel hashing, issue 18) is free in the writing thread's rate, not here.
   */
  private static long processCpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static final String THREADS_SUFFIX = "Threads4";
  private static final int THREADS = 4;

  /** Four threads of unbatched puts (see the class comment); returns their CPU nanoseconds. */
  private static long writeConcurrently(DB db, String workload, int entries, byte[] value, ThreadMXBean threads) {
    long[] cpu = new long[THREADS];
    RuntimeException[] failed = new RuntimeException[1];
    Thread[] writers = new Thread[THREADS];
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      writers[t] = new Thread(() -> {
        long start = threads.getCurrentThreadCpuTime();
        Random random = new Random(301 + thread);
        try {
          for (int i = thread; i < entries; i += THREADS) {
            db.put(DbBench.key(workload.equals("fillseq") ? i : random.nextInt(entries)), value);
          }
        } catch (RuntimeException e) {
          synchronized (failed) {
            failed[0] = e;
          }
        }
        cpu[thread] = threads.getCurrentThreadCpuTime() - start;
      });
    }
    if (!workload.equals("fillseq") && !workload.equals("fillrandom")) {
      throw new IllegalArgumentException("unknown workload " + workload + THREADS_SUFFIX);
    }
    for (Thread w : writers) {
      w.start();
    }
    for (Thread w : writers) {
      try {
        w.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the writers run", e);
      }
    }
    if (failed[0] != null) {
      throw failed[0];
    }
    return java.util.Arrays.stream(cpu).sum();
  }

  private static void overwrite(String[] args, int entries, int rounds, ThreadMXBean threads) throws IOException {
    if (args[1].equals("overwriteBatch1000") && entries % DbBench.BATCH != 0) {
      throw new IllegalArgumentException("entries " + entries + " is not a multiple of " + DbBench.BATCH);
    }
    DbBench.Factory factory = new DbBench.Factory();
    factory.factory = args[0];
    factory.num = args.length > 4 ? Integer.parseInt(args[4]) : 1_000_000;
    DbBench.FilledDb db = new DbBench.FilledDb();
    db.load = args.length > 5 ? args[5] : "random";
    db.setUp(factory);
    DbBench bench = new DbBench();
    try {
      for (int round = 1; round <= rounds; round++) {
        long wall = System.nanoTime();
        long process = processCpu();
        long cpu = threads.getCurrentThreadCpuTime();
        switch (args[1]) {
          case "overwrite" -> {
            for (int i = 0; i < entries; i++) {
              bench.overwrite(db);
            }
          }
          case "overwriteBatch1000" -> {
            for (int i = 0; i < entries; i += DbBench.BATCH) {
              bench.overwriteBatch1000(db);
            }
          }
          case "readrandom" -> {
            for (int i = 0; i < entries; i++) {
              bench.readrandom(db);
            }
          }
          default -> throw new IllegalArgumentException("unknown workload " + args[1]);
        }
        cpu = threads.getCurrentThreadCpuTime() - cpu;
        wall = System.nanoTime() - wall;
        process = processCpu() - process;
        System.out.printf("%s %s (load=%s, num=%d) round %d: %,.0f entries/s wall, %,.0f entries/s per CPU second, "
            + "%,.0f per process CPU second%n",
            args[0], args[1], db.load, factory.num, round, entries / (wall / 1e9), entries / (cpu / 1e9),
            entries / (process / 1e9));
      }
    } finally {
      db.tearDown();
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
      case "fillseqBatch1000" -> {
        for (int start = 0; start < entries; start += DbBench.BATCH) {
          try (WriteBatch batch = db.createWriteBatch()) {
            for (int i = start; i < Math.min(entries, start + DbBench.BATCH); i++) {
              batch.put(DbBench.key(i), value);
            }
            db.write(batch);
          }
        }
      }
      default -> throw new IllegalArgumentException("unknown workload " + workload);
    }
  }
}
