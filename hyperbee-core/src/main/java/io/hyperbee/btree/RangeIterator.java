package io.hyperbee.btree;

import java.util.ArrayList;

/**
 * Sorted walk of a key range (spec 4.3, JS iterators/range.js): a stack of (node, i) frames where
 * even {@code i} is a child slot and odd {@code i} a key slot. Opening binary-searches the start
 * bound, so no key before it is read.
 */
final class RangeIterator extends AbstractBeeIterator<Entry> {
  private static final class Frame {
    final IndexNode node;
    int i;

    Frame(IndexNode node, int i) {
      this.node = node;
      this.i = i;
    }
  }

  private final BlockReader reader;
  private final ArrayList<Frame> stack = new ArrayList<>();
  private final byte[] gKey;
  private final boolean gIncl;
  private final byte[] lKey;
  private final boolean lIncl;
  private final boolean reverse;
  private final int prefixLength;
  private final Runnable guard;
  /** The bee's custom key order, or null (see {@link KeyOrder}). */
  private final java.util.Comparator<byte[]> order;
  /** Whether every entry gets arrays of its own (else they may be shared with the caches). */
  private final boolean fresh;
  private final RawNodeBlock raw = new RawNodeBlock();
  /** This scan's read-ahead: raw blocks runLo .. runLo + run.length - 1 (null slots unstored). */
  private byte[][] run;
  private long runLo;
  private long limit;
  private boolean opened;
  /** Seq of the last entry returned, and how many entries in a row came from nearby seqs. */
  private long lastSeq = -1;
  private int streak;

  /**
   * @param range bounds already in stored (prefixed) form
   * @param guard run before each step (closed checks, batch locking)
   */
  RangeIterator(BlockReader reader, KeyRange range, int prefixLength, Runnable guard) {
    this(reader, range, prefixLength, guard, false);
  }

  /**
   * @param fresh give every entry key and value arrays of its own, shared with nothing
   */
  RangeIterator(
      BlockReader reader, KeyRange range, int prefixLength, Runnable guard, boolean fresh) {
    this.reader = reader;
    this.gKey = range.lower();
    this.gIncl = range.lowerInclusive();
    this.lKey = range.upper();
    this.lIncl = range.upperInclusive();
    this.reverse = range.reverse();
    this.limit = range.limit();
    this.prefixLength = prefixLength;
    this.guard = guard;
    this.fresh = fresh;
    this.order = reader.keyOrder();
  }

  private void open() {
    IndexNode node = reader.root();
    if (node == null) {
      return;
    }
    boolean incl = reverse ? lIncl : gIncl;
    byte[] start = reverse ? lKey : gKey;
    if (start == null) {
      stack.add(new Frame(node, reverse ? node.keyCount() << 1 : 0));
      return;
    }
    while (true) {
      Frame entry = new Frame(node, reverse ? node.keyCount() << 1 : 0);
      int mid = node.search(start, order, reader);
      if (mid >= 0) {
        entry.i = incl ? mid * 2 + 1 : mid * 2 + (reverse ? 0 : 2);
        stack.add(entry);
        return;
      }
      int s = -mid - 1;
      entry.i = 2 * s + (reverse ? -1 : 1);
      if (entry.i >= 0 && entry.i <= node.keyCount() << 1) {
        stack.add(entry);
      }
      if (node.childCount() == 0) {
        return;
      }
      node = node.child(s, reader);
    }
  }

