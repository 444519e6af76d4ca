package io.hyperbee.storage;

import io.hyperbee.merkle.Node;
import io.hyperbee.storage.StorageBatch.BlockWrite;
import java.util.List;

/**
 * A validated batch, ready to apply: the truncation (negative: none), where its block bytes go in
 * the data file, blocks and nodes sorted by index, the head record to write last, and the whole lengths to
 * record (see {@link StorageBatch}). Applying a plan twice gives the same files, which is what lets
 * the journal replay it after a crash (a replayed plan carries no new whole lengths: only a
 * replica's commits are journaled with some, and losing those loses knowledge, never truth).
 */
record CommitPlan(long truncateTo, long dataOffset, List<BlockWrite> blocks, List<Node> nodes, HeadRecord head,
    long knownFrom, long[] wholeLengths) {

  CommitPlan(long truncateTo, long dataOffset, List<BlockWrite> blocks, List<Node> nodes, HeadRecord head) {
    this(truncateTo, dataOffset, blocks, nodes, head, -1, new long[0]);
  }
}
