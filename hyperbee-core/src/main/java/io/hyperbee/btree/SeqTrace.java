package io.hyperbee.btree;

import static java.util.Objects.requireNonNull;

import io.hyperbee.HyperbeeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * The block seqs a read of JS hyperbee 2.27.3 touches, in the order its {@code onseq} reports
 * them: what a peer answering the cache-warmup extension sends back. The walks are JS's
 * ({@code Batch._get}, {@code RangeIterator}), not ours: JS's {@code get} stops at a node whose
 * own block holds the key, looks keys up through a key cache, and a forward range without a limit
 * preloads the keys and children ahead of it (spec 9).
 *
 * <p>Local only, never waiting (JS answers with {@code wait: false}): a block not stored is
 * reported and ends the walk, as is a block that does not decode; whatever came before stands.
 * A range's preload chains run one after the other here where JS runs them concurrently, so for
 * a forward range without a limit JS's order (which varies from run to run) is not reproduced,
 * only the set.
 */
public final class SeqTrace {
  /** Most nodes a range's preload visits (JS {@code _preloadQuery}). */
  private static final int MAX_PRELOAD_NODES = 2048;

  private final BeeContext ctx;
  private final long version;
  private final LongConsumer onseq;
  /** Blocks JS keeps for the walk (a get's batch caches them: each seq is reported once). */
  private final Set<Long> blocks;
  /** JS's key cache of the checkout: a key looked up once is not read (nor reported) again. */
  private final Set<Long> keys = new HashSet<>();
  /** The bee's key order (null: unsigned bytes), so a custom-ordered bee's walk is its own. */
  private final java.util.Comparator<byte[]> order;

  private SeqTrace(Hyperbee bee, long version, LongConsumer onseq, boolean cacheBlocks) {
    this.ctx = bee.context();
    this.order = ctx.order;
    this.version = version;
    this.onseq = requireNonNull(onseq, "onseq is null");
    this.blocks = cacheBlocks ? new HashSet<>() : null;
  }

  /**
   * Reports the seqs JS's {@code get} of {@code key} (stored form) touches on the tree at
   * {@code version}: each once, in first-touch order.
   */
  public static void get(Hyperbee bee, long version, byte[] key, LongConsumer onseq) {
    requireNonNull(key, "key is null");
    SeqTrace t = new SeqTrace(bee, version, onseq, true);
    try {
      t.get(key);
    } catch (Stop | HyperbeeException | IllegalArgumentException e) {
      // JS's answer is what was touched until the walk failed
    }
  }

  /**
   * Reports the seqs JS's range iterator for {@code query} touches on the tree at its version,
   * every touch (JS's iterator caches no blocks), resuming from {@code query.checkpoint()} when it
   * has one; between two entries it asks {@code more} whether to go on.
   */
  public static void range(Hyperbee bee, RangeSnapshot query, LongConsumer onseq, BooleanSupplier more) {
    requireNonNull(query, "query is null");
    requireNonNull(more, "more is null");
    SeqTrace t = new SeqTrace(bee, query.version(), onseq, false);
    Walk walk = t.new Walk(query);
    try {
      walk.open();
      while (more.getAsBoolean() && walk.next()) {
        // each step reports what it touches
      }
    } catch (Stop | HyperbeeException | IllegalArgumentException | IndexOutOfBoundsException e) {
      // as above; a checkpoint naming nodes that do not exist ends the walk too
    }
  }

  // ---- JS's block accessors ----

  /** A node as JS materialises it: its block and level. */
  private record Node(DecodedBlock block, Level level) {
    long seq() {
      return block.seq;
    }

    int keyCount() {
      return level.keySeqs().length;
    }

    int childCount() {
      return level.childPairs().length / 2;
    }
  }

  /** JS {@code getBlock}: reported (once per walk when blocks are cached), then read locally. */
  private DecodedBlock block(long seq) {
    if (blocks == null || blocks.add(seq)) {
      onseq.accept(seq);
    }
    if (seq <= 0 || seq >= ctx.core.length() || !ctx.core.has(seq)) {
      throw Stop.INSTANCE; // JS: BLOCK_NOT_AVAILABLE with wait: false
    }
    return ctx.load(seq, version);
  }

  /** JS {@code TreeNode.getKey}: the node's own key, else through the key cache. */
  private byte[] key(Node node, int i) {
    long seq = node.level.keySeqs()[i];
    if (seq == node.seq()) {
      return node.block.key();
    }
    if (!keys.add(seq)) {
      return ctx.load(seq, version).key(); // JS finds it in its key cache, reporting nothing
    }
    if (blocks != null && blocks.contains(seq)) {
      return ctx.load(seq, version).key(); // a get's batch has the block: not reported again
    }
    return block(seq).key();
  }

  /** JS {@code TreeNode.getChildNode}: a child in the node's own block is not read again. */
  private Node child(Node node, int i) {
    long seq = node.level.childPairs()[2 * i];
    int offset = (int) node.level.childPairs()[2 * i + 1];
    DecodedBlock b = seq == node.seq() ? node.block : block(seq);
    return new Node(b, b.level(offset));
  }

  private Node root() {
    DecodedBlock b = block(version - 1);
    return new Node(b, b.level(0));
  }

