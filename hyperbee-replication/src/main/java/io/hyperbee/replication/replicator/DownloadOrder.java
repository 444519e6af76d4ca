package io.hyperbee.replication.replicator;

/**
 * The order a download's workers ask for blocks in: each walks its own stretch of the range in
 * order, and the stretches are far apart. A request carries the proof nodes the replica lacks on
 * the block's path (hypercore's {@code missingNodes}); a block asked for right after its
 * neighbour was stored needs about one node, where neighbours asked for together each need the
 * whole path below their common ancestor (a download of adjacent blocks 48 at a time read ~370
 * wire bytes a block, JS's ~200). A worker whose stretch is done takes the upper half of the
 * largest one left, so the workers stay busy and apart to the end.
 */
final class DownloadOrder {
  private final long[] next;
  private final long[] end;

  /** {@code start..end} cut into {@code workers} stretches of (nearly) equal length. */
  DownloadOrder(long start, long end, int workers) {
    if (workers < 1 || start < 0 || end < start) {
      throw new IllegalArgumentException("bad download " + start + ".." + end + " with " + workers + " workers");
    }
    this.next = new long[workers];
    this.end = new long[workers];
    long length = end - start;
    for (int w = 0; w < workers; w++) {
      this.next[w] = start + length * w / workers;
      this.end[w] = start + length * (w + 1) / workers;
    }
  }

  /** The next block for {@code worker}, or -1 when every block has been handed out. */
  synchronized long next(int worker) {
    if (next[worker] >= end[worker]) {
      int largest = worker;
      for (int w = 0; w < next.length; w++) {
        if (end[w] - next[w] > end[largest] - next[largest]) {
          largest = w;
        }
      }
      long left = end[largest] - next[largest];
      if (left <= 0) {
        return -1;
      }
      long middle = next[largest] + left / 2; // the owner keeps the lower half: it is walking it
      next[worker] = middle;
      end[worker] = end[largest];
      end[largest] = middle;
    }
    return next[worker]++;
  }

  /** Hands out nothing more (a worker failed). */
  synchronized void stop() {
    System.arraycopy(end, 0, next, 0, next.length);
  }
}
