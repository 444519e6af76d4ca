package io.hyperbee.replication.bee;

import io.hyperbee.btree.Hyperbee;
import io.hyperbee.btree.RangeSnapshot;
import io.hyperbee.btree.SeqTrace;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The answer to one query of the {@code "hyperbee"} extension, as hyperbee 2.27.3's
 * {@code onget}/{@code oniterator} make it: the seqs the query's walk touches on our blocks, sent
 * as {@code cache} messages of {@value #FLUSH_BATCH} seqs and a last partial one, each with the
 * least seq as {@code start} and the greatest + 1 as {@code end}.
 *
 * <p>A get query without a key is not answered (JS's walk reads the root and then fails, so it
 * names the root alone): it only hints, and no honest peer sends one.
 */
final class CacheAnswer implements LongConsumer {
  /** Seqs per {@code cache} message (JS FLUSH_BATCH). */
  static final int FLUSH_BATCH = 128;
  /** Blocks an iterator's walk reports at most (JS MAX_ACTIVE_BATCH = MAX_PASSIVE_BATCH + FLUSH_BATCH). */
  static final int MAX_ACTIVE_BATCH = 2048 + FLUSH_BATCH;

  private final Consumer<byte[]> out;
  private final long[] blocks = new long[FLUSH_BATCH];
  private int count;
  private long start;
  private long end;

  private CacheAnswer(Consumer<byte[]> out) {
    this.out = out;
  }

  /** Answers a get query to {@code out}; nothing for a version we do not hold or without a key. */
  static void get(Hyperbee bee, ExtensionMessage.Get q, Consumer<byte[]> out) {
    if (q.key() == null || !holds(bee, q.version())) {
      return;
    }
    CacheAnswer a = new CacheAnswer(out);
    try {
      SeqTrace.get(bee, q.version(), q.key(), a);
    } finally {
      a.flush();
    }
  }

  /**
   * Answers an iterator query (its limit as sent: 0 for none) to {@code out}: distinct seqs,
   * after skipping as many touches as the checkpoint has numbers (JS's {@code skip}), until the
   * walk ends or has reported {@value #MAX_ACTIVE_BATCH}.
   */
  static void iterator(Hyperbee bee, RangeSnapshot q, Consumer<byte[]> out) {
    if (!holds(bee, q.version())) {
      return;
    }
    RangeSnapshot query = new RangeSnapshot(q.version(), q.gte(), q.gt(), q.lte(), q.lt(),
        q.limit() == 0 ? -1 : q.limit(), q.reverse(), q.checkpoint());
    CacheAnswer a = new CacheAnswer(out);
    Set<Long> seen = new HashSet<>();
    int[] skip = {q.checkpoint().length};
    int[] work = {0};
    LongConsumer onseq = seq -> {
      if (skip[0] > 0) {
        skip[0]--;
      } else if (seen.add(seq)) {
        work[0]++;
        a.accept(seq);
      }
    };
    try {
      SeqTrace.range(bee, query, onseq, () -> work[0] < MAX_ACTIVE_BATCH);
    } finally {
      a.flush();
    }
  }

  /** JS ignores version 0 and versions past its own. */
  private static boolean holds(Hyperbee bee, long version) {
    return version > 0 && version <= bee.version();
  }

  @Override
  public void accept(long seq) {
    if (count == 0 || seq < start) {
      start = seq;
    }
    if (count == 0 || seq >= end) {
      end = seq + 1;
    }
    blocks[count++] = seq;
    if (count == FLUSH_BATCH) {
      flush();
    }
  }

  private void flush() {
    if (count > 0) {
      byte[] message = ExtensionMessage.cache(start, end, Arrays.copyOf(blocks, count));
      count = 0;
      out.accept(message);
    }
  }
}
