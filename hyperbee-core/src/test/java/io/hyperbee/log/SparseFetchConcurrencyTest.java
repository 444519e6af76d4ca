package io.hyperbee.log;

import static io.hyperbee.log.HypercoreTest.TV1;
import static io.hyperbee.log.HypercoreTest.block;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.merkle.ProofRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A replica's fetch waits on its block source without the core's lock (the source may be a network). */
class SparseFetchConcurrencyTest {

  private static Hypercore writer(int blocks) {
    Hypercore w = Hypercore.inMemory(HypercoreOptions.builder().keyPair(TV1).build());
    for (int i = 0; i < blocks; i++) {
      w.append(block(i));
    }
    return w;
  }

  @Test
  void aSlowFetchDoesNotBlockAnotherFetch() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (Hypercore w = writer(20)) {
      CountDownLatch otherDone = new CountDownLatch(1);
      AtomicReference<Boolean> sawOther = new AtomicReference<>();
      Hypercore r = Hypercore.inMemory(HypercoreOptions.builder().key(w.key()).blockSource(req -> {
        if (req.block() != null && req.block().index() == 3) {
          try {
            sawOther.set(otherDone.await(10, TimeUnit.SECONDS)); // bounded: a held lock would starve the other read
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return w.proof(req);
      }).build());
      r.get(0); // learn the length and manifest first
      Future<byte[]> slow = pool.submit(() -> r.get(3));
      Future<byte[]> fast = pool.submit(() -> {
        byte[] b = r.get(7); // before or while block 3's source waits: both orders must finish
        otherDone.countDown();
        return b;
      });
      assertArrayEquals(block(7), fast.get(30, TimeUnit.SECONDS));
      assertArrayEquals(block(3), slow.get(30, TimeUnit.SECONDS));
      assertEquals(Boolean.TRUE, sawOther.get(), "the fetch of block 7 finished while block 3's source was waiting");
      r.close();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aSourceThatStoresWhatItFetchedIsNotAppliedTwiceAndAStaleAnswerIsAskedAgain() {
    try (Hypercore w = writer(10)) {
      List<ProofRequest> asked = new ArrayList<>();
      AtomicReference<Hypercore> self = new AtomicReference<>();
      Hypercore r = Hypercore.inMemory(HypercoreOptions.builder().key(w.key()).blockSource(req -> {
        asked.add(req);
        if (req.upgrade() != null) {
          // like a replicator: bring the length up by itself, store it, and report nothing to apply
          self.get().applyProof(w.proof(ProofRequest.upgrade(req.fork(), req.upgrade().start(), 10 - req.upgrade().start())
              .withManifest(req.manifest())));
          return null;
        }
        return self.get().applyProof(w.proof(req)) == null ? null : w.proof(req);
      }).build());
      self.set(r);
      assertArrayEquals(block(4), r.get(4));
      assertEquals(10, r.length());
      assertEquals(2, asked.size(), "an upgrade, then the block at the new length: " + asked);
      assertTrue(asked.get(1).upgrade() == null && asked.get(1).block().index() == 4);
      assertTrue(r.has(4));
      r.close();
    }
  }
}
