package io.hyperbee.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.iq80.leveldb.DBIterator;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DbBench's issue-18 states and workloads outside JMH, at a small scale: the databases they build
 * and change hold what the workload says, whatever the times.
 */
class DbBenchTest {
  private static final int NUM = 3000;

  private static DbBench.Factory factory(String name) {
    DbBench.Factory f = new DbBench.Factory();
    f.factory = name;
    f.num = NUM;
    return f;
  }

  /** Every key, in key order. */
  private static List<String> contents(DbBench.OpenDb s) throws Exception {
    List<String> keys = new ArrayList<>();
    overwritten(s, keys);
    return keys;
  }

  /** Collects every key in key order into {@code keys}; returns how many hold another value than the fill's. */
  private static int overwritten(DbBench.OpenDb s, List<String> keys) throws Exception {
    int changed = 0;
    try (DBIterator it = s.db.iterator()) {
      for (it.seekToFirst(); it.hasNext(); ) {
        Map.Entry<byte[], byte[]> e = it.next();
        assertEquals(DbBench.VALUE_SIZE, e.getValue().length);
        changed += java.util.Arrays.equals(s.value, e.getValue()) ? 0 : 1;
        keys.add(new String(e.getKey(), StandardCharsets.US_ASCII));
      }
    }
    return changed;
  }

  private static List<String> allKeys(int num) {
    return IntStream.range(0, num).mapToObj(i -> new String(DbBench.key(i), StandardCharsets.US_ASCII)).toList();
  }

  @Test
  void randomLoadOrderIsAFixedShuffleOfEveryIndex() {
    int[] random = LoadOrder.RANDOM.indices(NUM);
    assertArrayEquals(random, LoadOrder.RANDOM.indices(NUM), "same order in every fork");
    assertArrayEquals(IntStream.range(0, NUM).toArray(), LoadOrder.SEQ.indices(NUM));
    assertNotEquals(Arrays.toString(LoadOrder.SEQ.indices(NUM)), Arrays.toString(random));
    int[] sorted = random.clone();
    Arrays.sort(sorted);
    assertArrayEquals(LoadOrder.SEQ.indices(NUM), sorted, "every key exactly once");
    assertEquals(LoadOrder.RANDOM, LoadOrder.of("random"));
    assertThrows(IllegalArgumentException.class, () -> LoadOrder.of("reverse"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"hyperbee", "iq80", "jni"})
  void randomLoadedDatabaseFromTheCacheHoldsEveryKeyAndOverwriteBatchKeepsThem(String name, @TempDir Path cache)
      throws Exception {
    DbBench bench = new DbBench();
    for (int trial = 0; trial < 2; trial++) { // the first fills the cache, the second copies it
      DbBench.FilledDb s = new DbBench.FilledDb();
      s.load = "random";
      s.setUp(factory(name), cache.toString());
      try {
        List<String> filled = new ArrayList<>();
        assertEquals(0, overwritten(s, filled), "every key holds the fill's value");
        assertEquals(allKeys(NUM), filled, "trial " + trial);
        bench.overwriteBatch1000(s);
        bench.overwriteBatch1000(s);
        List<String> keys = new ArrayList<>();
        int changed = overwritten(s, keys);
        assertEquals(allKeys(NUM), keys, "overwrites change no key set");
        // 2,000 random keys of 3,000 (about 1,460 distinct) get new values: an overwrite that
        // wrote the stored value again would cost Hyperbee nothing (it appends no block then)
        assertTrue(changed > 1_000 && changed <= 2 * DbBench.BATCH, changed + " keys overwritten");
      } finally {
        s.tearDown();
      }
    }
    try (var files = Files.list(cache)) {
      assertEquals(List.of(name + "-random-" + NUM), files.map(p -> p.getFileName().toString()).toList(),
          "one cached database, no building leftovers; the trials changed only their copies");
    }
  }

  @Test
  void seqLoadedDatabaseWithoutCacheHoldsEveryKey() throws Exception {
    DbBench.FilledDb s = new DbBench.FilledDb();
    s.load = "seq";
    s.setUp(factory("hyperbee"), null);
    try {
      assertEquals(allKeys(NUM), contents(s));
    } finally {
      s.tearDown();
    }
  }

  private static DbBench.Writer writer(int thread) {
    DbBench.Writer w = new DbBench.Writer();
    w.init(thread, DbBench.WRITERS);
    return w;
  }

  @Test
  void concurrentWritersPutDisjointKeysIntoOneDatabase() throws Exception {
    int puts = 500;
    DbBench bench = new DbBench();
    DbBench.Factory f = factory("hyperbee");
    DbBench.EmptyDb s = new DbBench.EmptyDb();
    s.setUp(f);
    ExecutorService pool = Executors.newFixedThreadPool(DbBench.WRITERS);
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (int t = 0; t < DbBench.WRITERS; t++) {
        DbBench.Writer w = writer(t);
        writers.add(pool.submit(() -> {
          for (int i = 0; i < puts; i++) {
            bench.fillrandomConcurrent4(s, w, f);
          }
        }));
      }
      for (Future<?> w : writers) {
        w.get(60, TimeUnit.SECONDS);
      }
      // replay each thread's key stream: the same seed gives the same keys
      Set<String> expected = new TreeSet<>();
      for (int t = 0; t < DbBench.WRITERS; t++) {
        DbBench.Writer replay = writer(t);
        for (int i = 0; i < puts; i++) {
          long k = replay.nextKey(NUM);
          assertEquals(t, k % DbBench.WRITERS, "thread " + t + "'s keys are its own");
          assertTrue(k < NUM, "key " + k);
          expected.add(new String(DbBench.key(k), StandardCharsets.US_ASCII));
        }
      }
      assertEquals(List.copyOf(expected), contents(s));
    } finally {
      pool.shutdownNow();
      s.tearDown();
    }
    assertThrows(IllegalArgumentException.class, () -> writer(0).nextKey(DbBench.WRITERS - 1));
  }

  @Test
  void readCpuRateRunsEveryReadWorkloadOnTheFilledDatabase() throws Exception {
    DbBench.FilledDb s = new DbBench.FilledDb();
    s.load = "random";
    s.setUp(factory("hyperbee"), null);
    try {
      Blackhole bh = new Blackhole(
          "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
      Map<String, ReadCpuRate.Workload> workloads = ReadCpuRate.workloads(new DbBench(), bh);
      assertEquals(List.of("readrandom", "readmissing", "seekrandom", "readseq", "readreverse"),
          List.copyOf(workloads.keySet()));
      for (ReadCpuRate.Workload w : workloads.values()) {
        ReadCpuRate.Rate r = ReadCpuRate.measure(w, s, 10_000_000);
        assertTrue(r.perCpuSecond() > 0 && r.perWallSecond() > 0, r.toString());
      }
      assertTrue(s.forward != null && s.backward != null, "readseq and readreverse ran their iterators");
    } finally {
      s.tearDown();
    }
  }

  @Test
  void writeCpuRateOverwritesAFilledDatabase() throws Exception {
    WriteCpuRate.main(new String[] {"hyperbee", "overwriteBatch1000", "2000", "2", String.valueOf(NUM), "random"});
    WriteCpuRate.main(new String[] {"iq80", "overwrite", "500", "1", String.valueOf(NUM), "seq"});
    assertThrows(IllegalArgumentException.class,
        () -> WriteCpuRate.main(new String[] {"hyperbee", "overwriteBatch1000", "1500", "1", "2000"}));
  }
}
