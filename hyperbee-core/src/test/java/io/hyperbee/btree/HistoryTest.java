package io.hyperbee.btree;

import static io.hyperbee.btree.TestUtil.b;
import static io.hyperbee.btree.TestUtil.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Mirrors hyperbee's test/history.js, with the verified example of spec section 6. */
class HistoryTest {

  private static Hyperbee specExample() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    for (int i = 0; i < 20; i++) {
      db.put(b(String.format("k%02d", i)), b("v" + i));
    }
    db.put(b("k03"), b("again"));
    db.del(b("k07"));
    db.put(b("k50"), b("last"));
    return db;
  }

  private static List<String> history(Hyperbee db, HistoryRange r) {
    List<String> out = new ArrayList<>();
    db.history(r).forEachRemaining(h ->
        out.add(h.type().name().toLowerCase() + h.seq() + ":" + s(h.key())));
    return out;
  }

  @Test
  void boundsReverseAndLimitAsJs() {
    Hyperbee db = specExample();
    assertEquals(24, db.version());
    assertEquals(List.of("del22:k07", "put23:k50"), history(db, HistoryRange.all().gte(-2)));
    assertEquals(List.of("put20:k19", "put21:k03"),
        history(db, HistoryRange.all().gt(19).lt(22)));
    assertEquals(List.of("put23:k50", "del22:k07"),
        history(db, HistoryRange.all().reverse(true).limit(2)));
    assertEquals(List.of("put1:k00", "put2:k01", "put3:k02"), history(db, HistoryRange.all().lte(3)));
    assertEquals(List.of(), history(db, HistoryRange.all().lt(0)));
    assertEquals(23, history(db, HistoryRange.all()).size());
    assertEquals(List.of("put1:k00"), history(db, HistoryRange.all().gt(0).limit(1)));
    assertEquals(List.of("put22:k07".replace("put", "del")),
        history(db, HistoryRange.all().gt(-3).lte(-2)));
  }

  @Test
  void exactEntriesIncludeValues() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    db.put(b("a"), b("1"));
    db.put(b("b"), null);
    db.del(b("a"));
    List<HistoryEntry> all = TestUtil.collect(db.history(HistoryRange.all()));
    assertEquals(new HistoryEntry(HistoryEntry.Type.PUT, 1, b("a"), b("1")), all.get(0));
    assertEquals(new HistoryEntry(HistoryEntry.Type.PUT, 2, b("b"), null), all.get(1));
    assertEquals(new HistoryEntry(HistoryEntry.Type.DEL, 3, b("a"), null), all.get(2));
  }

  @Test
  void liveAndReverseTogetherAreRefused() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    assertThrows(IllegalArgumentException.class,
        () -> db.history(HistoryRange.all().live(true).reverse(true)));
  }

  @Test
  void liveHistoryReceivesNewAppendsAndStopsOnClose() throws Exception {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    db.put(b("a"), b("1"));
    BeeIterator<HistoryEntry> live = db.history(HistoryRange.all().live(true));
    assertEquals("a", s(live.next().key()));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<List<String>> reader = pool.submit(() -> {
        List<String> got = new ArrayList<>();
        while (got.size() < 3 && live.hasNext()) {
          got.add(s(live.next().key()));
        }
        return got;
      });
      db.put(b("b"), b("2"));
      Batch batch = db.batch();
      batch.put(b("c"), b("3"));
      batch.del(b("a"));
      batch.flush();
      assertEquals(List.of("b", "c", "a"), reader.get(10, TimeUnit.SECONDS));
      Future<Boolean> blocked = pool.submit(live::hasNext);
      Thread.sleep(50);
      assertFalse(blocked.isDone());
      live.close();
      assertFalse(blocked.get(10, TimeUnit.SECONDS));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void historyOnASubIsNotFilteredAndKeysAreShortenedByThePrefix() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    db.put(b("rootkey"), b("1"));
    Hyperbee sub = db.sub(b("ab"));
    sub.put(b("x"), b("2"));
    List<String> keys = new ArrayList<>();
    sub.history(HistoryRange.all()).forEachRemaining(h -> keys.add(s(h.key())));
    assertEquals(List.of("tkey", "x"), keys); // JS issue #32: not filtered, keys sliced
    assertTrue(db.history(HistoryRange.all().gte(-1)).hasNext());
  }
}
