package io.hyperbee.btree;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.log.Hypercore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Clears the blocks no retained version reads ({@link Hyperbee#clearHistory}). A read of version
 * {@code v} walks its tree from its root (level 0 of block {@code v - 1}) and reads, besides the
 * header block 0, the blocks holding the nodes it passes and the blocks holding those nodes' keys
 * (a key's value lives in the block that put it). JS's {@code isLinked} looks at the first kind
 * only; here a block stays when a retained version reads it either way, so every retained
 * version reads exactly as before, from local data. A block is kept when:
 *
 * <ul>
 *   <li>it is the header, or lies at or after the root of the oldest of the last versions (the
 *       tail: those versions' own blocks, which also keeps their history and batch bounds
 *       readable), or
 *   <li>the tree of a retained version (one of the last versions, or a held one) passes it or
 *       takes a key from it.
 * </ul>
 *
 * Everything else below the tail is cleared, all runs in the same commits ({@link
 * Hypercore#clearRuns}). Trees share most nodes, so each node (block, level)
 * is walked once whatever the number of versions reaching it. A node whose block is already gone
 * (cleared earlier, or never stored by a sparse replica) is skipped with what lies under it: no
 * read of that version passed it before either. Only then is anything cleared, so a failure while
 * walking clears nothing. Versions not retained read exactly or fail with {@code
 * BLOCK_NOT_AVAILABLE} (blocks never change, they only go), never wrongly.
 */
final class RetainedBlocks {
  private static final int DECODED_CACHE = 4096;

  private final Hypercore core;
  private final long length;
  private final BitSet needed;
  /** Levels walked so far, per block seq. */
  private final Map<Long, BitSet> walked = new HashMap<>();
  private final Map<Long, NodeBlock> decoded = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, NodeBlock> eldest) {
      return size() > DECODED_CACHE;
    }
  };

  private RetainedBlocks(Hypercore core, long length) {
    this.core = core;
    this.length = length;
    this.needed = new BitSet((int) length);
  }

  /**
   * Clears what {@code retention} lets go of in {@code core}, whose length is the current version;
   * returns how many stored blocks were cleared.
   */
  static long clear(Hypercore core, Retention retention) {
    long length = core.length();
    if (retention.keepsAll() || length < 2) {
      return 0;
    }
    if (length > Integer.MAX_VALUE) {
      throw new HyperbeeException(ErrorCode.INVALID_OPERATION, "clearing history of a log of " + length
          + " blocks is not supported (at most " + Integer.MAX_VALUE + ")");
    }
    for (long v : retention.heldVersions()) {
      if (v > length) {
        throw new IllegalArgumentException("held version " + v + " is past the current version " + length);
      }
    }
    RetainedBlocks r = new RetainedBlocks(core, length);
    long oldestLast = Math.max(1, length - Math.min(length, retention.lastVersions()) + 1);
    r.needed.set(0);
    r.needed.set((int) oldestLast - 1, (int) length);
    for (long v = length; v >= oldestLast; v--) { // newest first: older trees then find most nodes walked
      r.walk(v);
    }
    for (long v : retention.heldVersions()) {
      r.walk(v);
    }
    return r.clearTheRest(oldestLast - 1);
  }

  /** Marks every block the tree of version {@code v} reads. */
  private void walk(long v) {
    if (v < 2) {
      return; // the empty tree: the header only
    }
    ArrayDeque<long[]> todo = new ArrayDeque<>();
    todo.push(new long[] {v - 1, 0});
    while (!todo.isEmpty()) {
      long[] node = todo.pop();
      long seq = node[0];
      int level = (int) node[1];
      mark(seq);
      BitSet levels = walked.computeIfAbsent(seq, s -> new BitSet());
      if (levels.get(level)) {
        continue; // walked from another version: so was everything under it
      }
      levels.set(level);
      NodeBlock block = blockIfStored(seq);
      if (block == null || level >= block.levelCount()) {
        continue; // gone, or a version whose root block holds no node (inside a batch): nothing to read
      }
      for (long key : block.keys(level)) {
        mark(key);
      }
      long[] children = block.children(level);
      for (int i = 0; i + 1 < children.length; i += 2) {
        todo.push(new long[] {children[i], children[i + 1]});
      }
    }
  }

  private void mark(long seq) {
    if (seq < 0 || seq >= length) {
      throw new HyperbeeException(ErrorCode.DECODING_ERROR, "a tree node names block " + seq
          + ", outside the log of " + length + " blocks");
    }
    needed.set((int) seq);
  }

  private NodeBlock blockIfStored(long seq) {
    NodeBlock b = decoded.get(seq);
    if (b == null && core.has(seq)) {
      b = NodeBlock.decode(seq, core.get(seq));
      decoded.put(seq, b);
    }
    return b;
  }

  /** Clears every stored block below {@code tail} that is not needed, in as few commits as the storage can. */
  private long clearTheRest(long tail) {
    long cleared = 0;
    int end = (int) tail;
    List<Long> runs = new ArrayList<>();
    for (int start = needed.nextClearBit(1); start < end; ) {
      int next = needed.nextSetBit(start);
      int stop = next < 0 || next > end ? end : next;
      for (int s = start; s < stop; s++) {
        cleared += core.has(s) ? 1 : 0;
      }
      runs.add((long) start);
      runs.add((long) stop);
      start = needed.nextClearBit(stop);
    }
    if (!runs.isEmpty()) {
      core.clearRuns(runs.stream().mapToLong(Long::longValue).toArray());
    }
    return cleared;
  }
}
