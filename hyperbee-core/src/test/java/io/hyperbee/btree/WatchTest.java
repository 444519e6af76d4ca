package io.hyperbee.btree;

import static io.hyperbee.btree.TestUtil.b;
import static io.hyperbee.btree.TestUtil.collect;
import static io.hyperbee.btree.TestUtil.kv;
import static io.hyperbee.btree.TestUtil.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.crypto.KeyPair;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import io.hyperbee.merkle.ProofRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Hyperbee#watch} and {@link Hyperbee#getAndWatch}, after JS hyperbee's test/watch.js. */
@Timeout(60)
class WatchTest {
  private static final long WAIT = 10; // seconds: bound of every wait for something that must come
  private static final long QUIET = 50; // millis: wait for something that must never come

  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stopPool() throws InterruptedException {
    pool.shutdownNow();
    assertTrue(pool.awaitTermination(WAIT, TimeUnit.SECONDS));
    assertEquals(List.of(), watchThreads(), "watcher threads left running");
  }

  static List<String> watchThreads() {
    List<String> names = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("hyperbee-watch-") && t.isAlive()) {
        names.add(t.getName());
      }
    }
    return names;
  }

  private static Watcher.Change<Hyperbee> change(Watcher<Hyperbee> w) {
    Watcher.Change<Hyperbee> c = w.poll(WAIT, TimeUnit.SECONDS);
    assertNotNull(c, "no change within " + WAIT + " s");
    return c;
  }

  private static List<String> diff(Watcher.Change<?> c) {
    List<String> out = new ArrayList<>();
    try (BeeIterator<DiffEntry> it = c.diff()) {
      it.forEachRemaining(d -> out.add(
          (d.left() == null ? "-" : s(d.left().key()) + "=" + s(d.left().value())) + " was "
              + (d.right() == null ? "-" : s(d.right().key()) + "=" + s(d.right().value()))));
    }
    return out;
  }

  @Test
  void aWriteInTheRangeIsAChangeWithBothSnapshots() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    db.put(b("a"), b("1"));
    try (Watcher<Hyperbee> w = db.watch(KeyRange.all())) {
      db.put(b("a"), b("2"));
      Watcher.Change<Hyperbee> c = change(w);
      assertEquals("2", s(c.current().get(b("a")).value()));
      assertEquals("1", s(c.previous().get(b("a")).value()));
      assertEquals(3, c.current().version());
      assertEquals(2, c.previous().version());
      assertSame(c.current(), c.currentSnapshot());
      assertEquals(List.of("a=2 was a=1"), diff(c));
    }
  }

  @Test
  void writesOutsideTheRangeAreNotChangesAndAreSkipped() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    try (Watcher<Hyperbee> w = db.watch(KeyRange.all().gte(b("b")).lt(b("c")))) {
      db.put(b("a"), b("1"));
      db.put(b("c"), b("1"));
      assertNull(w.poll(QUIET, TimeUnit.MILLISECONDS));
      db.put(b("b1"), b("x"));
      db.put(b("d"), b("1"));
      Watcher.Change<Hyperbee> c = change(w);
      assertEquals(List.of("b1=x was -"), diff(c));
      assertTrue(c.current().version() >= 5);
      assertNull(w.poll(QUIET, TimeUnit.MILLISECONDS));
    }
  }

  @Test
  void iterationBlocksUntilAChangeAndEndsOnClose() throws Exception {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    Watcher<Hyperbee> w = db.watch(KeyRange.all());
    Future<List<String>> reader = pool.submit(() -> {
      List<String> got = new ArrayList<>();
      while (w.hasNext()) {
        got.addAll(diff(w.next()));
      }
      return got;
    });
    db.put(b("a"), b("1"));
    w.close(); // before or after the reader saw the put: either way it ends

    List<String> got = reader.get(WAIT, TimeUnit.SECONDS);
    assertTrue(got.equals(List.of()) || got.equals(List.of("a=1 was -")), got.toString());
    assertFalse(w.hasNext());
    assertNull(w.poll(0, TimeUnit.SECONDS));
    assertTrue(w.isClosed());
  }

  @Test
  void aSubWatchesItsOwnKeys() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    Hyperbee sub = db.sub(b("users"));
    try (Watcher<Hyperbee> w = sub.watch(KeyRange.all())) {
      db.put(b("zzz"), b("outside"));
      db.sub(b("other")).put(b("bob"), b("1"));
      assertNull(w.poll(QUIET, TimeUnit.MILLISECONDS));
      sub.put(b("alice"), b("admin"));
      Watcher.Change<Hyperbee> c = change(w);
      assertEquals(List.of("alice=admin was -"), diff(c));
      assertEquals(List.of("alice=admin"), kv(c.current().range(KeyRange.all())));
      assertTrue(c.current().isCheckout());
    }
  }

  @Test
  void checkoutsAndSnapshotsRefuseToBeWatched() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    db.put(b("a"), b("1"));
    for (Hyperbee view : List.of(db.checkout(1), db.snapshot(), db.sub(b("s")).snapshot())) {
      HyperbeeException e = assertThrows(HyperbeeException.class, () -> view.watch(KeyRange.all()));
      assertEquals(ErrorCode.INVALID_OPERATION, e.code());
      assertTrue(e.getMessage().contains("checkout"), e.getMessage());
      assertThrows(HyperbeeException.class, () -> view.getAndWatch(b("a")));
    }
  }

  @Test
  void eagerStartsFromVersionOne() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    db.put(b("a"), b("1"));
    db.put(b("b"), b("2"));
    try (Watcher<Hyperbee> w = db.watch(KeyRange.all(), WatchOptions.defaults().eager(true))) {
      Watcher.Change<Hyperbee> c = change(w);
      assertEquals(List.of("a=1 was -", "b=2 was -"), diff(c));
      assertEquals(1, c.previous().version());
      assertEquals(3, c.current().version());
    }
  }

  @Test
  void eagerOnAnEmptyRangeWaitsForAWrite() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    try (Watcher<Hyperbee> w = db.watch(KeyRange.all(), WatchOptions.defaults().eager(true))) {
      assertNull(w.poll(QUIET, TimeUnit.MILLISECONDS));
      db.put(b("a"), b("1"));
      assertEquals(List.of("a=1 was -"), diff(change(w)));
    }
  }

  /** A mapped value that records being closed. */
  static final class Mapped implements AutoCloseable {
    final long version;
    volatile boolean closed;

    Mapped(Hyperbee snapshot) {
      this.version = snapshot.version();
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void mappedValuesAreClosedWhenTheWatcherMovesOnAndOnClose() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    Watcher<Mapped> w = db.watch(KeyRange.all(), WatchOptions.defaults().map(Mapped::new));
    db.put(b("a"), b("1"));
    Watcher.Change<Mapped> first = w.poll(WAIT, TimeUnit.SECONDS);
    assertEquals(2, first.current().version);
    assertEquals(1, first.previous().version);
    assertFalse(first.current().closed);
    db.put(b("a"), b("2"));
    Watcher.Change<Mapped> second = w.poll(WAIT, TimeUnit.SECONDS);
    assertTrue(first.current().closed && first.previous().closed);
    assertThrows(HyperbeeException.class, () -> first.previousSnapshot().get(b("a")));
    assertEquals("1", s(second.previousSnapshot().get(b("a")).value()));
    w.close();
    assertTrue(second.current().closed && second.previous().closed);
    assertThrows(HyperbeeException.class, () -> second.currentSnapshot().get(b("a")));
  }

  @Test
  void aDifferDecidesWhatIsAChange() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    // only deletions count
    WatchOptions.Differ deletions = (current, previous, range) -> {
      List<DiffEntry> dels = new ArrayList<>();
      try (BeeIterator<DiffEntry> it = current.diff(previous, range)) {
        it.forEachRemaining(d -> {
          if (d.left() == null) {
            dels.add(d);
          }
        });
      }
      Iterable<DiffEntry> list = dels;
      var it = list.iterator();
      return new BeeIterator<DiffEntry>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public DiffEntry next() {
          return it.next();
        }

        @Override
        public void close() {}
      };
    };
    try (Watcher<Hyperbee> w = db.watch(KeyRange.all(), WatchOptions.defaults().differ(deletions))) {
      db.put(b("a"), b("1"));
      db.put(b("b"), b("1"));
      assertNull(w.poll(QUIET, TimeUnit.MILLISECONDS));
      db.del(b("a"));
      Watcher.Change<Hyperbee> c = change(w);
      assertEquals(List.of("- was a=1"), diff(c));
    }
  }

  @Test
  void onchangeRunsOnTheWatchersThreadAndCloseJoinsIt() throws Exception {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    Watcher<Hyperbee> w = db.watch(KeyRange.all(), WatchOptions.defaults().onchange(c -> {
      List<String> d = diff(c);
      seen.add(Thread.currentThread().getName() + " " + d);
      if (d.contains("boom=1 was -")) {
        throw new IllegalStateException("callback bug: reported, the watch goes on");
      }
    }));
    assertThrows(IllegalStateException.class, w::hasNext);
    assertThrows(IllegalStateException.class, () -> w.poll(1, TimeUnit.SECONDS));
    assertEquals(1, watchThreads().size());
    db.put(b("boom"), b("1"));
    assertTrue(seen.poll(WAIT, TimeUnit.SECONDS).endsWith("[boom=1 was -]"));
    db.put(b("a"), b("1"));
    String second = seen.poll(WAIT, TimeUnit.SECONDS);
    assertTrue(second.startsWith("hyperbee-watch-") && second.endsWith("[a=1 was -]"), second);
    w.close();
    assertEquals(List.of(), watchThreads());
  }

  @Test
  void aCallbackMayCloseItsWatcherAndTheBee() throws Exception {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    AtomicInteger calls = new AtomicInteger();
    BlockingQueue<Thread> callbackThread = new LinkedBlockingQueue<>();
    Watcher<Hyperbee> w = db.watch(KeyRange.all(), WatchOptions.defaults().onchange(c -> {
      calls.incrementAndGet();
      callbackThread.add(Thread.currentThread());
      db.close(); // closes the watcher from its own thread: no self-join
    }));
    db.put(b("a"), b("1"));
    Thread t = callbackThread.poll(WAIT, TimeUnit.SECONDS);
    t.join(TimeUnit.SECONDS.toMillis(WAIT)); // it ends once the callback returns
    assertFalse(t.isAlive());
    assertTrue(w.isClosed());
    assertEquals(1, calls.get());
  }

  @Test
  void closingTheBeeClosesItsWatchersAndEndsTheirIteration() throws Exception {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    Watcher<Hyperbee> w = db.watch(KeyRange.all());
    EntryWatcher<Entry> e = db.getAndWatch(b("k"));
    Future<Boolean> blocked = pool.submit(w::hasNext);
    Future<Boolean> update = pool.submit(() -> e.awaitUpdate(1, TimeUnit.DAYS));
    db.close();
    assertFalse(blocked.get(WAIT, TimeUnit.SECONDS));
    assertFalse(update.get(WAIT, TimeUnit.SECONDS));
    assertTrue(w.isClosed() && e.isClosed());
    assertThrows(HyperbeeException.class, () -> db.watch(KeyRange.all()));
  }

  @Test
  void aTruncationIsAChangeEvenWhereTheRangeLooksTheSame() {
    try (Hypercore core = Hypercore.inMemory(
        HypercoreOptions.builder().keyPair(KeyPair.fromSeed(new byte[32])).sync(false).build())) {
      Hyperbee db = Hyperbee.open(core);
      db.put(b("a"), b("1"));
      db.put(b("z"), b("1"));
      try (Watcher<Hyperbee> w = db.watch(KeyRange.all().lt(b("m")))) {
        core.truncate(2); // drops z, outside the range
        Watcher.Change<Hyperbee> c = change(w);
        assertEquals(2, c.current().version());
        assertEquals(3, c.previous().version());
        assertEquals(List.of("a=1"), kv(c.current().range(KeyRange.all())));
        db.put(b("b"), b("2"));
        assertEquals(List.of("b=2 was -"), diff(change(w)));
      }
    }
  }

  @Test
  void aReplicaWatcherFiresOnVerifiedRemoteAppends() {
    try (Hypercore origin = Hypercore.inMemory(
            HypercoreOptions.builder().keyPair(KeyPair.fromSeed(new byte[32])).sync(false).build());
        Hypercore replica = Hypercore.inMemory(HypercoreOptions.builder()
            .key(origin.key())
            .blockSource(origin::proof)
            .build())) {
      Hyperbee writer = Hyperbee.open(origin);
      writer.put(b("a"), b("1"));
      ProofRequest first = ProofRequest.upgrade(0, 0, origin.length()).withManifest(true);
      replica.applyProof(origin.proof(first), first);
      Hyperbee bee = Hyperbee.open(replica);
      try (Watcher<Hyperbee> w = bee.watch(KeyRange.all());
          EntryWatcher<Entry> entry = bee.getAndWatch(b("b"))) {
        assertNull(entry.node());
        writer.put(b("b"), b("2"));
        assertNull(w.poll(QUIET, TimeUnit.MILLISECONDS)); // the replica has not heard of it
        ProofRequest upgrade = ProofRequest.upgrade(0, replica.length(), origin.length() - replica.length());
        replica.applyProof(origin.proof(upgrade), upgrade);
        assertEquals(List.of("b=2 was -"), diff(change(w)));
        assertTrue(entry.awaitUpdate(WAIT, TimeUnit.SECONDS));
        assertEquals("2", s(entry.node().value()));
      }
    }
  }

  @Test
  void getAndWatchFollowsOneKey() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    db.put(b("k"), b("1"));
    try (EntryWatcher<Entry> e = db.getAndWatch(b("k"))) {
      assertEquals("1", s(e.node().value()));
      db.put(b("j"), b("x"));
      db.put(b("l"), b("x"));
      assertFalse(e.awaitUpdate(QUIET, TimeUnit.MILLISECONDS));
      db.put(b("k"), b("1")); // same value, new seq: an update (JS compares seqs)
      assertTrue(e.awaitUpdate(WAIT, TimeUnit.SECONDS));
      assertEquals(4, e.node().seq());
      db.del(b("k"));
      assertTrue(e.awaitUpdate(WAIT, TimeUnit.SECONDS));
      assertNull(e.node());
    }
  }

  @Test
  void getAndWatchOnASubWithACallback() throws Exception {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    Hyperbee sub = db.sub(b("cfg"));
    BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    try (EntryWatcher<Entry> e = sub.getAndWatch(b("k"), n -> seen.add(n == null ? "absent" : s(n.value())))) {
      assertNull(e.node());
      db.put(b("k"), b("not the sub's"));
      sub.put(b("k"), b("v1"));
      assertEquals("v1", seen.poll(WAIT, TimeUnit.SECONDS));
      assertEquals("k", s(e.node().key()));
      sub.del(b("k"));
      assertEquals("absent", seen.poll(WAIT, TimeUnit.SECONDS));
      assertThrows(IllegalStateException.class, () -> e.awaitUpdate(1, TimeUnit.SECONDS));
    }
  }
}
