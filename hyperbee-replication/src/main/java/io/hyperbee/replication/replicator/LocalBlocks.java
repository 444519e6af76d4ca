package io.hyperbee.replication.replicator;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * What this replica holds, for what we tell peers (want replies, ranges): the core's
 * {@code has} reads the block from storage, which answering one want of a segment (up to 2^21
 * blocks) block by block would do each time. Bits are loaded from the core one page of 32,768
 * blocks at a time, on first use, and kept current as blocks are stored, appended and truncated
 * (every change is applied after the core committed it, so a page loaded later sees it too).
 * Serving a request still asks the core, so a stale bit costs at most a {@code noData}.
 */
final class LocalBlocks {
  private static final int PAGE_BITS = 1 << 15;

  private final LongPredicate stored;
  private final Map<Long, BitSet> pages = new HashMap<>();

  /** {@code stored}: whether the core holds a block (false past its length). */
  LocalBlocks(LongPredicate stored) {
    this.stored = stored;
  }

  synchronized boolean has(long index) {
    return index >= 0 && page(index / PAGE_BITS).get((int) (index % PAGE_BITS));
  }

  /** Blocks {@code start..end} are stored now. */
  synchronized void add(long start, long end) {
    setLoaded(start, end, true);
  }

  /** Blocks {@code start..end} were cleared: no longer held. */
  synchronized void remove(long start, long end) {
    setLoaded(start, end, false);
  }

  /** Sets the bits of {@code start..end} in the pages loaded; a page not loaded yet reads the core when it is. */
  private void setLoaded(long start, long end, boolean held) {
    for (long i = start; i < end; ) {
      long pageNo = i / PAGE_BITS;
      long pageEnd = Math.min(end, (pageNo + 1) * PAGE_BITS);
      BitSet page = pages.get(pageNo);
      if (page != null) {
        page.set((int) (i % PAGE_BITS), (int) ((pageEnd - 1) % PAGE_BITS) + 1, held);
      }
      i = pageEnd;
    }
  }

  /** The core was truncated to {@code length}: nothing from there on is held. */
  synchronized void truncate(long length) {
    pages.entrySet().removeIf(e -> e.getKey() * PAGE_BITS >= length);
    BitSet last = pages.get(length / PAGE_BITS);
    if (last != null) {
      last.clear((int) (length % PAGE_BITS), PAGE_BITS);
    }
  }

  private BitSet page(long pageNo) {
    BitSet page = pages.get(pageNo);
    if (page == null) {
      page = new BitSet(PAGE_BITS);
      long first = pageNo * PAGE_BITS;
      for (int b = 0; b < PAGE_BITS; b++) {
        if (stored.test(first + b)) {
          page.set(b);
        }
      }
      pages.put(pageNo, page);
    }
    return page;
  }
}
