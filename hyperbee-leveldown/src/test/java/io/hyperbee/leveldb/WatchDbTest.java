package io.hyperbee.leveldb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.btree.DiffEntry;
import io.hyperbee.btree.Entry;
import io.hyperbee.btree.EntryWatcher;
import io.hyperbee.btree.Hyperbee;
import io.hyperbee.btree.KeyRange;
import io.hyperbee.btree.WatchOptions;
import io.hyperbee.btree.Watcher;
import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.iq80.leveldb.DBException;
import org.iq80.leveldb.WriteBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** HyperbeeDB's watch and getAndWatch extras. */
@Timeout(60)
class WatchDbTest extends ConformanceSupport {
  private static final long WAIT = 10;

  private HyperbeeDB open() throws IOException {
    return (HyperbeeDB) open(Peer.HYPERBEE);
  }

  @Test
  void aWatcherSeesPutsAndBatchesInItsRange() throws IOException {
    HyperbeeDB db = open();
    try (Watcher<Hyperbee> w = db.watch(KeyRange.all().gte(b("fruit/")).lt(b("fruit0")))) {
      db.put(b("veg/leek"), b("1"));
      try (WriteBatch batch = db.createWriteBatch()) {
        db.write(batch.put(b("fruit/apple"), b("3")).put(b("fruit/pear"), b("5")));
      }
      Watcher.Change<Hyperbee> c = w.poll(WAIT, TimeUnit.SECONDS);
      assertNotNull(c);
      try (var it = c.diff()) {
        DiffEntry first = it.next();
        assertArrayEquals(b("fruit/apple"), first.left().key());
        assertArrayEquals(b("fruit/pear"), it.next().left().key());
        assertFalse(it.hasNext());
      }
      assertEquals(db.version(), c.current().version());
    }
  }

  @Test
  void getAndWatchFollowsAKey() throws IOException {
    HyperbeeDB db = open();
    db.put(b("k"), b("1"));
    try (EntryWatcher<Entry> e = db.getAndWatch(b("k"))) {
      assertArrayEquals(b("1"), e.node().value());
      db.delete(b("k"));
      assertTrue(e.awaitUpdate(WAIT, TimeUnit.SECONDS));
      assertNull(e.node());
    }
  }

  @Test
  void checkoutsRefuseToBeWatched() throws IOException {
    HyperbeeDB db = open();
    db.put(b("k"), b("1"));
    HyperbeeDB old = db.checkout(db.version());
    assertThrows(DBException.class, () -> old.watch(KeyRange.all()));
    assertThrows(DBException.class, () -> old.getAndWatch(b("k")));
    old.close();
  }

  @Test
  void closingTheDbWhileACallbackReadsItDoesNotDeadlock() throws Exception {
    HyperbeeDB db = open();
    BlockingQueue<String> inCallback = new LinkedBlockingQueue<>();
    BlockingQueue<String> release = new LinkedBlockingQueue<>();
    Watcher<Hyperbee> w = db.watch(KeyRange.all(), WatchOptions.defaults().onchange(c -> {
      inCallback.add("in");
      try {
        release.poll(WAIT, TimeUnit.SECONDS);
        db.get(b("k")); // a read of the DB that close must not block forever
      } catch (InterruptedException | DBException e) {
        inCallback.add(e.toString());
      }
    }));
    db.put(b("k"), b("1"));
    assertEquals("in", inCallback.poll(WAIT, TimeUnit.SECONDS));
    Thread closer = new Thread(db::close);
    closer.start();
    release.add("go");
    closer.join(TimeUnit.SECONDS.toMillis(WAIT));
    assertFalse(closer.isAlive(), "close deadlocked with the watcher's callback");
    assertTrue(w.isClosed());
    assertNull(inCallback.poll(), "the callback's read failed");
  }
}
