package io.hyperbee.replication.replicator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DownloadOrderTest {
  @Test
  void everyBlockIsHandedOutOnceWhateverOrderTheWorkersAskIn() {
    Random r = new Random(14);
    for (int round = 0; round < 200; round++) {
      long start = r.nextInt(50);
      long end = start + r.nextInt(round < 20 ? 10 : 3_000);
      int workers = 1 + r.nextInt(64);
      DownloadOrder order = new DownloadOrder(start, end, workers);
      BitSet seen = new BitSet();
      boolean[] finished = new boolean[workers];
      int live = workers;
      while (live > 0) {
        int w = r.nextInt(workers);
        if (finished[w]) {
          continue;
        }
        long i = order.next(w);
        if (i < 0) {
          finished[w] = true;
          live--;
          continue;
        }
        assertTrue(i >= start && i < end, i + " outside " + start + ".." + end);
        assertTrue(!seen.get((int) i), "block " + i + " handed out twice");
        seen.set((int) i);
      }
      assertEquals(end - start, seen.cardinality(), "round " + round);
    }
  }

  @Test
  void eachWorkerWalksItsOwnStretchInOrder() {
    DownloadOrder order = new DownloadOrder(0, 100, 4);
    assertEquals(0, order.next(0));
    assertEquals(25, order.next(1));
    assertEquals(50, order.next(2));
    assertEquals(75, order.next(3));
    assertEquals(1, order.next(0));
    assertEquals(26, order.next(1));
  }

  @Test
  void aWorkerDoneWithItsStretchTakesTheUpperHalfOfTheLargestLeft() {
    DownloadOrder order = new DownloadOrder(0, 8, 2); // 0..3 and 4..7
    for (long i = 0; i < 4; i++) {
      assertEquals(i, order.next(0));
    }
    assertEquals(4, order.next(1)); // worker 1 is at 5 now, 5..7 left
    assertEquals(6, order.next(0)); // worker 0 takes 6..7
    assertEquals(5, order.next(1));
    assertEquals(7, order.next(0));
    assertEquals(-1, order.next(1));
    assertEquals(-1, order.next(0));
  }

  @Test
  void stopHandsOutNothingMore() {
    DownloadOrder order = new DownloadOrder(0, 100, 3);
    order.next(0);
    order.stop();
    for (int w = 0; w < 3; w++) {
      assertEquals(-1, order.next(w));
    }
  }

  @Test
  void refusesABadRange() {
    assertThrows(IllegalArgumentException.class, () -> new DownloadOrder(5, 4, 1));
    assertThrows(IllegalArgumentException.class, () -> new DownloadOrder(0, 4, 0));
  }
}
