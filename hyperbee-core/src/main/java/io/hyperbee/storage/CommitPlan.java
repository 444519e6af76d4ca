package io.hyperbee.storage;

import io.hyperbee.merkle.Node;
import io.hyperbee.storage.StorageBatch.BlockWrite;
import java.util.List;

/**
 * A validated batch, ready to apply: the truncation (negative: none), where its block bytes go in
 * the data file, blocks and nodes sorted by index, and the head record to write last. Applying a
 * plan twice gives the same files, which is what lets the journal replay it after a crash.
 */
record CommitPlan(long truncateTo, long dataOffset, List<BlockWrite> blocks, List<Node> nodes, HeadRecord head) {}
