package io.hyperbee.btree;

import java.util.ArrayList;
import java.util.Arrays;

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
    this.reader = reader;
    this.gKey = range.lower();
    this.gIncl = range.lowerInclusive();
    this.lKey = range.upper();
    this.lIncl = range.upperInclusive();
    this.reverse = range.reverse();
    this.limit = range.limit();
    this.prefixLength = prefixLength;
    this.guard = guard;
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
      int mid = node.search(start, reader);
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
        IndexNode child = top.node.child(n, reader);
        top.node.unlinkChild(n, reader.coreLength());
        stack.add(new Frame(child, reverse ? child.keyCount() << 1 : 0));
        continue;
      }
      if (n >= top.node.keyCount()) {
        stack.remove(stack.size() - 1);
        continue;
      }
      BlockRecord block = readEntry(top.node.keySeq(n));
      if (end != null) {
        int c = Arrays.compareUnsigned(block.key(), end);
        if (c == 0 ? !incl : reverse ? c < 0 : c > 0) {
          limit = 0;
          break;
        }
      }
      if (limit > 0) {
        limit--;
      }
      return Hyperbee.entryOf(block, prefixLength);
    }
    return null;
  }

  /**
   * The entry block {@code seq}. While entries come from consecutive seqs in the direction of the
   * scan (keys written in order), a miss reads a growing run of following blocks at once (up to
   * {@link #MAX_RUN}); scattered seqs read one block at a time, so nothing unneeded is cached.
   */
  private BlockRecord readEntry(long seq) {
    long step = reverse ? lastSeq - seq : seq - lastSeq;
    streak = lastSeq >= 0 && step >= 1 && step <= 8 ? Math.min(streak + 1, MAX_STREAK) : 0;
    lastSeq = seq;
    return reader.block(seq, 1 << streak, reverse);
  }

  private static final int MAX_STREAK = 7;
  /** Most blocks read at once by a streaming scan. */
  static final int MAX_RUN = 1 << MAX_STREAK;
}
