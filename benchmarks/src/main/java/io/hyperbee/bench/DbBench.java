package io.hyperbee.bench;

import io.hyperbee.leveldb.HyperbeeDBFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBFactory;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.WriteBatch;
import org.iq80.leveldb.impl.Iq80DBFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * LevelDB's db_bench workloads through the org.iq80.leveldb API, for iq80 LevelDB, leveldbjni
 * (native LevelDB) and Hyperbee in one run: 16-byte keys, 100-byte values, default options (no
 * sync), single thread except fillrandomConcurrent4. Scores are operations (entries) per second.
 *
 * <p>fill* start from an empty database each iteration; read*, seekrandom, overwrite and
 * overwriteBatch1000 use a database prefilled with keys 0..num-1, put in ascending or random order
 * (parameter {@code load}, see {@link FilledDb}); deleterandom refills per iteration.
 * readmissing looks up keys that sort between stored ones. iq80 0.12 cannot iterate backwards, so
 * readreverse fails for it (reported as an error by JMH, not a score).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar DbBench}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DbBench {
  static final int KEY_SIZE = 16;
  static final int VALUE_SIZE = 100;
  static final int BATCH = FilledDatabases.BATCH;
  /** Threads of fillrandomConcurrent4. */
  static final int WRITERS = 4;

  /** The factory under test and a scratch directory for its database. */
  @State(Scope.Benchmark)
  public static class Factory {
    @Param({"iq80", "jni", "hyperbee"})
    public String factory;

    @Param({"100000"})
    public int num;

    DBFactory dbFactory() {
      return switch (factory) {
        case "iq80" -> Iq80DBFactory.factory;
        case "jni" -> JniDBFactory.factory;
        case "hyperbee" -> HyperbeeDBFactory.factory;
        default -> throw new IllegalArgumentException("unknown factory " + factory);
      };
    }
  }

  /** An open database in a fresh directory, deleted on tear-down. */
  abstract static class OpenDb {
    DB db;
    Path dir;
    final Random random = new Random(301);
    final byte[] value = randomValue(random); // what the fills of FilledDb/RefilledDb store
    long counter;
    private long values;

    /** The next value to write (see {@link DbBench#value(long)}). */
    byte[] nextValue() {
      return value(values++);
    }

    void open(Factory f) throws IOException {
      dir = Files.createTempDirectory("dbbench-" + f.factory);
      db = f.dbFactory().open(dir.toFile(), new Options().createIfMissing(true));
      counter = 0;
    }

    void close() throws IOException {
      db.close();
      deleteTree(dir);
    }
  }

  /**
   * One of the concurrent writers' key streams: thread t of n puts random keys k below num with
   * k % n == t, so no two threads write the same key.
   */
  @State(Scope.Thread)
  public static class Writer {
    int thread;
    int threads;
    Random random;
    private long values;

    /** This writer's next value (see {@link DbBench#value(long)}); its own sequence per thread. */
    byte[] nextValue() {
      return value((values++ << 2) + thread);
    }

    @Setup(Level.Trial)
    public void setUp(ThreadParams params) {
      init(params.getThreadIndex(), params.getThreadCount());
    }

    void init(int thread, int threads) {
      this.thread = thread;
      this.threads = threads;
      random = new Random(301 + thread);
    }

    long nextKey(int num) {
      if (num < threads) {
        throw new IllegalArgumentException("num " + num + " < " + threads + " writer threads");
      }
      return (long) random.nextInt(num / threads) * threads + thread;
    }
  }

  /** Empty at the start of every iteration. */
  @State(Scope.Benchmark)
  public static class EmptyDb extends OpenDb {
    @Setup(Level.Iteration)
    public void setUp(Factory f) throws IOException {
      open(f);
    }

    @TearDown(Level.Iteration)
    public void tearDown() throws IOException {
      close();
    }
  }

  /**
   * Filled with keys 0..num-1 once per trial, in ascending order ({@code load=seq}, db_bench's
   * fillseq) or in a fixed-seed shuffled order ({@code load=random}, db_bench's fillrandom); copied
   * from a cache when {@value FilledDatabases#CACHE_PROPERTY} is set.
   */
  @State(Scope.Benchmark)
  public static class FilledDb extends OpenDb {
    @Param({"seq", "random"})
    public String load;

    int num;
    DBIterator forward;
    DBIterator backward;

    @Setup(Level.Trial)
    public void setUp(Factory f) throws IOException {
      setUp(f, System.getProperty(FilledDatabases.CACHE_PROPERTY));
    }

    void setUp(Factory f, String cache) throws IOException {
      num = f.num;
      LoadOrder order = LoadOrder.of(load);
      if (cache == null) {
        open(f);
        FilledDatabases.fill(db, order, num, value);
      } else {
        dir = Files.createTempDirectory("dbbench-" + f.factory);
        FilledDatabases.copyCached(Path.of(cache), f.factory, f.dbFactory(), order, num, value, dir);
        db = f.dbFactory().open(dir.toFile(), new Options());
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      close();
    }

    @TearDown(Level.Iteration)
    public void closeIterators() throws IOException {
      if (forward != null) {
        forward.close();
        forward = null;
      }
      if (backward != null) {
        backward.close();
        backward = null;
      }
    }
  }

  /** Filled with keys 0..num-1 at the start of every iteration. */
  @State(Scope.Benchmark)
  public static class RefilledDb extends OpenDb {
    int num;

    @Setup(Level.Iteration)
    public void setUp(Factory f) throws IOException {
      open(f);
      num = f.num;
      FilledDatabases.fill(db, LoadOrder.SEQ, num, value);
    }

    @TearDown(Level.Iteration)
    public void tearDown() throws IOException {
      close();
    }
  }

  @Benchmark
  public void fillseq(EmptyDb s) {
    s.db.put(key(s.counter++), s.nextValue());
  }

  @Benchmark
  public void fillrandom(EmptyDb s, Factory f) {
    s.db.put(key(s.random.nextInt(f.num)), s.nextValue());
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void fillrandomBatch1000(EmptyDb s, Factory f) throws IOException {
    putRandomBatch(s, f.num);
  }

  /**
   * Unbatched puts of random keys from {@link #WRITERS} threads into one shared, initially empty
   * database; each thread its own keys (see {@link Writer}). The score is all threads' puts per
   * second; fillrandom is the one-thread counterpart.
   */
  @Benchmark
  @Threads(WRITERS)
  public void fillrandomConcurrent4(EmptyDb s, Writer w, Factory f) {
    s.db.put(key(w.nextKey(f.num)), w.nextValue());
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void fillseqBatch1000(EmptyDb s) throws IOException {
    try (WriteBatch batch = s.db.createWriteBatch()) {
      for (int i = 0; i < BATCH; i++) {
        batch.put(key(s.counter++), s.nextValue());
      }
      s.db.write(batch);
    }
  }

  @Benchmark
  public void overwrite(FilledDb s) {
    s.db.put(key(s.random.nextInt(s.num)), s.nextValue());
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void overwriteBatch1000(FilledDb s) throws IOException {
    putRandomBatch(s, s.num);
  }

  @Benchmark
  public byte[] readrandom(FilledDb s) {
    return s.db.get(key(s.random.nextInt(s.num)));
  }

  @Benchmark
  public byte[] readmissing(FilledDb s) {
    byte[] k = key(s.random.nextInt(s.num));
    k[KEY_SIZE - 1] = '.'; // sorts before the stored key with that prefix, never stored
    return s.db.get(k);
  }

  @Benchmark
  public void readseq(FilledDb s, Blackhole bh) {
    if (s.forward == null || !s.forward.hasNext()) {
      if (s.forward == null) {
        s.forward = s.db.iterator();
      }
      s.forward.seekToFirst();
    }
    bh.consume(s.forward.next());
  }

  @Benchmark
  public void readreverse(FilledDb s, Blackhole bh) {
    if (s.backward == null || !s.backward.hasPrev()) {
      if (s.backward == null) {
        s.backward = s.db.iterator();
      }
      s.backward.seekToLast();
      bh.consume(s.backward.peekNext());
      return;
    }
    bh.consume(s.backward.prev());
  }

  @Benchmark
  public void seekrandom(FilledDb s, Blackhole bh) throws IOException {
    try (DBIterator it = s.db.iterator()) {
      it.seek(key(s.random.nextInt(s.num)));
      bh.consume(it.next());
    }
  }

  @Benchmark
  public void deleterandom(RefilledDb s) {
    s.db.delete(key(s.random.nextInt(s.num)));
  }

  /** One WriteBatch of BATCH puts of random keys below num. */
  private static void putRandomBatch(OpenDb s, int num) throws IOException {
    try (WriteBatch batch = s.db.createWriteBatch()) {
      for (int i = 0; i < BATCH; i++) {
        batch.put(key(s.random.nextInt(num)), s.nextValue());
      }
      s.db.write(batch);
    }
  }

  /** db_bench's value source: windows of a fixed-seed random buffer (its RandomGenerator). */
  private static final byte[] VALUE_POOL = randomPool();

  private static byte[] randomPool() {
    byte[] pool = new byte[1 << 20];
    new Random(302).nextBytes(pool);
    return pool;
  }

  /**
   * The {@code n}th value a write workload puts: a fresh copy (iq80's WriteBatch keeps the array)
   * of a window of {@link #VALUE_POOL}, so successive writes of one key carry different values, as
   * in db_bench. Hyperbee, like JS, appends nothing when a put's value equals the stored one: a
   * constant value made most overwrites (and the repeated keys of fillrandom) free for Hyperbee
   * alone.
   */
  static byte[] value(long n) {
    int windows = VALUE_POOL.length - VALUE_SIZE;
    int offset = (int) Math.floorMod(n * 97, (long) windows);
    return Arrays.copyOfRange(VALUE_POOL, offset, offset + VALUE_SIZE);
  }

  private static byte[] randomValue(Random random) {
    byte[] v = new byte[VALUE_SIZE];
    random.nextBytes(v);
    return v;
  }

  /** db_bench's key format: the number, zero-padded to 16 digits. */
  static byte[] key(long n) {
    byte[] k = new byte[KEY_SIZE];
    for (int i = KEY_SIZE - 1; i >= 0; i--) {
      k[i] = (byte) ('0' + n % 10);
      n /= 10;
    }
    return k;
  }

  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
