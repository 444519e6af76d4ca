package io.hyperbee.btree;

import static io.hyperbee.btree.TestUtil.b;
import static io.hyperbee.btree.TestUtil.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** One bee shared by many threads: writes serialised, reads concurrent and each consistent. */
class ConcurrencyTest {
  private static final int READERS = 4;

  /**
   * Four readers check the invariant on snapshots while two writers append. Every reader checks
   * once before the writes start and once more on a snapshot taken while the first writer waits
   * halfway (a rendezvous, not a hope that the scheduler interleaves them: on a busy machine the
   * writers could otherwise finish before a reader ran at all, which failed this test).
   */
  @Test
  void readersSeeConsistentVersionsWhileWritersAppend() throws Exception {
    Hyperbee db = Hyperbee.open(new MemoryLog(), BeeOptions.builder().cacheSize(64).build());
    // invariant kept by every write: keys "a" and "b" always have equal values
    db.put(b("a"), b("0"));
    db.put(b("b"), b("0"));
    AtomicBoolean stop = new AtomicBoolean();
    AtomicBoolean halfway = new AtomicBoolean();
    CountDownLatch readersStarted = new CountDownLatch(READERS);
    CountDownLatch checkedHalfway = new CountDownLatch(READERS);
    ExecutorService pool = Executors.newFixedThreadPool(2 + READERS);
    try {
      List<Future<Integer>> readers = new ArrayList<>();
      for (int r = 0; r < READERS; r++) {
        readers.add(pool.submit(() -> {
          int checks = 0;
          boolean countedHalfway = false;
          try {
            while (!stop.get()) {
              boolean snapshotAfterHalfway = halfway.get();
              Hyperbee snap = db.snapshot();
              List<Entry> ab = new ArrayList<>();
              snap.range(KeyRange.all().gte(b("a")).lte(b("b"))).forEachRemaining(ab::add);
              assertEquals(2, ab.size());
              assertEquals(s(ab.get(0).value()), s(ab.get(1).value()));
              assertEquals(s(snap.get(b("a")).value()), s(snap.get(b("b")).value()));
              if (checks++ == 0) {
                readersStarted.countDown();
              }
              if (snapshotAfterHalfway && !countedHalfway) {
                countedHalfway = true;
                checkedHalfway.countDown();
              }
            }
            return checks;
          } finally { // a reader that failed holds up no one: its failure is reported by its future
            if (checks == 0) {
              readersStarted.countDown();
            }
            if (!countedHalfway) {
              checkedHalfway.countDown();
            }
          }
        }));
      }
      assertTrue(readersStarted.await(60, TimeUnit.SECONDS), "the readers did not start");
      List<Future<Integer>> writers = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        final int id = w;
        writers.add(pool.submit(() -> {
          for (int i = 1; i <= 300; i++) {
            if (id == 0 && i == 151) {
              halfway.set(true); // every reader checks a snapshot of the writes so far
              assertTrue(checkedHalfway.await(60, TimeUnit.SECONDS), "the readers stopped checking");
            }
            String v = id + "-" + i;
            Batch batch = db.batch();
            batch.put(b("a"), b(v));
            batch.put(b("filler" + id + "-" + i), b(v));
            batch.put(b("b"), b(v));
            batch.flush();
            db.put(b("single" + id + "-" + i), b(v));
          }
          return 0;
        }));
      }
      try {
        for (Future<Integer> f : writers) {
          f.get(60, TimeUnit.SECONDS);
        }
      } finally {
        stop.set(true);
      }
      for (Future<Integer> f : readers) {
        assertTrue(f.get(60, TimeUnit.SECONDS) >= 2, "a reader checked before and during the writes");
      }
    } finally {
      stop.set(true); // the readers spin until told
      pool.shutdownNow();
    }
    // 2 + 2 writers x 300 x (3 + 1) blocks, plus the header
    assertEquals(1 + 2 + 2 * 300 * 4, db.core().length());
    assertEquals(2 + 2 * 300 * 2, TestUtil.collect(db.range(KeyRange.all())).size());
  }
}
