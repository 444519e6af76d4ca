package io.hyperbee.btree;

import static io.hyperbee.btree.TestUtil.b;
import static io.hyperbee.btree.TestUtil.s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.crypto.KeyPair;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import io.hyperbee.storage.MemoryCoreStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Whoever else changes the core between a bee's encoding of its blocks and their append (another
 * bee on the same core, a direct append or truncate) must not get blocks appended whose tree
 * points at seqs that are not the ones the bee read: the append is refused, the write fails with
 * a clear error (CORE_MOVED) and nothing is stored; a one-shot put or del tries again from the
 * new head.
 */
class SharedCoreWritesTest {
  private static Hypercore newCore() {
    return Hypercore.open(new MemoryCoreStorage(), HypercoreOptions.builder().keyPair(KeyPair.fromSeed(new byte[32])).build());
  }

  @Test
  void twoBeesOnOneCoreNeverCorruptEachOther() throws Exception {
    twoBeesWriting(1);
  }

  @Test
  void groupedWritesOfTwoBeesOnOneCoreNeverCorruptEachOther() throws Exception {
    twoBeesWriting(3); // three writers per bee: its writer queue groups (and pipelines) their puts
  }

  private static void twoBeesWriting(int writersPerBee) throws Exception {
    try (Hypercore core = newCore()) {
      Hyperbee first = Hyperbee.open(core);
      Hyperbee second = Hyperbee.open(core);
      first.put(b("start"), b("0"));
      ExecutorService pool = Executors.newFixedThreadPool(2 * writersPerBee);
      CountDownLatch go = new CountDownLatch(1);
      try {
        List<Future<List<String>>> writers = new ArrayList<>();
        for (int t = 0; t < 2 * writersPerBee; t++) {
          Hyperbee bee = t % 2 == 0 ? first : second;
          String name = "writer" + t;
          writers.add(pool.submit(() -> {
            go.await();
            List<String> stored = new ArrayList<>();
            for (int i = 0; i < 800 / writersPerBee; i++) {
              String key = name + "-" + i;
              bee.put(b(key), b(key)); // a one-shot put retries when the other bee moved the core
              stored.add(key);
            }
            return stored;
          }));
        }
        go.countDown();
        List<String> stored = new ArrayList<>();
        for (Future<List<String>> w : writers) {
          stored.addAll(w.get(60, TimeUnit.SECONDS));
        }
        assertEquals(2 * writersPerBee * (800 / writersPerBee), stored.size());
        Hyperbee fresh = Hyperbee.open(core);
        for (String key : stored) {
          Entry e = fresh.get(b(key));
          assertNotNull(e, key + " was acknowledged but is not in the bee");
          assertArrayEquals(b(key), e.value());
        }
        List<Entry> all = new ArrayList<>();
        fresh.range(KeyRange.all()).forEachRemaining(all::add);
        assertEquals(stored.size() + 1, all.size(), "the tree holds exactly the acknowledged keys");
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void aOneShotPutWhoseCoreMovedIsWrittenAgainFromTheNewHead() {
    try (Hypercore core = newCore()) {
      Hyperbee first = Hyperbee.open(core);
      Hyperbee second = Hyperbee.open(core);
      first.put(b("k"), b("1"));
      AtomicInteger asked = new AtomicInteger();
      // the cas runs between the put's encoding and its append: the other bee appends there once
      boolean written = first.put(b("k"), b("2"), (prev, next) -> {
        if (asked.incrementAndGet() == 1) {
          second.put(b("other"), b("x"));
        }
        return true;
      });
      assertTrue(written);
      assertEquals(2, asked.get(), "asked again about the entry found at the new head");
      Hyperbee fresh = Hyperbee.open(core);
      assertArrayEquals(b("2"), fresh.get(b("k")).value());
      assertArrayEquals(b("x"), fresh.get(b("other")).value());
      assertEquals(4, core.length(), "header, k=1, other, k=2: the refused block was never appended");
    }
  }

  @Test
  void aPutThatLostTheRaceIsNotStarvedByABeeThatKeepsAppending() throws Exception {
    try (Hypercore core = newCore()) {
      Hyperbee mine = Hyperbee.open(core);
      Hyperbee other = Hyperbee.open(core);
      mine.put(b("a"), b("1"));
      ExecutorService pool = Executors.newSingleThreadExecutor();
      AtomicInteger asked = new AtomicInteger();
      List<Future<?>> appends = new ArrayList<>();
      try {
        // every time the cas is asked, the other bee appends from another thread (as a busy
        // writer would between this put's read and its append); the cas waits for that append,
        // at most 300 ms: once this put holds the core's appends, the other bee waits instead
        boolean written = mine.put(b("a"), b("2"), (prev, next) -> {
          int n = asked.incrementAndGet();
          Future<?> f = pool.submit(() -> other.put(b("other" + n), b("x")));
          appends.add(f);
          try {
            f.get(300, TimeUnit.MILLISECONDS);
          } catch (java.util.concurrent.TimeoutException held) {
            // blocked by this put holding the core's appends
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          return true;
        });
        assertTrue(written);
        assertEquals(2, asked.get(), "the second try cannot lose the race again");
        for (Future<?> f : appends) {
          f.get(10, TimeUnit.SECONDS); // the other bee's puts are written too, after this one
        }
      } finally {
        pool.shutdownNow();
      }
      Hyperbee fresh = Hyperbee.open(core);
      assertEquals("2", s(fresh.get(b("a")).value()));
      assertNotNull(fresh.get(b("other1")));
      assertNotNull(fresh.get(b("other2")));
    }
  }

  @Test
  void aBatchWhoseCoreAnotherBeeAppendedToIsRefusedWhole() {
    try (Hypercore core = newCore()) {
      Hyperbee first = Hyperbee.open(core);
      Hyperbee second = Hyperbee.open(core);
      first.put(b("k0"), b("0"));
      Batch batch = first.batch();
      batch.put(b("a"), b("1"));
      second.put(b("x"), b("2")); // between the batch's puts: its blocks now name the wrong seqs
      batch.put(b("b"), b("3"));
      long length = core.length();
      HyperbeeException e = assertThrows(HyperbeeException.class, batch::flush);
      assertEquals(ErrorCode.CORE_MOVED, e.code(), e.getMessage());
      assertEquals(length, core.length(), "nothing appended");
      Hyperbee fresh = Hyperbee.open(core);
      assertArrayEquals(b("0"), fresh.get(b("k0")).value());
      assertArrayEquals(b("2"), fresh.get(b("x")).value());
      assertEquals(null, fresh.get(b("a")));
      first.put(b("a"), b("again")); // the bee writes on from the new head
      assertArrayEquals(b("2"), Hyperbee.open(core).get(b("x")).value());
      assertArrayEquals(b("again"), Hyperbee.open(core).get(b("a")).value());
    }
  }

  @Test
  void aWriteOverADirectTruncateAndAppendIsRefused() {
    try (Hypercore core = newCore()) {
      Hyperbee bee = Hyperbee.open(core);
      for (int i = 0; i < 10; i++) {
        bee.put(b("k" + i), b("v" + i));
      }
      Batch batch = bee.batch();
      batch.put(b("late"), b("x"));
      // the core moves on under the open batch: same length, another fork
      long length = core.length();
      core.truncate(length - 2);
      Hyperbee.open(core).put(b("other"), b("y"));
      Hyperbee.open(core).put(b("another"), b("z"));
      HyperbeeException e = assertThrows(HyperbeeException.class, batch::flush);
      assertEquals(ErrorCode.CORE_MOVED, e.code(), e.getMessage());
      assertEquals(length, core.length(), "nothing appended");
    }
  }
}
