package io.hyperbee.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openjdk.jmh.infra.Blackhole;

/**
 * DbBench's read workloads outside JMH on one filled database, scored per CPU second of the
 * reading thread as well as per wall second, as {@link WriteCpuRate} does for the writes: on a
 * machine shared with other jobs the wall-clock rate mostly measures the scheduler. It calls
 * DbBench's own workload methods on DbBench's own {@link DbBench.FilledDb} (same keys, values,
 * load order and, with {@code -Ddbbench.cache}, the same cached databases). LevelDB's background
 * compaction threads are not counted, which favours iq80 and leveldbjni.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.hyperbee.bench.ReadCpuRate
 * hyperbee|iq80|jni seq|random [num=1000000] [cpuSeconds=2] [workloads=.*]}: each workload whose
 * name matches the regex {@code workloads} runs one warm-up round and one measured round of
 * {@code cpuSeconds} of the thread's CPU time.
 */
public final class ReadCpuRate {
  /** Operations between two looks at the clocks. */
  private static final int STRIDE = 256;

  private ReadCpuRate() {}

  /** One read workload of DbBench on an open FilledDb. */
  @FunctionalInterface
  interface Workload {
    void run(DbBench.FilledDb db) throws Exception;
  }

  static Map<String, Workload> workloads(DbBench bench, Blackhole bh) {
    Map<String, Workload> w = new LinkedHashMap<>();
    w.put("readrandom", s -> bh.consume(bench.readrandom(s)));
    w.put("readmissing", s -> bh.consume(bench.readmissing(s)));
    w.put("seekrandom", s -> bench.seekrandom(s, bh));
    w.put("readseq", s -> bench.readseq(s, bh));
    w.put("readreverse", s -> bench.readreverse(s, bh));
    return w;
  }

  /** Operations per CPU second and per wall second of one round of {@code cpuNanos}. */
  record Rate(double perCpuSecond, double perWallSecond) {}

  static Rate measure(Workload workload, DbBench.FilledDb db, long cpuNanos) throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long wall = System.nanoTime();
    long cpu = threads.getCurrentThreadCpuTime();
    long ops = 0;
    long usedCpu;
    do {
      for (int i = 0; i < STRIDE; i++) {
        workload.run(db);
      }
      ops += STRIDE;
      usedCpu = threads.getCurrentThreadCpuTime() - cpu;
    } while (usedCpu < cpuNanos);
    long usedWall = System.nanoTime() - wall;
    return new Rate(ops / (usedCpu / 1e9), ops / (usedWall / 1e9));
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: ReadCpuRate hyperbee|iq80|jni seq|random [num] [cpuSeconds] [workloads regex]");
      System.exit(2);
    }
    DbBench.Factory factory = new DbBench.Factory();
    factory.factory = args[0];
    factory.num = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
    long cpuNanos = (long) ((args.length > 3 ? Double.parseDouble(args[3]) : 2) * 1e9);
    java.util.regex.Pattern selected = java.util.regex.Pattern.compile(args.length > 4 ? args[4] : ".*");
    DbBench.FilledDb db = new DbBench.FilledDb();
    db.load = args[1];
    db.setUp(factory);
    Blackhole bh = new Blackhole(
        "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
    try {
      for (Map.Entry<String, Workload> w : workloads(new DbBench(), bh).entrySet()) {
        if (!selected.matcher(w.getKey()).matches()) {
          continue;
        }
        String result;
        try {
          measure(w.getValue(), db, cpuNanos); // warm-up
          Rate r = measure(w.getValue(), db, cpuNanos);
          result = String.format("%,14.0f per CPU s %,14.0f per wall s", r.perCpuSecond(), r.perWallSecond());
        } catch (UnsupportedOperationException e) { // iq80 0.12 cannot iterate backwards
          result = "n/a (" + e + ")";
        }
        System.out.printf("%-9s load=%-6s num=%-8d %-12s %s%n", args[0], args[1], factory.num, w.getKey(), result);
        db.closeIterators();
      }
    } finally {
      db.tearDown();
    }
  }
}