  @Override
  protected Entry advance() {
    guard.run();
    if (!opened) {
      opened = true;
      open();
    }
    byte[] end = reverse ? gKey : lKey;
    boolean incl = reverse ? gIncl : lIncl;
    while (!stack.isEmpty() && limit != 0) {
      Frame top = stack.get(stack.size() - 1);
      boolean isKey = (top.i & 1) == 1;
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
        IndexNode child = child(top.node, n);
        top.node.unlinkChild(n, reader.coreLength());
        stack.add(new Frame(child, reverse ? child.keyCount() << 1 : 0));
        continue;
      }
      if (n >= top.node.keyCount()) {
        stack.remove(stack.size() - 1);
        continue;
      }
      long seq = top.node.keySeq(n);
      byte[] bytes = streamed(seq);
      int c = 0;
      BlockRecord block = null;
      if (bytes != null) {
        raw.parse(seq, bytes);
        if (end != null) {
          c = raw.compareKey(end, order);
        }
      } else {
        block = reader.block(seq);
        if (end != null) {
          c = KeyOrder.compare(order, block.key(), end);
        }
      }
      if (end != null && (c == 0 ? !incl : reverse ? c < 0 : c > 0)) {
        limit = 0;
        break;
      }
      if (limit > 0) {
        limit--;
      }
      return block == null ? raw.entry(prefixLength) : entryOf(block);
    }
    return null;
  }

  private Entry entryOf(BlockRecord block) {
    Entry e = Hyperbee.entryOf(block, prefixLength);
    if (fresh) {
      byte[] key = e.key() == block.key() ? e.key().clone() : e.key();
      e = new Entry(e.seq(), key, e.value() == null ? null : e.value().clone());
    }
    return e;
  }

  /**
   * Child {@code n} of {@code node}. When this scan's read-ahead holds the child's block, the
   * level is decoded from it (cheaper than a probe of the node cache, which a long scan mostly
   * misses); when the block lies just ahead of the window (a node is written a little after its
   * keys' blocks), the node cache is asked and else the window extended; otherwise the child is
   * read the ordinary way.
   */
  private IndexNode child(IndexNode node, int n) {
    if (run != null) {
      long seq = node.childSeq(n);
      byte[] bytes = local(seq);
      if (bytes != null || (streak > 0 && continues(seq))) {
        int offset = node.childOffset(n);
        if (bytes == null) {
          IndexNode cached = reader.cachedNode(seq, offset);
          if (cached != null) {
            return cached;
          }
          extend(seq, 1 << streak);
          bytes = local(seq);
        }
        if (bytes != null) {
          raw.parse(seq, bytes);
          return raw.level(offset);
        }
      }
    }
    return node.child(n, reader);
  }

  /**
   * The raw bytes of entry block {@code seq} when this scan streams: while entries come from
   * nearby seqs in the direction of the scan (keys written in order), a block missing from the
   * read-ahead window (and from the bee's cache) brings a growing run of blocks into it at once
   * (up to {@link #MAX_RUN}), read raw and never cached for others, so a long scan does not evict
   * the point-lookup working set. Null when the block is to be read the ordinary way: scattered
   * seqs, a cached block, a reader without runs, a failed or sparse run.
   */
  private byte[] streamed(long seq) {
    long step = reverse ? lastSeq - seq : seq - lastSeq;
    streak = lastSeq >= 0 && step >= 1 && step <= 8 ? Math.min(streak + 1, MAX_STREAK) : 0;
    lastSeq = seq;
    byte[] bytes = local(seq);
    if (bytes != null || streak == 0 || reader.cachedBlock(seq) != null) {
      return bytes;
    }
    extend(seq, 1 << streak);
    return local(seq);
  }

  /** Whether {@code seq} lies just past the window in the direction of the scan. */
  private boolean continues(long seq) {
    return reverse
        ? seq < runLo && runLo - seq <= 2 * MAX_RUN
        : seq >= runLo + run.length && seq - (runLo + run.length) < 2 * MAX_RUN;
  }

  /**
   * Reads blocks into the window so that it holds {@code seq} and up to {@code count - 1} blocks
   * beyond it in the direction of the scan. When {@link #continues} holds, the window grows from
   * its edge and keeps the blocks within {@link #MAX_RUN} of the scan's position; otherwise it
   * starts afresh at {@code seq}. A failed read leaves the window as it was and restarts the
   * streak.
   */
  private void extend(long seq, int count) {
    long limit = reader.coreLength();
    if (seq < 1 || seq >= limit) {
      return;
    }
    boolean grow = run != null && continues(seq);
    long runHi = grow ? runLo + run.length : 0;
    long lo;
    long hi;
    long keepLo;
    long keepHi;
    if (!reverse) {
      lo = grow ? runHi : seq;
      hi = Math.min(limit, Math.max(seq + 1, lo + count));
      keepLo = grow ? Math.max(runLo, Math.min(lastSeq, runHi) - MAX_RUN) : lo;
      keepHi = lo;
    } else {
      hi = grow ? runLo : seq + 1;
      lo = Math.max(1, Math.min(seq, hi - count));
      keepLo = hi;
      keepHi = grow ? Math.min(runHi, Math.max(lastSeq, runLo) + MAX_RUN + 1) : hi;
    }
    byte[][] read = reader.storedRun(lo, (int) (hi - lo));
    if (read == null) {
      streak = 0; // runs grow again from small ones, so one damaged block costs no long re-reads
      return;
    }
    if (keepLo == keepHi) {
      run = read;
      runLo = lo;
      return;
    }
    long from = Math.min(lo, keepLo);
    byte[][] window = new byte[(int) (Math.max(hi, keepHi) - from)][];
    System.arraycopy(run, (int) (keepLo - runLo), window, (int) (keepLo - from), (int) (keepHi - keepLo));
    System.arraycopy(read, 0, window, (int) (lo - from), read.length);
    run = window;
    runLo = from;
  }

  /** Block {@code seq} from the read-ahead window, or null. */
  private byte[] local(long seq) {
    byte[][] r = run;
    long k = seq - runLo;
    return r != null && k >= 0 && k < r.length ? r[(int) k] : null;
  }

  private static final int MAX_STREAK = 7;
  /** Most blocks read at once by a streaming scan. */
  static final int MAX_RUN = 1 << MAX_STREAK;
}
