package io.hyperbee.replication.replicator;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * What one peer said it holds: a contiguous prefix ({@code range{0, n}}) plus sparse bits from
 * {@code range} and {@code bitfield} messages, in pages of 32,768 blocks allocated as touched.
 * Ranges are clamped by the caller to the peer's advertised length, and at most {@link #MAX_PAGES}
 * pages are kept (16 MiB): a peer that advertises a huge length and sends a 4 KiB page's worth of
 * bitmap for every few bytes of bitfield gets no more; what it says past that is not kept (we only
 * know less about what it holds, and ask others).
 */
final class RemoteBlocks {
  private static final int PAGE_BITS = 1 << 15;
  static final int MAX_PAGES = 1 << 12;

  private final Map<Long, BitSet> pages = new HashMap<>();
  private long contiguous;

  int pageCount() {
    return pages.size();
  }

  long contiguous() {
    return contiguous;
  }

  boolean has(long index) {
    if (index < contiguous) {
      return true;
    }
    BitSet page = pages.get(index / PAGE_BITS);
    return page != null && page.get((int) (index % PAGE_BITS));
  }

  void addPrefix(long length) {
    contiguous = Math.max(contiguous, length);
  }

  /** Marks {@code start..end} held or not; dropping inside the prefix shortens it. */
  void set(long start, long end, boolean held) {
    if (!held && start < contiguous) {
      // the prefix beyond start is no longer known contiguous: keep it as bits
      long oldPrefix = contiguous;
      contiguous = start;
      setBits(start, oldPrefix, true);
    }
    setBits(start, end, held);
  }

  /** A bitfield message is the truth for its span: the prefix ends at its start if it overlapped. */
  void insert(long start, int[] words) {
    long end = start + 32L * words.length;
    if (start < contiguous) {
      long oldPrefix = contiguous;
      contiguous = start;
      setBits(end, oldPrefix, true);
    }
    for (int w = 0; w < words.length; w++) {
      for (int b = 0; b < 32; b++) {
        long index = start + 32L * w + b;
        setBits(index, index + 1, (words[w] & (1 << b)) != 0);
      }
    }
  }

  private void setBits(long start, long end, boolean held) {
    long i = start;
    while (i < end) {
      long pageNo = i / PAGE_BITS;
      long pageEnd = Math.min(end, (pageNo + 1) * PAGE_BITS);
      BitSet page = pages.get(pageNo);
      if (page == null && held && pages.size() < MAX_PAGES) {
        page = new BitSet(PAGE_BITS);
        pages.put(pageNo, page);
      }
      if (page != null) {
        page.set((int) (i % PAGE_BITS), (int) ((pageEnd - 1) % PAGE_BITS) + 1, held);
      }
      i = pageEnd;
    }
  }
}
