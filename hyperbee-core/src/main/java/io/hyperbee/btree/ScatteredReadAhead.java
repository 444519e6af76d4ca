package io.hyperbee.btree;

import io.hyperbee.HyperbeeException;
import java.util.Arrays;

/**
 * A range scan's read-ahead over scattered seqs: keys written in random order live in blocks far
 * apart in the log, so a scan cannot read runs of consecutive blocks ({@link RangeIterator}'s
 * window) and each block it reads waits for its memory (or disk) loads alone. When the scan
 * enters a leaf, this reads the blocks it needs next in one batch ({@link
 * BlockReader#storedBlocks}), whose loads overlap: the leaf's entries, then those of the next
 * sibling leaves and the parent's keys between them; the siblings' own blocks are read (and their
 * nodes decoded) in a batch before. The number of leaves a batch covers doubles from one up to a
 * parent's children, so a short range reads at most about twice what it returns.
 *
 * <p>Holds one batch (at most a parent's leaves and their keys) and drops it for the next. Best
 * effort: a block the batch does not hold (not stored, the batch read failed, past the scan's
 * limit) is read the ordinary way when the scan reaches it, and that read reports any error;
 * nothing enters the bee's caches. Not thread-safe (one per iterator).
 */
final class ScatteredReadAhead {
  /** Most leaves one batch covers: every child of a node. */
  private static final int MAX_LEAVES = TreeNode.MAX_CHILDREN + 1;
  /** Most entry blocks one batch holds. */
  private static final int MAX_ENTRIES = MAX_LEAVES * TreeNode.MAX_CHILDREN;
  /** Open-addressing table of the batch's blocks: twice the most it holds, a power of two. */
  private static final int SLOTS = Integer.highestOneBit(2 * MAX_ENTRIES - 1) << 1;

  /** Seq + 1 per slot (0: empty), and the block of that seq. */
  private final long[] slotSeqs = new long[SLOTS];
  private final byte[][] slotBlocks = new byte[SLOTS][];
  /** The sibling leaves decoded for the batch: seq, offset and node per sibling. */
  private final long[] nodeSeqs = new long[MAX_LEAVES];
  private final int[] nodeOffsets = new int[MAX_LEAVES];
  private final LazyNode[] nodes = new LazyNode[MAX_LEAVES];
  private int nodeCount;
  private int leaves = 1;

  /** Block {@code seq} if the current batch holds it, else null. */
  byte[] get(long seq) {
    for (int i = slot(seq); ; i = (i + 1) & (SLOTS - 1)) {
      long s = slotSeqs[i];
      if (s == seq + 1) {
        return slotBlocks[i];
      }
      if (s == 0) {
        return null;
      }
    }
  }

  /** Node {@code offset} of block {@code seq} if the batch decoded it, else null. */
  LazyNode node(long seq, int offset) {
    for (int i = 0; i < nodeCount; i++) {
      if (nodeSeqs[i] == seq && nodeOffsets[i] == offset) {
        return nodes[i];
      }
    }
    return null;
  }

  private static int slot(long seq) {
    return (int) ((seq * 0x9E3779B97F4A7C15L) >>> 40) & (SLOTS - 1);
  }

  /**
   * Reads ahead for a scan that has just entered {@code leaf}, child {@code n} of {@code parent},
   * unless the batch holds its first entry already.
   *
   * @param raw the scan's block parser, used to decode the siblings
   * @param limit how many entries the scan may still return; negative for no limit
   */
  void enter(BlockReader reader, RawNodeBlock raw, IndexNode parent, int n, IndexNode leaf,
      boolean reverse, long limit) {
    int keys = leaf.keyCount();
    if (keys == 0 || get(leaf.keySeq(reverse ? keys - 1 : 0)) != null) {
      return;
    }
    clear();
    int step = reverse ? -1 : 1;
    int last = reverse ? Math.max(0, n - leaves + 1) : Math.min(parent.childCount() - 1, n + leaves - 1);
    leaves = Math.min(2 * leaves, MAX_LEAVES);
    if (last != n) {
      long[] siblings = new long[Math.abs(last - n)];
      for (int c = n + step, i = 0; c != last + step; c += step) {
        siblings[i++] = parent.childSeq(c);
      }
      read(reader, distinct(siblings));
    }
    long[] wanted = new long[(int) Math.min(limit < 0 ? Long.MAX_VALUE : limit, MAX_ENTRIES)];
    int count = add(wanted, 0, leaf, reverse);
    for (int c = n + step; c != last + step && count < wanted.length; c += step) {
      wanted[count++] = parent.keySeq(reverse ? c : c - 1); // the parent's key before child c
      IndexNode sibling = decode(raw, parent.childSeq(c), parent.childOffset(c));
      if (sibling == null) {
        break; // read the ordinary way once the scan gets there
      }
      count = add(wanted, count, sibling, reverse);
    }
    int fresh = 0;
    for (int i = 0; i < count; i++) {
      if (get(wanted[i]) == null) { // not a sibling's block read above
        wanted[fresh++] = wanted[i];
      }
    }
    read(reader, Arrays.copyOf(wanted, fresh));
  }

  private void clear() {
    Arrays.fill(slotSeqs, 0);
    Arrays.fill(slotBlocks, null);
    Arrays.fill(nodes, null);
    nodeCount = 0;
  }

  /** Reads blocks {@code seqs} (distinct) into the batch; a failed read adds nothing. */
  private void read(BlockReader reader, long[] seqs) {
    byte[][] blocks = seqs.length == 0 ? null : reader.storedBlocks(seqs);
    for (int k = 0; blocks != null && k < seqs.length; k++) {
      if (blocks[k] != null) {
        int i = slot(seqs[k]);
        while (slotSeqs[i] != 0) {
          i = (i + 1) & (SLOTS - 1);
        }
        slotSeqs[i] = seqs[k] + 1;
        slotBlocks[i] = blocks[k];
      }
    }
  }

  /** Adds {@code node}'s key seqs in scan order to {@code out} from {@code at}, as many as fit. */
  private static int add(long[] out, int at, IndexNode node, boolean reverse) {
    int keys = node.keyCount();
    for (int i = 0; i < keys && at < out.length; i++) {
      out[at++] = node.keySeq(reverse ? keys - 1 - i : i);
    }
    return at;
  }

  /** Node {@code offset} of block {@code seq} decoded from the batch and kept, or null. */
  private LazyNode decode(RawNodeBlock raw, long seq, int offset) {
    byte[] block = get(seq);
    if (block == null) {
      return null;
    }
    try {
      raw.parse(seq, block);
      LazyNode node = raw.level(offset);
      nodeSeqs[nodeCount] = seq;
      nodeOffsets[nodeCount] = offset;
      nodes[nodeCount++] = node;
      return node;
    } catch (HyperbeeException e) { // a damaged node: its own read reports it when the scan gets there
      return null;
    }
  }

  /** {@code values} without repeats (a block can hold several sibling nodes), in any order. */
  private static long[] distinct(long[] values) {
    int n = 0;
    outer:
    for (long v : values) {
      for (int i = 0; i < n; i++) {
        if (values[i] == v) {
          continue outer;
        }
      }
      values[n++] = v;
    }
    return n == values.length ? values : Arrays.copyOf(values, n);
  }
}
