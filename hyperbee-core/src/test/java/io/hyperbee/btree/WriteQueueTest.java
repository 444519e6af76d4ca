package io.hyperbee.btree;

import static io.hyperbee.btree.TestUtil.b;
import static io.hyperbee.btree.TestUtil.s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.crypto.KeyPair;
import io.hyperbee.log.CoreListener;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import io.hyperbee.storage.CoreStorage;
import io.hyperbee.storage.MemoryCoreStorage;
import io.hyperbee.storage.WholeLengths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer queue (issue 18): one-shot puts and dels that arrive while a write is in progress
 * are appended together, each its own block, byte for byte what the same writes done one after
 * the other in the same order write.
 */
class WriteQueueTest {
  private static final KeyPair KEYS = KeyPair.fromSeed(new byte[32]);
  private static final long TIMEOUT_SECONDS = 30;

  private final ExecutorService pool = Executors.newCachedThreadPool();
  @TempDir java.nio.file.Path dir;

  @AfterEach
  void stopThreads() throws InterruptedException {
    pool.shutdownNow();
    assertTrue(pool.awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS));
  }

  private static Hypercore newCore() {
    return newCore(new MemoryCoreStorage());
  }

  private static Hypercore newCore(CoreStorage storage) {
    return Hypercore.open(storage, HypercoreOptions.builder().keyPair(KEYS).build());
  }

  /** The lengths of the appends the core makes, in order. */
  private static List<Long> appendSizes(Hypercore core) {
    List<Long> sizes = Collections.synchronizedList(new ArrayList<>());
    core.addListener(new CoreListener() {
      @Override
      public void onAppend(long previousLength, long length, boolean remote) {
        sizes.add(length - previousLength);
      }
    });
    return sizes;
  }

  @Test
  void concurrentPutsAndDelsEqualTheSameWritesInSequence() throws Exception {
    int threads = 4;
    int perThread = 400;
    try (Hypercore core = newCore(); Hyperbee bee = Hyperbee.open(core)) {
      List<Long> appends = appendSizes(core);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          Random random = new Random(1000 + thread);
          for (int i = 0; i < perThread; i++) {
            String key = "t" + thread + "/" + random.nextInt(150); // overwrites and deletes of its own keys
            if (random.nextInt(5) == 0) {
              bee.del(b(key));
            } else {
              bee.put(b(key), b("v" + i));
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      }
      List<HistoryEntry> history = TestUtil.collect(bee.history(HistoryRange.all()));
      assertEquals(core.length() - 1, history.size(), "every block after the header is one put or del");
      assertEquals(core.length(), appends.stream().mapToLong(Long::longValue).sum());
      for (long v = 1; v <= core.length(); v++) {
        assertTrue(bee.isWholeVersion(v), "version " + v + " is whole");
      }
      for (long v = 2; v <= core.length(); v += 97) { // a sample: each version's checkout reads its own write
        HistoryEntry h = history.get((int) v - 2);
        try (Hyperbee at = bee.checkout(v)) {
          Entry e = at.get(h.key());
          if (h.type() == HistoryEntry.Type.PUT) {
            assertArrayEquals(h.value(), e.value());
          } else {
            assertNull(e);
          }
        }
      }
      assertSameAsSequential(core, history);
    }
  }

  /**
   * Eight writers under contention, each on its own keys (puts, dels, cas accepted and refused):
   * every write acknowledged as stored is read back after the core is reopened, each writer's
   * blocks appear in the order it wrote them, and the bytes are those of the same writes in
   * sequence.
   */
  @ParameterizedTest
  @ValueSource(ints = {4, 8})
  void acknowledgedWritesOfContendingWritersSurviveAReopenInTheirOrder(int threads) throws Exception {
    HypercoreOptions options = HypercoreOptions.builder().keyPair(KEYS).build();
    java.nio.file.Path where = dir.resolve("core" + threads);
    List<List<String[]>> stored = new ArrayList<>(); // per writer: [key, value or null] of each block it appended
    try (Hypercore core = Hypercore.open(where, options); Hyperbee bee = Hyperbee.open(core)) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        List<String[]> mine = new ArrayList<>();
        stored.add(mine);
        done.add(pool.submit(() -> {
          Random random = new Random(77 + thread);
          for (int i = 0; i < 300; i++) {
            String key = "w" + thread + "/" + random.nextInt(40);
            int kind = random.nextInt(10);
            boolean wrote;
            String value = kind < 7 ? "v" + i : null;
            if (kind < 5) {
              bee.put(b(key), b(value));
              wrote = true;
            } else if (kind < 7) { // cas: accepted unless the current value ends in 3
              wrote = bee.put(b(key), b(value), (prev, next) -> !s(prev.value()).endsWith("3"));
            } else {
              wrote = bee.del(b(key), null);
            }
            if (wrote) {
              mine.add(new String[] {key, value});
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      }
    }
    try (Hypercore core = Hypercore.open(where, options); Hyperbee bee = Hyperbee.open(core)) {
      List<HistoryEntry> history = TestUtil.collect(bee.history(HistoryRange.all()));
      assertEquals(stored.stream().mapToInt(List::size).sum(), history.size(), "one block per acknowledged write");
      for (int t = 0; t < threads; t++) {
        String prefix = "w" + t + "/";
        List<String> order = new ArrayList<>();
        for (HistoryEntry h : history) {
          if (s(h.key()).startsWith(prefix)) {
            order.add(s(h.key()) + "=" + (h.type() == HistoryEntry.Type.PUT ? s(h.value()) : null));
          }
        }
        List<String> written = new ArrayList<>();
        java.util.TreeMap<String, String> model = new java.util.TreeMap<>();
        for (String[] w : stored.get(t)) {
          written.add(w[0] + "=" + w[1]);
          model.put(w[0], w[1]);
        }
        assertEquals(written, order, "writer " + t + "'s blocks in the order it wrote them");
        for (var e : model.entrySet()) {
          Entry got = bee.get(b(e.getKey()));
          assertEquals(e.getValue(), got == null ? null : s(got.value()), e.getKey());
        }
      }
      for (long v = 1; v <= core.length(); v++) {
        assertTrue(bee.isWholeVersion(v), "version " + v + " is whole");
      }
      assertSameAsSequential(core, history);
    }
  }

  @Test
  void writesQueuedBehindAWriteInProgressAreOneAppend() throws Exception {
    try (Hypercore core = newCore(); Hyperbee bee = Hyperbee.open(core)) {
      bee.put(b("gate"), b("0"));
      List<Long> appends = appendSizes(core);
      CountDownLatch release = new CountDownLatch(1);
      Future<?> leader = pool.submit(() -> bee.put(b("gate"), b("1"), (prev, next) -> await(release)));
      waitFor(() -> bee.queuedWrites() == 1);
      List<Future<?>> followers = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        int n = i;
        followers.add(pool.submit(() -> n == 2 ? bee.del(b("gate"), null) : bee.put(b("k" + n), b("v" + n), null)));
        int queued = i + 2;
        waitFor(() -> bee.queuedWrites() == queued); // a known order: the one each test run checks
      }
      release.countDown();
      leader.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      for (Future<?> f : followers) {
        assertEquals(true, f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
      }
      assertEquals(List.of(1L, 5L), appends, "the leader's write alone, then the five queued behind it together");
      assertEquals(8, core.length());
      WholeLengths whole = core.wholeLengths();
      for (long v = 3; v <= 8; v++) {
        assertEquals(WholeLengths.Status.WHOLE, whole.status(v), "version " + v);
        assertTrue(bee.isWholeVersion(v));
      }
      try (Hyperbee at = bee.checkout(5)) { // inside the group: k0, k1 and the gate before its delete
        assertEquals("1", s(at.get(b("gate")).value()));
        assertEquals("v1", s(at.get(b("k1")).value()));
        assertNull(at.get(b("k3")));
      }
      assertNull(bee.get(b("gate")));
      assertEquals("v4", s(bee.get(b("k4")).value()));
      assertSameAsSequential(core, TestUtil.collect(bee.history(HistoryRange.all())));
    }
  }

  @Test
  void aWriteThatFailsInAGroupFailsAloneAndWritesNothing() throws Exception {
    try (Hypercore core = newCore(); Hyperbee bee = Hyperbee.open(core)) {
      bee.put(b("gate"), b("0"));
      CountDownLatch release = new CountDownLatch(1);
      Future<?> leader = pool.submit(() -> bee.put(b("gate"), b("1"), (prev, next) -> await(release)));
      waitFor(() -> bee.queuedWrites() == 1);
      Future<Boolean> before = pool.submit(() -> bee.put(b("a"), b("1"), null));
      waitFor(() -> bee.queuedWrites() == 2);
      Future<Boolean> failing = pool.submit(() -> bee.put(b("gate"), b("2"), (prev, next) -> {
        throw new IllegalStateException("cas refuses by throwing");
      }));
      waitFor(() -> bee.queuedWrites() == 3);
      Future<Boolean> refused = pool.submit(() -> bee.put(b("a"), b("2"), (prev, next) -> false));
      waitFor(() -> bee.queuedWrites() == 4);
      Future<Boolean> after = pool.submit(() -> bee.put(b("b"), b("1"), null));
      waitFor(() -> bee.queuedWrites() == 5);
      release.countDown();
      leader.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      assertTrue(before.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
      Exception e = assertThrows(Exception.class, () -> failing.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
      assertEquals("cas refuses by throwing", e.getCause().getMessage());
      assertFalse(refused.get(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the cas saw a=1 from the same group and refused");
      assertTrue(after.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
      assertEquals(5, core.length()); // header, gate=0, gate=1, a=1, b=1
      assertEquals("1", s(bee.get(b("gate")).value()));
      assertEquals("1", s(bee.get(b("a")).value()));
      assertSameAsSequential(core, TestUtil.collect(bee.history(HistoryRange.all())));
    }
  }

  @Test
  void aFailedGroupAppendFailsEveryWriteOfTheGroupAndStoresNone() throws Exception {
    FailingStorage storage = new FailingStorage();
    try (Hypercore core = newCore(storage); Hyperbee bee = Hyperbee.open(core)) {
      bee.put(b("gate"), b("0"));
      CountDownLatch release = new CountDownLatch(1);
      Future<?> leader = pool.submit(() -> bee.put(b("gate"), b("1"), (prev, next) -> await(release)));
      waitFor(() -> bee.queuedWrites() == 1);
      List<Future<Boolean>> group = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        int n = i;
        group.add(pool.submit(() -> bee.put(b("k" + n), b("v"), null)));
        int queued = i + 2;
        waitFor(() -> bee.queuedWrites() == queued);
      }
      storage.fails = batch -> batch.blocks().size() > 1; // the leader's own append of one block still commits
      release.countDown();
      leader.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      for (Future<Boolean> f : group) {
        Exception e = assertThrows(Exception.class, () -> f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        HyperbeeException cause = (HyperbeeException) e.getCause();
        assertEquals(ErrorCode.IO_ERROR, cause.code());
      }
      assertEquals(3, core.length(), "header, gate=0, gate=1: nothing of the failed group");
    }
  }

  /**
   * While a writer of one group appends it (held in its storage commit here), the leader encodes
   * the next group on top of its blocks: a cas of that next group sees the first group's value
   * before the core has it. Appends stay in order; when the first group's append fails, the next
   * group, encoded on top of it, fails too and nothing of either is stored.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void theNextGroupIsEncodedWhileTheGroupBeforeItAppends(boolean firstAppendFails) throws Exception {
    FailingStorage storage = new FailingStorage();
    try (Hypercore core = newCore(storage); Hyperbee bee = Hyperbee.open(core)) {
      bee.put(b("gate"), b("0"));
      List<Long> appends = appendSizes(core);
      CountDownLatch leaderGoes = new CountDownLatch(1);
      CountDownLatch secondWriteGoes = new CountDownLatch(1);
      CountDownLatch secondWriteRuns = new CountDownLatch(1);
      CountDownLatch appending = new CountDownLatch(1);
      CountDownLatch appendGoes = new CountDownLatch(1);
      CountDownLatch casRan = new CountDownLatch(1);
      List<String> casSaw = Collections.synchronizedList(new ArrayList<>());
      Future<?> leader = pool.submit(() -> bee.put(b("gate"), b("1"), (prev, next) -> await(leaderGoes)));
      waitFor(() -> bee.queuedWrites() == 1);
      Future<Boolean> first = pool.submit(() -> bee.put(b("k1"), b("v1"), null));
      waitFor(() -> bee.queuedWrites() == 2);
      Future<Boolean> second = pool.submit(() -> bee.put(b("gate"), b("2"), (prev, next) -> {
        secondWriteRuns.countDown();
        return await(secondWriteGoes);
      }));
      waitFor(() -> bee.queuedWrites() == 3);
      leaderGoes.countDown(); // the leader appends its write, then encodes [first, second] and waits in second's cas
      assertTrue(secondWriteRuns.await(TIMEOUT_SECONDS, TimeUnit.SECONDS));
      Future<Boolean> third = pool.submit(() -> bee.put(b("k1"), b("x"), (prev, next) -> {
        casSaw.add(s(prev.value()) + " at length " + core.length());
        casRan.countDown();
        return true;
      }));
      waitFor(() -> bee.queuedWrites() == 3);
      Future<Boolean> fourth = pool.submit(() -> bee.put(b("k4"), b("v4"), null));
      waitFor(() -> bee.queuedWrites() == 4);
      storage.fails = batch -> {
        if (batch.blocks().size() == 2 && appending.getCount() > 0) { // the first group's append only
          appending.countDown();
          await(appendGoes);
          return firstAppendFails;
        }
        return false;
      };
      secondWriteGoes.countDown();
      assertTrue(appending.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "a writer of the group appends it");
      assertTrue(casRan.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the next group is encoded meanwhile");
      assertEquals(List.of("v1 at length 3"), casSaw, "the cas saw the first group's block before the core had it");
      appendGoes.countDown();
      leader.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (firstAppendFails) {
        for (Future<Boolean> f : List.of(first, second, third, fourth)) {
          Exception e = assertThrows(Exception.class, () -> f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
          assertEquals(ErrorCode.IO_ERROR, ((HyperbeeException) e.getCause()).code());
        }
        assertEquals(3, core.length(), "header, gate=0, gate=1: nothing of the two groups");
        assertEquals(List.of(1L), appends);
        assertNull(bee.get(b("k1")));
        assertNull(bee.get(b("k4")));
        assertEquals("1", s(bee.get(b("gate")).value()));
      } else {
        for (Future<Boolean> f : List.of(first, second, third, fourth)) {
          assertTrue(f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        }
        assertEquals(List.of(1L, 2L, 2L), appends, "the leader's write, then each group in order");
        assertEquals("x", s(bee.get(b("k1")).value()));
        assertEquals("2", s(bee.get(b("gate")).value()));
        assertSameAsSequential(core, TestUtil.collect(bee.history(HistoryRange.all())));
      }
    }
    try (Hypercore core = newCore(storage); Hyperbee bee = Hyperbee.open(core)) { // a failed commit wants a reopen
      assertTrue(bee.put(b("k1"), b("y"), null));
      assertEquals("y", s(bee.get(b("k1")).value()));
      assertSameAsSequential(core, TestUtil.collect(bee.history(HistoryRange.all())));
    }
  }

  /** Replays {@code history} one put or del at a time on a new core and compares every block. */
  private static void assertSameAsSequential(Hypercore core, List<HistoryEntry> history) {
    try (Hypercore sequential = newCore(); Hyperbee bee = Hyperbee.open(sequential)) {
      for (HistoryEntry h : history) {
        if (h.type() == HistoryEntry.Type.PUT) {
          bee.put(h.key(), h.value());
        } else {
          bee.del(h.key());
        }
      }
      assertEquals(core.length(), sequential.length());
      for (long i = 0; i < core.length(); i++) {
        assertArrayEquals(sequential.get(i), core.get(i), "block " + i);
      }
      assertArrayEquals(sequential.treeHash(), core.treeHash());
      assertArrayEquals(sequential.signature(), core.signature());
    }
  }

  private static boolean await(CountDownLatch latch) {
    try {
      if (!latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never released the leader");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return true;
  }

  /** Waits, bounded, until {@code condition} holds (threads reaching the queue). */
  private static void waitFor(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached in " + TIMEOUT_SECONDS + " s");
      }
      Thread.sleep(1);
    }
  }
}
