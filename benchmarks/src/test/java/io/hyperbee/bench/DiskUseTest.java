package io.hyperbee.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link DiskUse} at a small scale: the counts it reports hold, whatever the times. */
class DiskUseTest {
  private static final int KEYS = 3000;

  @Test
  void hyperbeeCompactionGivesBackTheOverwrittenVersions() throws Exception {
    DiskUse.Result r = DiskUse.measure("hyperbee", KEYS);
    assertEquals(KEYS, r.keysAfter(), "every key has its last value after compaction and reopen");
    assertTrue(r.afterOverwrites() > 3 * r.afterFill(), r.toString()); // 4 versions of every key kept
    // the Merkle tree and the block index stay for every version (48 and 16 bytes a block): what
    // goes is the data of the three overwritten versions
    assertTrue(r.afterCompaction() >= 0 && r.afterCompaction() < r.afterOverwrites() * 3 / 4, r.toString());
    assertTrue(r.compactionSeconds() >= 0, r.toString());
  }

  @Test
  void iq80HasNoCompactRange() throws Exception {
    DiskUse.Result r = DiskUse.measure("iq80", KEYS);
    assertEquals(KEYS, r.keysAfter());
    assertEquals(-1, r.afterCompaction());
    assertEquals(-1, r.compactionSeconds());
  }

  @Test
  void leveldbjniCompactsToAboutOneVersion() throws Exception {
    DiskUse.Result r = DiskUse.measure("jni", KEYS);
    assertEquals(KEYS, r.keysAfter());
    assertTrue(r.afterCompaction() > 0 && r.afterCompaction() <= r.afterOverwrites(), r.toString());
  }
}
