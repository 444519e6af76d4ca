package io.hyperbee.btree;

import static io.hyperbee.btree.TestUtil.b;
import static io.hyperbee.btree.TestUtil.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Watchers beside concurrent writers, and closes racing deliveries: nothing missed or doubled. */
@Timeout(120)
class WatchConcurrencyTest {
  private static final long WAIT = 20; // seconds, the bound of every wait
  private static final KeyRange RANGE = KeyRange.all().gte(b("k10")).lt(b("k30"));

  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stopPool() throws InterruptedException {
    pool.shutdownNow();
    assertTrue(pool.awaitTermination(WAIT, TimeUnit.SECONDS));
    assertEquals(List.of(), WatchTest.watchThreads(), "watcher threads left running");
  }

  /** The range as "key=value@seq" lines: equal exactly when a diff would find nothing. */
  private static List<String> content(Hyperbee snapshot) {
    List<String> out = new ArrayList<>();
    try (BeeIterator<Entry> it = snapshot.range(RANGE)) {
      it.forEachRemaining(e -> out.add(s(e.key()) + "=" + s(e.value()) + "@" + e.seq()));
    }
    return out;
  }

  /**
   * Reads a delivered snapshot, which a close from another thread (of the watcher, or of the bee:
   * {@code beeClosing}) may close under the reader.
   */
  private static void read(Watcher<Hyperbee> w, Hyperbee snapshot, AtomicBoolean beeClosing) {
    try {
      content(snapshot);
    } catch (io.hyperbee.HyperbeeException e) {
      assertEquals(io.hyperbee.ErrorCode.CLOSED, e.code());
      assertTrue(w.isClosed() || beeClosing.get(), "a snapshot closed while its watcher and bee were open");
    }
  }

  private record Seen(long previousVersion, List<String> previous, long currentVersion, List<String> current) {}

  private static void write(Hyperbee db, int writer, int ops) {
    Random random = new Random(1000 + writer);
    for (int i = 0; i < ops; i++) {
      byte[] key = b(String.format("k%02d", random.nextInt(50)));
      int kind = random.nextInt(10);
      if (kind == 0) {
        db.del(key);
      } else if (kind == 1) {
        try (Batch batch = db.batch()) {
          batch.put(key, b("w" + writer + "b" + i));
          batch.put(b(String.format("k%02d", random.nextInt(50))), b("w" + writer + "b" + i));
          batch.flush();
        }
      } else {
        db.put(key, b("w" + writer + "#" + i));
      }
    }
  }

  @Test
  void concurrentWritersEveryChangeOnceInOrder() throws Exception {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    db.put(b("k15"), b("start"));
    List<String> initial = content(db.snapshot());
    Watcher<Hyperbee> w = db.watch(RANGE);
    Future<List<Seen>> consumer = pool.submit(() -> {
      List<Seen> seen = new ArrayList<>();
      while (true) {
        Watcher.Change<Hyperbee> c = w.poll(WAIT, TimeUnit.SECONDS);
        assertNotNull(c, "no change within " + WAIT + " s after " + seen.size());
        Seen x = new Seen(c.previous().version(), content(c.previous()), c.current().version(), content(c.current()));
        seen.add(x);
        if (x.current().contains("k29=end@" + (c.current().version() - 1))) {
          return seen;
        }
      }
    });
    List<Future<?>> writers = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      int writer = t;
      writers.add(pool.submit(() -> write(db, writer, 300)));
    }
    for (Future<?> f : writers) {
      f.get(WAIT, TimeUnit.SECONDS);
    }
    db.put(b("k29"), b("end"));
    List<String> last = content(db.snapshot());
    List<Seen> seen = consumer.get(WAIT, TimeUnit.SECONDS);
    w.close();

    // how many versions coalesce into one change depends on scheduling: only continuity is asserted
    assertFalse(seen.isEmpty(), "no change seen");
    assertEquals(initial, seen.get(0).previous());
    for (int i = 0; i < seen.size(); i++) {
      Seen x = seen.get(i);
      assertNotEquals(x.previous(), x.current(), "change " + i + " changed nothing in the range");
      assertTrue(x.currentVersion() > x.previousVersion());
      if (i > 0) {
        Seen before = seen.get(i - 1);
        assertEquals(before.current(), x.previous(), "change " + i + " does not continue change " + (i - 1));
        assertTrue(x.currentVersion() > before.currentVersion());
      }
    }
    assertEquals(last, seen.get(seen.size() - 1).current());
  }

  @Test
  void closingRacesDeliveryAndWritesWithoutErrorsOrLeftoverThreads() throws Exception {
    for (int round = 0; round < 40; round++) {
      Hyperbee db = Hyperbee.open(new MemoryLog());
      AtomicBoolean beeClosing = new AtomicBoolean();
      AtomicInteger delivered = new AtomicInteger();
      Watcher<Hyperbee>[] self = new Watcher[1];
      Watcher<Hyperbee> callback = db.watch(RANGE, WatchOptions.defaults().onchange(c -> {
        read(self[0], c.current(), beeClosing);
        delivered.incrementAndGet();
      }));
      self[0] = callback;
      Watcher<Hyperbee> iterated = db.watch(RANGE);
      EntryWatcher<Entry> entry = db.getAndWatch(b("k20"));
      Future<Integer> reader = pool.submit(() -> {
        int n = 0;
        Watcher.Change<Hyperbee> c;
        while ((c = iterated.poll(WAIT, TimeUnit.SECONDS)) != null) { // hasNext/next would race the close
          read(iterated, c.current(), beeClosing);
          n++;
        }
        assertTrue(iterated.isClosed(), "poll timed out instead of ending on close");
        return n;
      });
      Future<Integer> updates = pool.submit(() -> {
        int n = 0;
        while (entry.awaitUpdate(WAIT, TimeUnit.SECONDS)) {
          n++;
        }
        assertTrue(entry.isClosed(), "awaitUpdate timed out instead of ending on close");
        return n;
      });
      CountDownLatch started = new CountDownLatch(1);
      int seed = round;
      Future<?> writer = pool.submit(() -> {
        started.countDown();
        try {
          write(db, seed, 200);
        } catch (io.hyperbee.HyperbeeException e) { // the bee closed under the writer
          assertEquals(io.hyperbee.ErrorCode.CLOSED, e.code());
        }
      });
      assertTrue(started.await(WAIT, TimeUnit.SECONDS));
      Thread.sleep(round % 5); // vary where in the writes the closes land
      Future<?> closeWatchers = pool.submit(() -> {
        callback.close();
        iterated.close();
      });
      if (round % 2 == 0) {
        beeClosing.set(true);
        db.close(); // races the watchers' own close
      }
      closeWatchers.get(WAIT, TimeUnit.SECONDS);
      entry.close();
      writer.get(WAIT, TimeUnit.SECONDS);
      reader.get(WAIT, TimeUnit.SECONDS);
      updates.get(WAIT, TimeUnit.SECONDS);
      assertTrue(callback.isClosed() && iterated.isClosed());
      assertFalse(iterated.hasNext());
      int afterClose = delivered.get();
      if (round % 2 != 0) {
        db.put(b("k20"), b("after close"));
      }
      assertEquals(afterClose, delivered.get(), "a closed watcher delivered");
      assertEquals(List.of(), WatchTest.watchThreads());
      db.close();
    }
  }
}
