package io.hyperbee.replication.replicator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import io.hyperbee.storage.FileCoreStorage;
import io.hyperbee.storage.WriteHookFiles;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read of a block whose prefetch is being stored (issue 14: with the cache-warmup extension on,
 * reads on a replica failed now and then with "block N is not available from the source").
 */
class PrefetchRaceTest extends ReplicationFixture {
  @TempDir Path tmp;

  @Test
  void aReadOfABlockWhosePrefetchIsBeingStoredWaitsForIt() throws Exception {
    CountDownLatch storing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    // holds the store thread's commit of the prefetched block just before its index entry is
    // written (its bytes are in the data file): where a racing read looked, found it "held"
    // (the storage's map said so too early), did not fetch it, and then could not read it
    WriteHookFiles hook = new WriteHookFiles("index", (position, bytes) -> {
      if (Thread.currentThread().getName().startsWith("replicator-store-") && storing.getCount() > 0) {
        storing.countDown();
        try {
          release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
    Replicator writer = writer(16);
    ReplicaSource source = new ReplicaSource();
    Hypercore core = own(Hypercore.open(FileCoreStorage.open(tmp.resolve("replica"), true, false, false, hook),
        HypercoreOptions.builder().key(writer.core().key()).blockSource(source).build()));
    Replicator reader = own(Replicator.of(core, source, OPTIONS));
    link(reader, writer);
    updated(reader);
    assertFalse(core.has(5)); // (the storage's map of what it holds is built now, not under the held commit)
    await(() -> reader.prefetch(new long[] {5}) == 1, "the writer's blocks are known and block 5 was asked for");
    assertTrue(storing.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the answer reached the store thread");

    Thread[] readerThread = new Thread[1];
    CompletableFuture<byte[]> read;
    try {
      read = CompletableFuture.supplyAsync(() -> {
        readerThread[0] = Thread.currentThread();
        return reader.get(5, WAIT);
      });
      await(() -> read.isDone() || waitsForAnAnswer(readerThread[0]), "the read failed or waits for the prefetch");
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; the reader is at " + Arrays.toString(readerThread[0].getStackTrace()), e);
    } finally {
      release.countDown();
    }
    assertArrayEquals(block(5), read.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertEquals(0, reader.readRequests(), "the read waited for the prefetch's answer, it asked nothing itself");
  }

  private static boolean waitsForAnAnswer(Thread t) {
    return t != null && t.getState() == Thread.State.TIMED_WAITING
        && Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getMethodName().equals("awaitAnswer"));
  }
}
