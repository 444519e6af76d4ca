package io.hyperbee.leveldb;

import io.hyperbee.HyperbeeException;
import io.hyperbee.log.Hypercore;

/**
 * Rolls a core back to its last verifiable state: the longest prefix whose blocks all read back.
 * Any prefix of a Hyperbee log is a consistent tree version (each block holds a full root), so
 * truncating there loses only the writes after the damage.
 */
final class CoreRepair {
  private CoreRepair() {}

  /** Returns the number of blocks dropped (0 when the core verified as it was). */
  static long repair(Hypercore core) {
    HyperbeeException first;
    try {
      core.verify();
      return 0;
    } catch (HyperbeeException e) {
      first = e;
    }
    long length = core.length();
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
    core.truncate(good);
    core.verify();
    return length - good;
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
