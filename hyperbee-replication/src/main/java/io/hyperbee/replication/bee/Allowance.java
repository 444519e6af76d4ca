package io.hyperbee.replication.bee;

import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * How many blocks each peer's {@code cache} answers may still make us fetch: a query sent to a
 * peer grants it {@code perQuery} (the most an honest answer names), up to {@code cap} in all;
 * each answer uses up what it names. A peer never asked gets nothing, so neither an unsolicited
 * nor a lying answer can make us download more than our queries allow. Thread-safe.
 *
 * @param <P> the peer type (compared by identity)
 */
final class Allowance<P> {
  private final long perQuery;
  private final long cap;
  private final Map<P, Long> left = new IdentityHashMap<>();

  Allowance(long perQuery, long cap) {
    this.perQuery = perQuery;
    this.cap = cap;
  }

  /** A query went to each of {@code peers}; peers not among them are forgotten (gone). */
  synchronized void granted(Collection<P> peers) {
    left.keySet().retainAll(peers);
    for (P p : peers) {
      left.merge(p, perQuery, (a, b) -> Math.min(cap, a + b));
    }
  }

  /** How many of the {@code named} blocks {@code from}'s answer may make us fetch (used up). */
  synchronized int take(P from, int named) {
    long l = left.getOrDefault(from, 0L);
    int n = (int) Math.min(l, named);
    if (n > 0) {
      left.put(from, l - n);
    }
    return n;
  }
}
