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
    /** Where the node is stored (block seq, level offset): a checkpoint names it so. */
    final long seq;
    final int offset;
    int i;

    Frame(IndexNode node, long seq, int offset, int i) {
      this.node = node;
      this.seq = seq;
      this.offset = offset;
      this.i = i;
    }
  }

  /** Blocks read between two range queries of a warm-up (JS extension's BATCH_SIZE). */
  static final int WARMUP_BATCH = 2048;

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
  /** This scan's read-ahead over scattered seqs (keys written in random order). */
  private final ScatteredReadAhead scattered = new ScatteredReadAhead();
  /** This scan's read-ahead: raw blocks runLo .. runLo + run.length - 1 (null slots unstored). */
  private byte[][] run;
  private long runLo;
  private long limit;
  private boolean opened;
  /** True once the start bound was found (JS sets {@code opened} only then). */
  private boolean positioned;
  /** Told when a step must wait for a peer's block; null for none. */
  private final Warmup warmup;
  /** The version read (its root is block version - 1). */
  private final long version;
  /** Blocks still to read before a wait asks the warm-up again (JS's {@code next}). */
  private int untilNextQuery;
  /** Seq of the last entry returned, and how many entries in a row came from nearby seqs. */
  private long lastSeq = -1;
  private int streak;
  /**
   * True once an entry was returned: from then on blocks off the read-ahead are read past the
   * caches. The first entry (a seek's, often the only one) is read through them.
   */
  private boolean scanning;

  /**
   * @param range bounds already in stored (prefixed) form
   * @param guard run before each step (closed checks, batch locking)
   */
  RangeIterator(BlockReader reader, KeyRange range, int prefixLength, Runnable guard) {
    this(reader, range, prefixLength, guard, false, null, 0);
  }

  /**
   * @param fresh give every entry key and value arrays of its own, shared with nothing
   * @param warmup told when a step must wait for a peer (null: none)
   * @param version the version {@code reader} reads, for the warm-up's queries
   */
  RangeIterator(
      BlockReader reader, KeyRange range, int prefixLength, Runnable guard, boolean fresh,
      Warmup warmup, long version) {
    this.reader = reader;
    this.warmup = warmup;
    this.version = version;
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
    long seq = version - 1;
    int offset = 0;
    if (start == null) {
      stack.add(new Frame(node, seq, offset, reverse ? node.keyCount() << 1 : 0));
      return;
    }
    while (true) {
      read();
      Frame entry = new Frame(node, seq, offset, reverse ? node.keyCount() << 1 : 0);
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
      seq = node.childSeq(s);
      offset = node.childOffset(s);
      node = node.child(s, reader);
    }
  }

  @Override
  protected Entry advance() {
    guard.run();
    return warmup == null ? step() : ReadWaits.during(this::onWait, this::step);
  }

  /** A read of this step must wait for a peer: asks the warm-up ahead, as JS's onwait does. */
  private void onWait() {
    if (untilNextQuery > 0) {
      return;
    }
    RangeSnapshot snapshot = snapshot();
    if (snapshot != null) {
      untilNextQuery = WARMUP_BATCH;
      warmup.rangeWaits(snapshot);
    }
  }

  /** A block was read (JS counts its onseq calls down to the next query). */
  private void read() {
    if (untilNextQuery > 0) {
      untilNextQuery--;
    }
  }

  /**
   * Where this read stands mid-step (JS {@code snapshot()} while {@code _nexting}): the top
   * frame's slot is stepped back, so a peer resuming there reads the block this step waits for.
   * Null when the read has ended or its limit is used up (JS then sends nothing).
   */
  private RangeSnapshot snapshot() {
    if (limit == 0) {
      return null;
    }
    long[] checkpoint = new long[positioned ? 3 * stack.size() : 0];
    int n = 0;
    for (int f = 0; positioned && f < stack.size(); f++) {
      Frame frame = stack.get(f);
      int i = f == stack.size() - 1 ? (reverse ? frame.i + 1 : frame.i - 1) : frame.i;
      if (i >= 0) {
        checkpoint[n++] = frame.seq;
        checkpoint[n++] = frame.offset;
        checkpoint[n++] = i;
      }
    }
    if (positioned && n == 0) {
      return null;
    }
    return new RangeSnapshot(
        version, gIncl ? gKey : null, gIncl ? null : gKey, lIncl ? lKey : null, lIncl ? null : lKey,
        limit, reverse, java.util.Arrays.copyOf(checkpoint, n));
  }

  private Entry step() {
    if (!opened) {
      opened = true;
      open();
      positioned = true;
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
        read();
        IndexNode child = child(top.node, n);
        top.node.unlinkChild(n, reader.coreLength());
        stack.add(new Frame(child, top.node.childSeq(n), top.node.childOffset(n),
            reverse ? child.keyCount() << 1 : 0));
        if (scanning && streak == 0 && child.childCount() == 0) {
          scattered.enter(reader, raw, top.node, n, child, reverse, limit);
        }
        continue;
      }
      if (n >= top.node.keyCount()) {
        stack.remove(stack.size() - 1);
        continue;
      }
      long seq = top.node.keySeq(n);
      read();
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
      scanning = true;
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
   * keys' blocks), the node cache is asked and else the window extended. A scan over scattered
   * seqs reads the child's block past the caches (it would miss them, and each probe is a memory
   * miss); otherwise the child is read the ordinary way.
   */
  private IndexNode child(IndexNode node, int n) {
    long seq = node.childSeq(n);
    int offset = node.childOffset(n);
    LazyNode decoded = scattered.node(seq, offset);
    if (decoded != null) {
      reader.preload(decoded);
      return decoded;
    }
    byte[] bytes = local(seq);
    if (bytes == null && run != null && streak > 0 && continues(seq)) {
      IndexNode cached = reader.cachedNode(seq, offset);
      if (cached != null) {
        return cached;
      }
      extend(seq, 1 << streak);
      bytes = local(seq);
    }
    if (bytes == null && scanning && streak == 0) {
      bytes = reader.uncachedBlock(seq);
    }
    if (bytes == null) {
      return node.child(n, reader);
    }
    raw.parse(seq, bytes);
    LazyNode child = raw.level(offset);
    reader.preload(child); // its keys' blocks may not be here yet (a replica)
    return child;
  }

  /**
   * The raw bytes of entry block {@code seq} when this scan streams: while entries come from
   * nearby seqs in the direction of the scan (keys written in order), a block missing from the
   * read-ahead window (and from the bee's cache) brings a growing run of blocks into it at once
   * (up to {@link #MAX_RUN}), read raw and never cached for others, so a long scan does not evict
   * the point-lookup working set. Over scattered seqs the block comes from the scattered
   * read-ahead, else (after the first entry) is read alone past the caches. Null when the block is
   * to be read the ordinary way: the first entry, a cached block, a reader without raw reads, a
   * failed or sparse run.
   */
  private byte[] streamed(long seq) {
    long step = reverse ? lastSeq - seq : seq - lastSeq;
    streak = lastSeq >= 0 && step >= 1 && step <= 8 ? Math.min(streak + 1, MAX_STREAK) : 0;
    lastSeq = seq;
    byte[] bytes = local(seq);
    if (bytes != null) {
      return bytes;
    }
    if (streak == 0) {
      return scanning ? reader.uncachedBlock(seq) : null;
    }
    if (reader.cachedBlock(seq) != null) {
      return null;
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

  /** Block {@code seq} from the read-ahead window or the scattered read-ahead, or null. */
  private byte[] local(long seq) {
    byte[][] r = run;
    long k = seq - runLo;
    return r != null && k >= 0 && k < r.length ? r[(int) k] : scattered.get(seq);
  }

  private static final int MAX_STREAK = 7;
  /** Most blocks read at once by a streaming scan. */
  static final int MAX_RUN = 1 << MAX_STREAK;
}
