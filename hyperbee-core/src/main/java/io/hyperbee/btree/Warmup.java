package io.hyperbee.btree;

/**
 * Told when a read of a bee must wait for a block that is not stored locally (JS hyperbee's
 * {@code onwait}), so that a cache-warmup extension can ask peers to push the blocks the read will
 * need. Set with {@link Hyperbee#warmup(Warmup)}. Called on the reading thread, before the read
 * waits: it must not block.
 */
public interface Warmup {
  /**
   * A {@code get} waits for the first time: it reads the tree at {@code version} (the seq of its
   * root block + 1) for {@code key}, in stored form (with any sub prefix). Told once per get.
   */
  void getWaits(long version, byte[] key);

  /**
   * A range read waits while no query of it is outstanding (the first wait, then the first wait
   * after 2048 more blocks were read, as JS): {@code snapshot} says where it stands. Never told
   * for a read that has ended or whose limit is used up.
   */
  void rangeWaits(RangeSnapshot snapshot);
}
