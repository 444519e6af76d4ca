package io.hyperbee.storage;

/**
 * What a core's storage holds, in bytes and blocks.
 *
 * @param liveBytes bytes of the blocks stored locally
 * @param blockBytesOnDisk bytes the block data takes on disk; above {@code liveBytes} by what
 *     cleared or moved blocks left behind until a {@link CoreStorage#reclaim} gives it back
 * @param bytesOnDisk bytes of every file of the core (block data, index, tree, head, journal)
 * @param clearedBlocks blocks below the length dropped by {@link CoreStorage#clear}
 * @param missingBlocks blocks below the length never stored (a sparse replica's holes)
 */
public record StorageStats(long liveBytes, long blockBytesOnDisk, long bytesOnDisk, long clearedBlocks,
    long missingBlocks) {

  /** Bytes a full {@link CoreStorage#reclaim} would give back to the file system. */
  public long reclaimableBytes() {
    return Math.max(0, blockBytesOnDisk - liveBytes);
  }
}
