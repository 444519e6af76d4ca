package io.hyperbee.leveldb;

import io.hyperbee.HyperbeeException;
import io.hyperbee.btree.BeeOptions;
import io.hyperbee.btree.Hyperbee;
import io.hyperbee.log.Hypercore;
import java.util.ArrayList;
import java.util.List;

/**
 * Rolls a core back to its last whole version before the damage. Blocks are read from the start
 * until one does not read back; the cut then goes back to the last version that is not inside an
 * atomic batch (a write batch is one append of several blocks, and a version inside it holds no
 * whole tree: cutting there leaves a store whose reads fail or show a few keys). Everything before
 * the cut is kept.
 */
final class CoreRepair {
  private CoreRepair() {}

  /**
   * What a repair did.
   *
   * @param keptLength the core length kept (the version the database is at now)
   * @param originalLength the core length before the repair
   * @param firstDamaged the first block that did not read back ({@code originalLength} if none)
   * @param droppedKeys keys written by the dropped blocks that still read back, in block order
   *     (the damaged blocks' keys are unknown)
   */
  record Report(long keptLength, long originalLength, long firstDamaged, List<byte[]> droppedKeys) {
    boolean changed() {
      return keptLength != originalLength;
    }

    @Override
    public String toString() {
      return changed()
          ? "rolled back from version " + originalLength + " to version " + keptLength
              + ": block " + firstDamaged + " does not read back, and versions "
              + (keptLength + 1) + ".." + originalLength + " were dropped ("
              + droppedKeys.size() + " readable writes of them lost"
              + (firstDamaged < originalLength ? ", plus the damaged ones" : "") + ")"
          : "intact at version " + originalLength;
    }
  }

  static Report repair(Hypercore core) {
    HyperbeeException first;
    long length = core.length();
    try {
      core.verify();
      return new Report(length, length, length, List.of());
    } catch (HyperbeeException e) {
      first = e;
    }
    long good = 0;
    while (good < length && readable(core, good)) {
      good++;
    }
    if (good == length) {
      throw new HyperbeeException(
          first.code(),
          "every block reads back but the core does not verify: " + first.getMessage(),
          first);
    }
    long keep = good;
    List<byte[]> dropped = new ArrayList<>();
    if (good > 1) {
      try (Hyperbee bee = Hyperbee.open(core, BeeOptions.builder().readonly(true).build())) {
        keep = bee.lastWholeVersionBelow(good);
        for (long i = Math.max(1, keep); i < good; i++) {
          dropped.add(bee.getBySeq(i).key());
        }
      }
    }
    core.truncate(keep);
    core.verify();
    return new Report(keep, length, good, List.copyOf(dropped));
  }

  private static boolean readable(Hypercore core, long index) {
    try {
      core.get(index);
      return true;
    } catch (HyperbeeException e) {
      return false;
    }
  }
}
