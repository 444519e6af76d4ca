package io.hyperbee.replication.replicator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.crypto.KeyPair;
import io.hyperbee.log.CoreListener;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A Java writer and Java replicas over in-memory channels, each side on its own thread. */
class ReplicatorTest extends ReplicationFixture {
  @Test
  void aSparseGetDownloadsOnlyTheBlocksItReads() {
    Replicator writer = writer(100);
    Replicator reader = replica(writer);
    link(reader, writer);
    assertArrayEquals(block(5), reader.get(5, WAIT));
    assertArrayEquals(block(50), reader.core().get(50));
    assertEquals(100, reader.core().length());
    assertEquals(2, reader.blocksDownloaded());
    int stored = 0;
    for (int i = 0; i < 100; i++) {
      stored += reader.core().has(i) ? 1 : 0;
    }
    assertEquals(2, stored);
    assertTrue(reader.has(5, 6));
    assertFalse(reader.has(0, 100));
    assertArrayEquals(writer.core().signature(), reader.core().signature());
    reader.core().verify();
  }

  @Test
  void aFullDownloadStoresEveryVerifiedBlockWithProgress() {
    Replicator writer = writer(300);
    Replicator reader = followingReplica(writer);
    AtomicLong progress = new AtomicLong();
    assertEquals(300, reader.download(0, 300, 8, WAIT, progress::set));
    assertEquals(300, progress.get());
    assertTrue(reader.has(0, 300));
    for (int i = 0; i < 300; i++) {
      assertArrayEquals(block(i), reader.core().get(i));
    }
    reader.core().verify();
    assertEquals(0, reader.download(0, 300, 4, WAIT, null), "nothing left to fetch");
  }

  @Test
  void liveAppendsReachAConnectedReaderWithoutPolling() throws Exception {
    Replicator writer = writer(3);
    Replicator reader = followingReplica(writer);
    assertEquals(3, reader.core().length());
    CountDownLatch grew = new CountDownLatch(1);
    reader.core().addListener(new CoreListener() {
      @Override
      public void onAppend(long previousLength, long length, boolean remote) {
        if (length == 5) {
          grew.countDown();
        }
      }
    });
    writer.core().append(block(3), block(4));
    assertTrue(grew.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the reader learned the new length by itself");
    assertArrayEquals(block(4), reader.get(4, WAIT));
    assertArrayEquals(writer.core().treeHash(), reader.core().treeHash());
  }

  @Test
  void aReadWithoutWaitingFailsWhenTheBlockIsNotStored() {
    Replicator writer = writer(10);
    Replicator reader = followingReplica(writer);
    HyperbeeException e = assertThrows(HyperbeeException.class, () -> reader.get(3, Duration.ZERO));
    assertEquals(ErrorCode.BLOCK_NOT_AVAILABLE, e.code());
    assertEquals(0, reader.blocksDownloaded());
  }

  @Test
  void aReadWithNoPeerFailsAfterItsTimeout() {
    Replicator writer = writer(10);
    Replicator reader = replica(writer);
    HyperbeeException e = assertThrows(HyperbeeException.class, () -> reader.get(3, Duration.ofMillis(200)));
    assertEquals(ErrorCode.BLOCK_NOT_AVAILABLE, e.code());
    assertTrue(e.getMessage().contains("block 3"), e.getMessage());
  }

  @Test
  void aReplicaServesWhatItHoldsToAnotherReplica() {
    Replicator writer = writer(40);
    Replicator first = replica(writer);
    link(first, writer);
    assertEquals(40, first.download(0, 40, 4, WAIT, null));
    Replicator second = replica(writer);
    link(second, first); // only the first replica, not the writer
    assertArrayEquals(block(33), second.get(33, WAIT));
    assertEquals(40, second.core().length());
    second.core().verify();
  }

  @Test
  void threeReadersAtOnceReadEverything() throws Exception {
    Replicator writer = writer(200);
    List<Replicator> readers = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      Replicator reader = replica(writer);
      link(reader, writer);
      readers.add(reader);
    }
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (Replicator reader : readers) {
      Thread t = new Thread(() -> {
        try {
          for (int i = 199; i >= 0; i -= 3) {
            assertArrayEquals(block(i), reader.get(i, WAIT));
          }
        } catch (Throwable e) {
          failures.add(e);
        }
      });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join(WAIT.toMillis() * 2);
    }
    assertEquals(List.of(), failures);
    for (Replicator reader : readers) {
      assertEquals(67, reader.blocksDownloaded());
      reader.core().verify();
    }
  }
}
