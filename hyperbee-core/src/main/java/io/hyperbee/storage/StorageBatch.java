package io.hyperbee.storage;

import io.hyperbee.merkle.Node;
import java.util.List;

/**
 * One atomic change of a core's storage: an optional truncation ({@code truncateTo >= 0} drops
 * blocks at and after that block index and tree nodes at flat index {@code >= 2 * truncateTo} plus
 * the ancestors that span the cut), then new blocks and nodes, then the new head (null keeps the
 * current head, as when a sparse replica stores a verified block).
 */
public record StorageBatch(long truncateTo, List<BlockWrite> blocks, List<Node> nodes, CoreHead head) {

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
