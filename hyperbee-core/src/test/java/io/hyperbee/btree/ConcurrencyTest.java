package io.hyperbee.btree;

import static io.hyperbee.btree.TestUtil.b;
import static io.hyperbee.btree.TestUtil.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** One bee shared by many threads: writes serialised, reads concurrent and each consistent. */
class ConcurrencyTest {

  @Test
  void readersSeeConsistentVersionsWhileWritersAppend() throws Exception {
    Hyperbee db = Hyperbee.open(new MemoryLog(), BeeOptions.builder().cacheSize(64).build());
    // invariant kept by every write: keys "a" and "b" always have equal values
    db.put(b("a"), b("0"));
    db.put(b("b"), b("0"));
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<Integer>> writers = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        final int id = w;
        writers.add(pool.submit(() -> {
          for (int i = 1; i <= 300; i++) {
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
      List<Future<Integer>> readers = new ArrayList<>();
      for (int r = 0; r < 4; r++) {
        readers.add(pool.submit(() -> {
          int checks = 0;
          while (!stop.get()) {
            Hyperbee snap = db.snapshot();
            List<Entry> ab = new ArrayList<>();
            snap.range(KeyRange.all().gte(b("a")).lte(b("b"))).forEachRemaining(ab::add);
            assertEquals(2, ab.size());
            assertEquals(s(ab.get(0).value()), s(ab.get(1).value()));
            assertEquals(s(snap.get(b("a")).value()), s(snap.get(b("b")).value()));
            checks++;
          }
          return checks;
        }));
      }
      for (Future<Integer> f : writers) {
        f.get(60, TimeUnit.SECONDS);
      }
      stop.set(true);
      for (Future<Integer> f : readers) {
        assertTrue(f.get(60, TimeUnit.SECONDS) > 0);
      }
    } finally {
      pool.shutdownNow();
    }
    // 2 + 2 writers x 300 x (3 + 1) blocks, plus the header
    assertEquals(1 + 2 + 2 * 300 * 4, db.core().length());
    assertEquals(2 + 2 * 300 * 2, TestUtil.collect(db.range(KeyRange.all())).size());
  }
}
