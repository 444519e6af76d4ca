package io.hyperbee.storage;

/**
 * What one {@link CoreStorage#reclaim} did.
 *
 * @param segmentsDropped data segment files deleted
 * @param bytesMoved live block bytes copied out of them first
 * @param bytesFreed bytes of block data given back to the file system (file sizes before minus after)
 */
public record Reclaimed(int segmentsDropped, long bytesMoved, long bytesFreed) {
  public static final Reclaimed NOTHING = new Reclaimed(0, 0, 0);
}
