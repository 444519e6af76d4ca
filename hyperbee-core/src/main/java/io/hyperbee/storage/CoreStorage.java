package io.hyperbee.storage;

import io.hyperbee.merkle.Node;

/**
 * The persistent state of one core: identity, signed head, blocks and tree nodes. One thread
 * writes ({@link #create}, {@link #commit}); any number read concurrently. Every {@link #commit}
 * is atomic: after a crash either all of it or none of it is visible.
 * CONTRACT: implemented by the in-memory and the on-disk storage.
 */
public interface CoreStorage extends AutoCloseable {

  /** The identity written by {@link #create}, or null when the storage holds no core yet. */
  CoreIdentity identity();

  /** Writes the identity of a new core (and an empty head). Fails if one exists. */
  void create(CoreIdentity identity);

  /** The last committed head (length 0, fork 0, no signature for a new core). */
  CoreHead head();

  /** Block {@code index}, or null when it is not stored (sparse core, or past the length). */
  byte[] readBlock(long index);

  /**
   * Blocks {@code start .. start + count - 1} (a null slot for each one not stored); storages
   * that keep blocks back to back override this to read a run at once.
   */
  default byte[][] readBlocks(long start, int count) {
    byte[][] out = new byte[count][];
    for (int k = 0; k < count; k++) {
      out[k] = readBlock(start + k);
    }
    return out;
  }

  /**
   * Blocks {@code indexes} (in any order), a null slot for each one not stored; storages that can
   * overlap the reads of scattered blocks override this.
   */
  default byte[][] readBlocks(long[] indexes) {
    byte[][] out = new byte[indexes.length][];
    for (int k = 0; k < indexes.length; k++) {
      out[k] = readBlock(indexes[k]);
    }
    return out;
  }

  /**
   * True when every block of {@code [start, end)} is stored here; exact, and answered from memory
   * by storages that keep a map of what they hold.
   */
  default boolean hasAll(long start, long end) {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad block range " + start + ".." + end);
    }
    for (long i = start; i < end; i++) {
      if (readBlock(i) == null) {
        return false;
      }
    }
    return true;
  }

  /**
   * Drops the local copies of blocks {@code [start, end)} (those below the length and stored):
   * reads of them return null from now on, and {@link #isCleared} says they were dropped on
   * purpose. Tree nodes and the head stay. Atomic per call and durable when it returns.
   *
   * @throws UnsupportedOperationException when this storage cannot drop blocks
   */
  default void clear(long start, long end) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot clear blocks");
  }

  /**
   * {@link #clear} of every range {@code [runs[2k], runs[2k + 1])}, in as few commits as the
   * storage can (a file storage: one per {@code 2^16} blocks dropped, not one per range). Ranges
   * ascend and do not overlap. Durable when it returns.
   *
   * @throws IllegalArgumentException for an odd count, or ranges that are inverted, negative,
   *     overlapping or out of order
   */
  default void clearRuns(long[] runs) {
    checkRuns(runs);
    for (int k = 0; k < runs.length; k += 2) {
      clear(runs[k], runs[k + 1]);
    }
  }

  /** Checks the argument of {@link #clearRuns}. */
  static void checkRuns(long[] runs) {
    if (runs.length % 2 != 0) {
      throw new IllegalArgumentException("runs holds " + runs.length + " numbers, not start/end pairs");
    }
    long previousEnd = 0;
    for (int k = 0; k < runs.length; k += 2) {
      if (runs[k] < previousEnd || runs[k + 1] < runs[k]) {
        throw new IllegalArgumentException("bad block range " + runs[k] + ".." + runs[k + 1]
            + " (ranges must ascend, not overlap, and start at 0 or later)");
      }
      previousEnd = runs[k + 1];
    }
  }

  /** True when block {@code index} was dropped by {@link #clear} (and not stored again since). */
  default boolean isCleared(long index) {
    return false;
  }

  /** What the storage holds; see {@link StorageStats}. This default reads every block. */
  default StorageStats stats() {
    long live = 0;
    long missing = 0;
    long cleared = 0;
    for (long i = 0; i < head().length(); i++) {
      byte[] b = readBlock(i);
      if (b != null) {
        live += b.length;
      } else if (isCleared(i)) {
        cleared++;
      } else {
        missing++;
      }
    }
    return new StorageStats(live, live, 0, cleared, missing);
  }

  /**
   * Gives the space of cleared (and truncated) blocks back to the file system, moving live blocks
   * where needed; crash-safe at every step, and readers go on meanwhile. {@code full}: leave no
   * dead byte at all (rewrites every data segment that holds one); otherwise only segments at
   * least half dead. Storages that keep nothing on disk have nothing to do.
   */
  default Reclaimed reclaim(boolean full) {
    return Reclaimed.NOTHING;
  }

  /** Tree node {@code index}, or null when it is not stored. */
  Node readNode(long index);

  /**
   * The lengths recorded as whole (where appends ended), as of the last commit; a storage that
   * keeps no record answers {@link WholeLengths#NONE}.
   */
  default WholeLengths wholeLengths() {
    return WholeLengths.NONE;
  }

  /**
   * Applies a batch atomically: first the truncation (if any), then blocks, nodes and the head.
   * Durable when it returns if the storage was opened with sync on.
   */
  void commit(StorageBatch batch);

  /**
   * Makes every commit so far durable (on the device when this returns); a storage that forces
   * each commit, or keeps nothing on disk, has nothing to do.
   */
  default void sync() {}

  /**
   * What recovery found on open: for a writable open what it repaired after a crash, for a
   * read-only one what a writable open would repair. Empty after a clean shutdown.
   */
  default java.util.List<String> recoveryFindings() {
    return java.util.List.of();
  }

  @Override
  void close();
}
