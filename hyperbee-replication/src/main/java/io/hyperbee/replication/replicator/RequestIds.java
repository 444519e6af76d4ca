package io.hyperbee.replication.replicator;

import java.util.ArrayDeque;

/**
 * Request ids of one core, as hypercore's InflightTracker: from 1, an answered id reused first
 * (0 is the unsolicited/fork-check id). A cancelled or timed-out id is not reused while its peer
 * may still answer it: it is retired with the peer.
 */
final class RequestIds {
  private final ArrayDeque<Long> free = new ArrayDeque<>();
  private long next = 1;

  long allocate() {
    Long id = free.pollLast();
    return id != null ? id : next++;
  }

  void release(long id) {
    free.addLast(id);
  }
}
