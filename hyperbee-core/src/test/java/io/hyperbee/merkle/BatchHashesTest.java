package io.hyperbee.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperbee.crypto.NodeHasher;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Parallel hashing of large appends (issue 18): the same nodes as one thread makes, failures, threads. */
class BatchHashesTest {
  private static final String TEST_THREADS = "hyperbee-hash-test-";
  private long defaultMinBytes;

  @BeforeEach
  void splitEveryAppend() {
    defaultMinBytes = BatchHashes.minBytes;
    BatchHashes.minBytes = 0;
  }

  @AfterEach
  void restoreThreshold() {
    BatchHashes.minBytes = defaultMinBytes;
  }

  @Test
  void parallelAppendsMakeTheSequentialNodesInTheSameOrder() {
    HashWorkers workers = new HashWorkers(3, TEST_THREADS);
    try (HashWorkers.Lease lease = workers.acquire()) {
      Random random = new Random(1818);
      TreeState state = TreeState.empty();
      int split = 0;
      for (int round = 0; round < 200; round++) {
        List<byte[]> blocks = blocks(random, 1 + random.nextInt(round % 7 == 0 ? 3000 : 130), 1 + random.nextInt(400));
        TreeBatch sequential = new TreeBatch(state);
        blocks.forEach(sequential::append);
        TreeBatch parallel = new TreeBatch(state, lease);
        parallel.appendAll(blocks);
        assertEquals(sequential.nodes(), parallel.nodes(), "round " + round + " from length " + state.length());
        assertEquals(sequential.roots(), parallel.roots());
        assertEquals(sequential.byteLength(), parallel.byteLength());
        split += BatchHashes.of(state.length(), blocks, lease.executor(), lease.threads()) != null ? 1 : 0;
        state = parallel.toState(0, null);
      }
      assertNotEquals(0, split, "no append was split: the test checks nothing");
    }
  }

  @Test
  void aWorkerThatHashesEverythingMakesTheSameNodes() {
    Random random = new Random(77);
    TreeState state = TestTree.named(21).state;
    List<byte[]> blocks = blocks(random, 1000, 150);
    TreeBatch sequential = new TreeBatch(state);
    blocks.forEach(sequential::append);
    TreeBatch parallel = new TreeBatch(state, onAnotherThread(r -> r.run()), 1);
    parallel.appendAll(blocks);
    assertEquals(sequential.nodes(), parallel.nodes());
  }

  @Test
  void aRejectingPoolLeavesTheHashingToTheAppendingThread() {
    Random random = new Random(78);
    List<byte[]> blocks = blocks(random, 500, 90);
    TreeBatch sequential = new TreeBatch(TreeState.empty());
    blocks.forEach(sequential::append);
    TreeBatch parallel = new TreeBatch(TreeState.empty(), r -> {
      throw new RejectedExecutionException("shut down");
    }, 2);
    parallel.appendAll(blocks);
    assertEquals(sequential.nodes(), parallel.nodes());
  }

  @Test
  void aFailingWorkerFailsTheAppendAndLeavesTheBatchAsItWas() {
    Random random = new Random(79);
    TestTree tree = TestTree.named(9);
    // the worker's hasher is in the middle of a tree hash: hashing a leaf there throws
    TreeBatch batch = new TreeBatch(tree.state, onAnotherThread(r -> {
      NodeHasher.local().startTree();
      r.run();
    }), 1);
    List<Node> nodesBefore = List.copyOf(batch.nodes());
    List<Node> rootsBefore = List.copyOf(batch.roots());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> batch.appendAll(blocks(random, 300, 50)));
    assertEquals("a tree hash is in progress", e.getMessage());
    assertEquals(tree.state.length(), batch.length());
    assertEquals(tree.state.byteLength(), batch.byteLength());
    assertEquals(nodesBefore, batch.nodes());
    assertEquals(rootsBefore, batch.roots());
    batch.append(new byte[] {1, 2, 3}); // still usable, on this thread
    assertEquals(tree.state.length() + 1, batch.length());
  }

  @Test
  void closingTheLastLeaseEndsTheWorkerThreads() throws InterruptedException {
    HashWorkers workers = new HashWorkers(2, TEST_THREADS);
    HashWorkers.Lease first = workers.acquire();
    HashWorkers.Lease second = workers.acquire();
    Random random = new Random(80);
    List<byte[]> blocks = blocks(random, 2000, 100);
    new TreeBatch(TreeState.empty(), first).appendAll(blocks);
    new TreeBatch(TreeState.empty(), second).appendAll(blocks);
    List<Thread> started = threads(TEST_THREADS);
    assertFalse(started.isEmpty(), "no worker started: the test checks nothing");
    first.close();
    first.close(); // idempotent: the second lease still holds the pool
    assertEquals(1, workers.leases());
    new TreeBatch(TreeState.empty(), second).appendAll(blocks);
    second.close();
    assertEquals(0, workers.leases());
    for (Thread t : started) {
      t.join(10_000);
      assertFalse(t.isAlive(), t.getName() + " outlived the last lease");
    }
    try (HashWorkers.Lease again = workers.acquire()) { // a new pool for the next owner
      TreeBatch batch = new TreeBatch(TreeState.empty(), again);
      batch.appendAll(blocks);
      TreeBatch sequential = new TreeBatch(TreeState.empty());
      blocks.forEach(sequential::append);
      assertEquals(sequential.nodes(), batch.nodes());
    }
  }

  @Test
  void everyOpenCoreHoldsALeaseUntilItCloses() {
    HashWorkers shared = HashWorkers.shared();
    int before = shared.leases();
    Random random = new Random(81);
    List<byte[]> blocks = blocks(random, 1500, 120);
    List<Hypercore> cores = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        cores.add(Hypercore.inMemory(HypercoreOptions.defaults()));
      }
      assertEquals(before + 3, shared.leases());
      Hypercore oneAtATime = cores.get(0);
      blocks.forEach(b -> oneAtATime.append(b));
      cores.get(1).append(blocks);
      cores.get(2).append(blocks.subList(0, 700));
      cores.get(2).append(blocks.subList(700, blocks.size()));
      for (Hypercore core : cores) {
        assertEquals(oneAtATime.state().roots(), core.state().roots());
      }
    } finally {
      cores.forEach(Hypercore::close);
    }
    assertEquals(before, shared.leases());
  }

  /** An executor that runs each task on a new thread and returns when it is done. */
  private static Executor onAnotherThread(Executor inside) {
    return task -> {
      Thread t = new Thread(() -> inside.execute(task), TEST_THREADS + "sync");
      t.start();
      try {
        t.join(60_000);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      assertFalse(t.isAlive(), "the worker did not finish");
    };
  }

  private static List<Thread> threads(String prefix) {
    List<Thread> found = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith(prefix)) {
        found.add(t);
      }
    }
    return found;
  }

  private static List<byte[]> blocks(Random random, int count, int maxSize) {
    List<byte[]> blocks = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] block = new byte[random.nextInt(maxSize + 1)];
      random.nextBytes(block);
      blocks.add(block);
    }
    return blocks;
  }
}
