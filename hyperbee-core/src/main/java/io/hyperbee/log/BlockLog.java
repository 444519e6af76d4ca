package io.hyperbee.log;

import java.util.List;

/**
 * What the B-tree needs from the log under it: a verified, append-only sequence of blocks.
 * {@link Hypercore} is the real implementation; reads are safe from many threads while one
 * thread appends.
 */
public interface BlockLog extends AutoCloseable {

  /** Number of blocks in the log. */
  long length();

  /**
   * Returns block {@code index} (a fresh or shared immutable array; callers must not modify it).
   *
   * @throws io.hyperbee.HyperbeeException {@code BLOCK_NOT_AVAILABLE} when the block is not
   *     stored and no source can supply it; {@code SNAPSHOT_NOT_AVAILABLE} past the length
   */
  byte[] get(long index);

  /**
   * Appends all blocks atomically (all or none become visible), hashing them; the new length
   * is signed once (a {@link Hypercore} defers that until the signature is needed). Returns the
   * new length.
   *
   * @throws io.hyperbee.HyperbeeException {@code SESSION_NOT_WRITABLE} without a secret key
   */
  long append(List<byte[]> blocks);

  /**
   * As {@link #append(List)}, handing the arrays over: the caller never touches them again, so
   * the log may keep them without copying (the B-tree appends blocks it has just encoded).
   */
  default long appendOwned(List<byte[]> blocks) {
    return append(blocks);
  }

  /**
   * Blocks {@code start .. start + count - 1} that can be read without fetching them from
   * elsewhere: a null slot for each one this log does not hold (a sparse replica). Logs that store
   * blocks back to back override this to read them at once; readers use it to read ahead.
   */
  default byte[][] getStored(long start, int count) {
    byte[][] out = new byte[count][];
    for (int k = 0; k < count; k++) {
      out[k] = get(start + k);
    }
    return out;
  }

  /**
   * Blocks {@code indexes} (in any order, each below the length) that can be read without fetching
   * them from elsewhere, a null slot for each one this log does not hold: {@link
   * #getStored(long, int)} for blocks that lie apart. Logs whose storage can overlap such reads
   * override this; a range scan over keys written in random order reads ahead through it.
   */
  default byte[][] getStored(long[] indexes) {
    byte[][] out = new byte[indexes.length][];
    for (int k = 0; k < indexes.length; k++) {
      out[k] = has(indexes[k]) ? get(indexes[k]) : null;
    }
    return out;
  }

  /**
   * True when block {@code index} can be read without fetching it from elsewhere. Logs that hold
   * every block below their length (the default) say so; a sparse replica overrides this.
   */
  default boolean has(long index) {
    return index >= 0 && index < length();
  }

  /**
   * Blocks a read will probably need soon (JS hyperbee's {@code TreeNode.preload}): a log that
   * fetches missing blocks from elsewhere may ask for them now, without waiting, so that reads
   * needing several of them wait one round trip instead of one each. Logs that hold their blocks
   * ignore it (the default).
   */
  default void prefetch(long[] indexes) {}

  /**
   * The lengths known to be whole versions: where appends ended (see {@link
   * io.hyperbee.storage.WholeLengths}). A log that keeps no record answers {@code NONE}, and the
   * B-tree then tells batch bounds from the blocks alone.
   */
  default io.hyperbee.storage.WholeLengths wholeLengths() {
    return io.hyperbee.storage.WholeLengths.NONE;
  }

  /**
   * Registers a listener told of every append and truncation, local or from a peer (see {@link
   * CoreListener} for the threading rules). Closing the returned handle removes it.
   */
  AutoCloseable addListener(CoreListener listener);

  /** True when this log holds the secret key and can append. */
  boolean writable();

  /** The 32-byte core key (the manifest hash for default cores). */
  byte[] key();

  /** The 32-byte discovery key derived from {@link #key()}. */
  byte[] discoveryKey();

  @Override
  void close();
}
