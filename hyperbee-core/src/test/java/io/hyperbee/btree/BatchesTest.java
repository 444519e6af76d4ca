package io.hyperbee.btree;

import static io.hyperbee.btree.TestUtil.b;
import static io.hyperbee.btree.TestUtil.kv;
import static io.hyperbee.btree.TestUtil.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Mirrors hyperbee's test/batches.js. */
class BatchesTest {

  @Test
  void flushAppendsAllBlocksInOneAppendWithConsecutiveSeqs() {
    MemoryLog log = new MemoryLog();
    Hyperbee db = Hyperbee.open(log);
    Batch batch = db.batch();
    batch.put(b("a"), b("1"));
    batch.put(b("b"), b("2"));
    batch.put(b("c"), b("3"));
    assertEquals(1, log.appendCalls.get()); // only the header so far
    batch.flush();
    assertEquals(2, log.appendCalls.get());
    assertEquals(4, log.length());
    assertEquals(List.of(1L, 2L, 3L),
        TestUtil.collect(db.range(KeyRange.all())).stream().map(Entry::seq).toList());
  }

  @Test
  void readsInsideABatchSeePendingWritesTheBeeDoesNot() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    db.put(b("a"), b("committed"));
    Batch batch = db.batch();
    batch.put(b("b"), b("pending"));
    batch.put(b("a"), b("overwritten"));
    assertEquals("pending", s(batch.get(b("b")).value()));
    assertEquals("overwritten", s(batch.get(b("a")).value()));
    assertEquals(3, batch.get(b("a")).seq());
    assertNull(db.get(b("b")));
    assertEquals("committed", s(db.get(b("a")).value()));
    assertEquals(List.of("a=overwritten", "b=pending"), kv(batch.range(KeyRange.all())));
    assertEquals("b", s(batch.peek(KeyRange.all().reverse(true)).key()));
    assertEquals(4, batch.version());
    assertEquals(2, db.version());
    batch.del(b("a"));
    assertNull(batch.get(b("a")));
    batch.flush();
    assertNull(db.get(b("a")));
    assertEquals("pending", s(db.get(b("b")).value()));
  }

  @Test
  void closeDiscardsPendingWritesAndReleasesTheLock() {
    MemoryLog log = new MemoryLog();
    Hyperbee db = Hyperbee.open(log);
    Batch batch = db.batch();
    batch.put(b("a"), b("1"));
    batch.close();
    assertEquals(1, log.length()); // the header only
    db.put(b("b"), b("2")); // would block if the lock were still held
    assertNull(db.get(b("a")));
    assertEquals(ErrorCode.CLOSED,
        assertThrows(HyperbeeException.class, () -> batch.put(b("c"), b("3"))).code());
  }

  @Test
  void emptyFlushReleasesTheLock() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    Batch batch = db.batch();
    batch.lock();
    batch.flush();
    db.put(b("a"), b("1"));
    assertEquals("1", s(db.get(b("a")).value()));
  }

  @Test
  void parallelBatchesAreSerialisedByTheLock() throws Exception {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    CountDownLatch firstHasLock = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> first = pool.submit(() -> {
        Batch batch = db.batch();
        batch.put(b("a"), b("1"));
        batch.put(b("b"), b("1"));
        firstHasLock.countDown();
        await(release);
        batch.put(b("c"), b("1"));
        batch.flush();
      });
      firstHasLock.await(10, TimeUnit.SECONDS);
      Future<?> second = pool.submit(() -> {
        Batch batch = db.batch();
        batch.put(b("d"), b("2"));
        batch.put(b("e"), b("2"));
        batch.flush();
      });
      Thread.sleep(50);
      assertEquals(1, db.version()); // only the header: the first batch has not flushed
      release.countDown();
      first.get(10, TimeUnit.SECONDS);
      second.get(10, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    // the first batch got seqs 1-3, the second 4-5: never interleaved
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L),
        TestUtil.collect(db.range(KeyRange.all())).stream().map(Entry::seq).toList());
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void hundredPutsInOneBatch() {
    MemoryLog log = new MemoryLog();
    Hyperbee db = Hyperbee.open(log);
    Batch batch = db.batch();
    for (int i = 0; i < 100; i++) {
      batch.put(b(String.format("%03d", i)), b("v" + i));
    }
    batch.flush();
    assertEquals(101, log.length());
    List<Entry> all = TestUtil.collect(db.range(KeyRange.all()));
    assertEquals(100, all.size());
    for (int i = 0; i < 100; i++) {
      assertEquals("v" + i, s(all.get(i).value()));
    }
  }

  @Test
  void closingTheBeeClosesOpenBatches() {
    MemoryLog log = new MemoryLog();
    Hyperbee db = Hyperbee.open(log);
    Batch batch = db.batch();
    batch.put(b("a"), b("1"));
    db.close();
    assertEquals(ErrorCode.CLOSED,
        assertThrows(HyperbeeException.class, batch::flush).code());
    assertEquals(1, log.length());
  }

  @Test
  void secondWritingBatchOnTheSameThreadIsRefusedInsteadOfDeadlocking() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    Batch first = db.batch();
    first.put(b("a"), b("1"));
    Batch second = db.batch();
    assertEquals(ErrorCode.INVALID_OPERATION,
        assertThrows(HyperbeeException.class, () -> second.put(b("b"), b("2"))).code());
    assertEquals(ErrorCode.INVALID_OPERATION,
        assertThrows(HyperbeeException.class, () -> db.put(b("b"), b("2"))).code());
    first.flush();
    second.put(b("b"), b("2"));
    second.flush();
    assertEquals(List.of("a=1", "b=2"), kv(db.range(KeyRange.all())));
  }

  @Test
  void batchOnASubWritesPrefixedKeys() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    Hyperbee sub = db.sub(b("s"));
    Batch batch = sub.batch();
    batch.put(b("a"), b("1"));
    assertEquals("a", s(batch.get(b("a")).key()));
    batch.flush();
    assertEquals("s\0a", s(db.get(b("s\0a")).key()));
  }

  @Test
  void readAfterWriteAcrossManyBatches() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    List<String> expected = new ArrayList<>();
    for (int round = 0; round < 20; round++) {
      Batch batch = db.batch();
      for (int i = 0; i < 7; i++) {
        String k = String.format("%03d", round * 7 + i);
        batch.put(b(k), b(k));
        assertEquals(k, s(batch.get(b(k)).value()));
        expected.add(k + "=" + k);
      }
      batch.flush();
    }
    assertEquals(expected, kv(db.range(KeyRange.all())));
    assertTrue(db.version() > 140);
  }
}