  private void get(byte[] key) {
    if (version < 2) {
      return;
    }
    Node node = root();
    while (!Arrays.equals(node.block.key(), key)) { // JS's isTarget shortcut
      int s = 0;
      int e = node.keyCount();
      int c = 0;
      while (s < e) {
        int mid = (s + e) >>> 1;
        c = KeyOrder.compare(order, key, key(node, mid));
        if (c == 0) {
          block(node.level.keySeqs()[mid]);
          return;
        }
        if (c < 0) {
          e = mid;
        } else {
          s = mid + 1;
        }
      }
      if (node.childCount() == 0) {
        return;
      }
      node = child(node, c < 0 ? e : s);
    }
  }

  /** JS's {@code RangeIterator} (iterators/range.js), touching what it touches. */
  private final class Walk {
    private final class Frame {
      final Node node;
      int i;

      Frame(Node node, int i) {
        this.node = node;
        this.i = i;
      }
    }

    private final ArrayList<Frame> stack = new ArrayList<>();
    private final byte[] gKey;
    private final boolean gIncl;
    private final byte[] lKey;
    private final boolean lIncl;
    private final boolean reverse;
    private final long[] checkpoint;
    private long limit;
    private int preloaded;

    Walk(RangeSnapshot q) {
      gIncl = q.gt() == null;
      gKey = q.gt() != null ? q.gt() : q.gte();
      lIncl = q.lt() == null;
      lKey = q.lt() != null ? q.lt() : q.lte();
      reverse = q.reverse();
      limit = q.limit();
      checkpoint = q.checkpoint() == null ? new long[0] : q.checkpoint();
    }

    void open() {
      if (checkpoint.length > 0) {
        for (int j = 0; j + 2 < checkpoint.length; j += 3) {
          DecodedBlock b = block(checkpoint[j]);
          stack.add(new Frame(new Node(b, b.level((int) checkpoint[j + 1])), (int) checkpoint[j + 2]));
        }
        return;
      }
      if (version < 2) {
        return;
      }
      Node node = root();
      boolean incl = reverse ? lIncl : gIncl;
      byte[] start = reverse ? lKey : gKey;
      if (start == null) {
        stack.add(new Frame(node, reverse ? node.keyCount() << 1 : 0));
        preload();
        return;
      }
      while (true) {
        Frame entry = new Frame(node, reverse ? node.keyCount() << 1 : 0);
        int s = 0;
        int e = node.keyCount();
        int c = 0;
        while (s < e) {
          int mid = (s + e) >>> 1;
          c = KeyOrder.compare(order, start, key(node, mid));
          if (c == 0) {
            entry.i = incl ? mid * 2 + 1 : mid * 2 + (reverse ? 0 : 2);
            stack.add(entry);
            preload();
            return;
          }
          if (c < 0) {
            e = mid;
          } else {
            s = mid + 1;
          }
        }
        int i = c < 0 ? e : s;
        entry.i = 2 * i + (reverse ? -1 : 1);
        if (entry.i >= 0 && entry.i <= node.keyCount() << 1) {
          stack.add(entry);
        }
        if (node.childCount() == 0) {
          preload();
          return;
        }
        node = child(node, i);
      }
    }

    /** JS {@code _preloadQuery}: a forward range without a limit reads ahead of every frame. */
    private void preload() {
      if (limit != -1 || reverse) {
        return;
      }
      for (Frame f : new ArrayList<>(stack)) {
        int k = (f.i - (f.i & 1)) / 2;
        try {
          preload(f.node, k + 1);
        } catch (Stop | HyperbeeException | IllegalArgumentException e) {
          // JS drops a failed preload chain (catch(noop)); the walk goes on
        }
      }
    }

    private void preload(Node node, int from) {
      for (int i = from; i < node.keyCount(); i++) {
        DecodedBlock b = block(node.level.keySeqs()[i]);
        int c = lKey != null ? KeyOrder.compare(order, b.key(), lKey) : -1;
        if (c >= 0 || preloaded >= MAX_PRELOAD_NODES || i >= node.childCount()) {
          return;
        }
        preloaded++;
        preload(child(node, i), 0);
      }
      if (node.childCount() > 0 && preloaded < MAX_PRELOAD_NODES) {
        preload(child(node, node.childCount() - 1), 0);
      }
    }

    /** One JS {@code next()}: false at the end. */
    boolean next() {
      byte[] end = reverse ? gKey : lKey;
      boolean incl = reverse ? gIncl : lIncl;
      while (!stack.isEmpty() && limit != 0) {
        Frame top = stack.get(stack.size() - 1);
        boolean isKey = (top.i & 1) != 0;
        int n;
        if (reverse) {
          n = top.i < 0 ? top.node.keyCount() : top.i-- >> 1;
        } else {
          n = top.i++ >> 1;
        }
        if (!isKey) {
          if (top.node.childCount() == 0) {
            continue;
          }
          Node child = child(top.node, n);
          stack.add(new Frame(child, reverse ? child.keyCount() << 1 : 0));
          continue;
        }
        if (n >= top.node.keyCount()) {
          stack.remove(stack.size() - 1);
          continue;
        }
        DecodedBlock b = block(top.node.level.keySeqs()[n]);
        if (end != null) {
          int c = KeyOrder.compare(order, b.key(), end);
          if (c == 0 ? !incl : reverse ? c < 0 : c > 0) {
            limit = 0;
            return false;
          }
        }
        if (limit > 0) {
          limit--;
        }
        return true;
      }
      return false;
    }
  }

  /** Ends a walk at a block that is not stored (no stack trace: it is the normal end). */
  private static final class Stop extends RuntimeException {
    static final Stop INSTANCE = new Stop();

    private Stop() {
      super("block not stored", null, false, false);
    }
  }
}
