package io.hyperbee.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.WriteBatch;

/**
 * Growth outside JMH: fills a database with {@code num} db_bench keys (batches of 1,000, in
 * sequential order, 100-byte values), then measures random gets, random seeks (+ one next), a
 * forward scan and single (unbatched) puts, and reports the bytes on disk per key. Used for the
 * 100k / 1M / 10M growth table in BENCHMARKS.md and as a profiling harness.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.hyperbee.bench.Growth hyperbee
 * 1000000 [seconds per phase]}; the factory is {@code hyperbee}, {@code iq80} or {@code jni}.
 */
public final class Growth {
  private Growth() {}

  public static void main(String[] args) throws IOException {
    DbBench.Factory f = new DbBench.Factory();
    f.factory = args.length > 0 ? args[0] : "hyperbee";
    int num = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 5;
    String only = args.length > 3 ? args[3] : "all";
    Path dir = Files.createTempDirectory("growth-" + f.factory);
    byte[] value = new byte[DbBench.VALUE_SIZE];
    Random random = new Random(301);
    random.nextBytes(value);
    try {
      long t0 = System.nanoTime();
      try (DB db = f.dbFactory().open(dir.toFile(), new Options().createIfMissing(true))) {
        for (int start = 0; start < num; start += DbBench.BATCH) {
          try (WriteBatch batch = db.createWriteBatch()) {
            for (int i = start; i < Math.min(num, start + DbBench.BATCH); i++) {
              batch.put(DbBench.key(i), value);
            }
            db.write(batch);
          }
        }
      }
      double fill = (System.nanoTime() - t0) / 1e9;
      long bytes = du(dir);
      report(f.factory, num, "fill (batches of 1000)", num / fill);
      report(f.factory, num, "bytes on disk per key", (double) bytes / num);
      try (DB db = f.dbFactory().open(dir.toFile(), new Options())) {
        for (int round = 0; round < 2; round++) { // the first round warms up
          boolean last = round == 1;
          if (only.equals("all") || only.equals("get")) {
            double r = rate(seconds, () -> db.get(DbBench.key(random.nextInt(num))));
            if (last) {
              report(f.factory, num, "readrandom (get)", r);
            }
          }
          if (only.equals("all") || only.equals("seek")) {
            double r = rate(seconds, () -> {
              try (DBIterator it = db.iterator()) {
                it.seek(DbBench.key(random.nextInt(num)));
                it.next();
              } catch (IOException e) {
                throw new RuntimeException(e);
              }
            });
            if (last) {
              report(f.factory, num, "seekrandom", r);
            }
          }
          if (only.equals("all") || only.equals("scan")) {
            DBIterator[] it = {db.iterator()};
            double r = rate(seconds, () -> {
              if (!it[0].hasNext()) {
                it[0].seekToFirst();
              }
              it[0].next();
            });
            it[0].close();
            if (last) {
              report(f.factory, num, "readseq", r);
            }
          }
          if (only.equals("all") || only.equals("put")) {
            double r = rate(seconds / 2, () -> db.put(DbBench.key(random.nextInt(num)), value));
            if (last) {
              report(f.factory, num, "overwrite (single put)", r);
            }
          }
        }
      }
    } finally {
      DbBench.deleteTree(dir);
    }
  }

  private static double rate(double seconds, Runnable op) {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long n = 0;
    long start = System.nanoTime();
    long now;
    do {
      for (int i = 0; i < 256; i++) {
        op.run();
      }
      n += 256;
      now = System.nanoTime();
    } while (now < end);
    return n / ((now - start) / 1e9);
  }

  private static void report(String factory, int num, String what, double v) {
    System.out.printf(Locale.ROOT, "%-9s num=%-9d %-24s %,14.1f%n", factory, num, what, v);
  }

  static long du(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          throw new RuntimeException(e);
        }
      }).sum();
    }
  }
}
