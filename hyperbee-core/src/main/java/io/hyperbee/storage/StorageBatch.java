package io.hyperbee.storage;

import io.hyperbee.merkle.Node;
import java.util.List;

/**
 * One atomic change of a core's storage: an optional truncation ({@code truncateTo >= 0} drops
 * blocks at and after that block index and tree nodes at flat index {@code >= 2 * truncateTo} plus
 * the ancestors that span the cut), then new blocks and nodes, then the new head (null keeps the
 * current head, as when a sparse replica stores a verified block).
 *
 * <p>{@code knownFrom} and {@code wholeLengths} extend the {@link WholeLengths} record in the same
 * commit: lengths (ascending, above the last recorded one, at most the new length) where appends
 * ended, preceded by {@code knownFrom} as the start of the complete span when it is not negative.
 * A truncation updates the record by itself ({@link WholeLengths#truncatedTo}).
 */
public record StorageBatch(long truncateTo, List<BlockWrite> blocks, List<Node> nodes, CoreHead head,
    long knownFrom, long[] wholeLengths) {

  private static final long[] NONE = new long[0];

  /** A batch that records no whole lengths. */
  public StorageBatch(long truncateTo, List<BlockWrite> blocks, List<Node> nodes, CoreHead head) {
    this(truncateTo, blocks, nodes, head, -1, NONE);
  }

  /**
   * A block to store at block {@code index}; inside the storage package also a block to clear
   * (null data, see {@link #cleared}), which user batches cannot carry ({@link CheckedBatch}
   * refuses null data).
   */
  public record BlockWrite(long index, byte[] data) {
    /** Drops the local copy of block {@code index}; the tree keeps proving it. */
    static BlockWrite cleared(long index) {
      return new BlockWrite(index, null);
    }

    boolean isCleared() {
      return data == null;
    }
  }
}
