package io.hyperbee.replication.bee;

import static java.util.Objects.requireNonNull;

import io.hyperbee.HyperbeeException;
import io.hyperbee.btree.Hyperbee;
import io.hyperbee.btree.RangeSnapshot;
import io.hyperbee.btree.Warmup;
import io.hyperbee.replication.replicator.Peer;
import io.hyperbee.replication.replicator.Replicator;
import io.hyperbee.replication.replicator.ReplicatorOptions;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Hyperbee 2.27.3's cache-warmup extension ({@code "hyperbee"}, lib/extension.js) for one bee
 * and the replicator of its core: {@link #attach} registers it, and then
 *
 * <ul>
 *   <li><b>answering</b>: a peer's {@code get} or {@code iterator} query for a version we hold
 *       is walked on our blocks only ({@link SeqTrace}: the seqs JS's walk touches, in its
 *       order) and the seqs are sent back to that peer alone as {@code cache} messages ({@link CacheAnswer});
 *   <li><b>asking</b> (when the core is a replica, not writable): a get or range read of the bee
 *       that must wait for a block broadcasts its query ({@link Warmup}), and the blocks a
 *       {@code cache} answer names are requested at once ({@link Replicator#prefetch}).
 * </ul>
 *
 * <p>The extension only hints: every block is still verified before it is stored, so a lying
 * answer can waste bandwidth but never change a read. Unlike JS (which downloads whatever any
 * {@code cache} message names), answers are taken only from a peer we asked, and at most
 * {@value #MAX_BLOCKS_PER_QUERY} blocks per query sent to it, the most an honest answer names;
 * and queries waiting to be answered are bounded ({@value #MAX_QUEUED}; more are dropped, JS
 * queues without bound). Answers are computed on a thread of this extension, never on the
 * transport's.
 */
public final class BeeExtension implements AutoCloseable {
  /** The extension's name on the wire. */
  public static final String NAME = "hyperbee";
  /** Blocks one query may make us fetch: an iterator's walk plus one message it may overshoot by. */
  public static final int MAX_BLOCKS_PER_QUERY = CacheAnswer.MAX_ACTIVE_BATCH + CacheAnswer.FLUSH_BATCH;
  /** Outstanding allowance per peer: a few queries' worth, so a reader that asks often is served. */
  private static final long MAX_ALLOWANCE = 4L * MAX_BLOCKS_PER_QUERY;
  /** Queries waiting for the answering thread. */
  static final int MAX_QUEUED = 64;

  private final Hyperbee bee;
  private final Replicator replicator;
  private final ThreadPoolExecutor answering;
  /** Blocks each peer's answers may still make us fetch (peers we asked only). */
  private final Allowance<Peer> allowance = new Allowance<>(MAX_BLOCKS_PER_QUERY, MAX_ALLOWANCE);
  private final boolean asking;
  private volatile Consumer<long[]> answerObserver = blocks -> {};
  private volatile boolean closed;

  private BeeExtension(Hyperbee bee, Replicator replicator) {
    this.bee = bee;
    this.replicator = replicator;
    this.asking = !replicator.core().writable();
    this.answering = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(MAX_QUEUED), r -> {
          Thread t = new Thread(r, "bee-extension");
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * Turns the extension on for {@code bee} (the main bee of {@code replicator}'s core): its
   * replicator answers peers' queries, and when the core is a replica the bee's cold reads ask
   * them. The replicator may then have {@link ReplicatorOptions#BEE_MAX_INFLIGHT} requests in
   * flight per peer, as a JS Hyperbee lets its core, so that the blocks an answer names are
   * asked for together. Close the returned extension before the bee and the replicator.
   */
  public static BeeExtension attach(Hyperbee bee, Replicator replicator) {
    requireNonNull(bee, "bee is null");
    requireNonNull(replicator, "replicator is null");
    if (bee.core() != replicator.core()) {
      throw new IllegalArgumentException("the bee is not on the replicator's core");
    }
    BeeExtension e = new BeeExtension(bee, replicator);
    replicator.raiseMaxInflight(ReplicatorOptions.BEE_MAX_INFLIGHT);
    replicator.registerExtension(NAME, e::onMessage);
    if (e.asking) {
      bee.warmup(e.new Asker());
    }
    return e;
  }

  /**
   * Tells {@code observer} the seqs of every {@code cache} message peers send us, as sent (before
   * the allowance bounds what is fetched): for tests and metrics. Called on the transport's
   * thread: it must be quick.
   */
  public void observeAnswers(Consumer<long[]> observer) {
    answerObserver = requireNonNull(observer, "observer is null");
  }

  @Override
  public void close() {
    closed = true;
    if (asking) {
      try {
        bee.warmup(null);
      } catch (HyperbeeException e) {
        // the bee closed first: it asks nothing any more anyway
      }
    }
    answering.shutdownNow();
  }

  // ---- receiving (on the transport's thread, under the replicator's lock: quick) ----

  private void onMessage(Peer from, byte[] payload) {
    ExtensionMessage m = ExtensionMessage.decode(payload);
    if (m == null || closed) {
      return; // undecodable messages are ignored, as JS does
    }
    if (m.cache() != null) {
      onCache(from, m.cache().blocks());
    }
    if (m.get() != null) {
      answer(() -> answerGet(from, m.get()));
    }
    if (m.iterator() != null) {
      answer(() -> answerIterator(from, m.iterator()));
    }
  }

  private void answer(Runnable task) {
    try {
      answering.execute(() -> {
        try {
          task.run();
        } catch (HyperbeeException e) {
          // the bee or the replicator closed meanwhile: the query goes unanswered
        }
      });
    } catch (RejectedExecutionException e) {
      // too many queries waiting, or closed: this one goes unanswered (it is only a hint)
    }
  }

  private void onCache(Peer from, long[] blocks) {
    answerObserver.accept(blocks.clone());
    int n = allowance.take(from, blocks.length);
    if (n == 0) {
      return; // not asked, or it has named all its answers may name
    }
    try {
      replicator.prefetch(n == blocks.length ? blocks : Arrays.copyOf(blocks, n));
    } catch (HyperbeeException e) {
      // the replicator or core closed meanwhile
    }
  }

  // ---- answering (on this extension's thread) ----

  private void answerGet(Peer from, ExtensionMessage.Get q) {
    CacheAnswer.get(bee, q, message -> send(from, message));
  }

  private void answerIterator(Peer from, RangeSnapshot q) {
    CacheAnswer.iterator(bee, q, message -> send(from, message));
  }

  private void send(Peer to, byte[] message) {
    if (closed) {
      return;
    }
    try {
      replicator.sendExtension(NAME, message, to);
    } catch (HyperbeeException e) {
      // the replicator closed meanwhile
    }
  }

  // ---- asking (on the reading thread; must not block) ----

  private final class Asker implements Warmup {
    @Override
    public void getWaits(long version, byte[] key) {
      broadcast(ExtensionMessage.get(version, key));
    }

    @Override
    public void rangeWaits(RangeSnapshot snapshot) {
      broadcast(ExtensionMessage.iterator(snapshot));
    }

    private void broadcast(byte[] message) {
      if (closed) {
        return;
      }
      try {
        allowance.granted(replicator.peers());
        replicator.broadcastExtension(NAME, message);
      } catch (HyperbeeException e) {
        // closed meanwhile: the read goes on without the hint
      }
    }
  }
}
