package io.hyperbee.leveldb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.Range;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * getApproximateSizes, getProperty, compactRange and suspend/resumeCompactions, run against iq80,
 * leveldbjni and Hyperbee.
 */
class AdminConformanceTest extends ConformanceSupport {

  /** 2,000 keys k000000..k001999 with 1,000-byte values, flushed to disk by small buffers. */
  private DB filled(Peer peer) throws IOException {
    DB db = open(peer, newDir(), new Options().writeBufferSize(64 << 10));
    byte[] value = new byte[1000];
    Random random = new Random(2);
    for (int i = 0; i < 2000; i++) {
      random.nextBytes(value);
      db.put(String.format("k%06d", i).getBytes(), value);
    }
    return db;
  }

  /**
   * Both measure bytes on disk: a range holding data has a positive size, a range outside the data
   * or with start >= limit has size 0. (Data still in LevelDB's memtable counts 0, which has no
   * equivalent in Hyperbee: every acknowledged write is in the log.)
   */
  @ParameterizedTest
  @EnumSource(Peer.class)
  void approximateSizes(Peer peer) throws IOException {
    DB db = filled(peer);
    long[] sizes =
        db.getApproximateSizes(
            new Range(b("k"), b("l")),
            new Range(b("k000000"), b("k001000")),
            new Range(b("a"), b("b")),
            new Range(b("l"), b("m")),
            new Range(b("l"), b("k")),
            new Range(b("k000500"), b("k000500")));
    assertEquals(6, sizes.length);
    assertTrue(sizes[0] > 0, "whole data set");
    assertTrue(sizes[1] > 0 && sizes[1] <= sizes[0], "half the data set");
    assertEquals(0, sizes[2], "before the data");
    assertEquals(0, sizes[3], "after the data");
    assertEquals(0, sizes[4], "start > limit");
    assertEquals(0, sizes[5], "start == limit");
    assertArrayEquals(new long[0], db.getApproximateSizes());
  }

  /** Both refuse a null start with IllegalArgumentException. */
  @ParameterizedTest
  @EnumSource(Peer.class)
  void approximateSizeOfANullRangeIsRefused(Peer peer) throws IOException {
    DB db = open(peer);
    assertThrows(
        IllegalArgumentException.class, () -> db.getApproximateSizes(new Range(null, b("a"))));
  }

  /**
   * leveldb.stats is LevelDB's compaction table; tools grep its header. A LevelDB whose data is
   * still in the memtable prints the header alone, and so does Hyperbee always (it has no levels
   * and never compacts); after a compaction LevelDB adds a row per level, under the same header.
   */
  @ParameterizedTest
  @EnumSource(
      value = Peer.class,
      names = {"JNI", "HYPERBEE"})
  void statsTable(Peer peer) throws IOException {
    String header =
        "                               Compactions\n"
            + "Level  Files Size(MB) Time(sec) Read(MB) Write(MB)\n"
            + "--------------------------------------------------\n";
    DB db = open(peer);
    assertEquals(header, db.getProperty("leveldb.stats"));
    putAll(db, "a", "b");
    assertEquals(header, db.getProperty("leveldb.stats"));
    db.compactRange(null, null);
    String compacted = db.getProperty("leveldb.stats");
    assertTrue(compacted.startsWith(header), compacted);
    if (peer == Peer.JNI) {
      assertTrue(compacted.substring(header.length()).matches("( +\\d+){6}\n"), compacted);
    } else {
      assertEquals(header, compacted);
    }
  }

  /**
   * iq80 returns null for every property. leveldbjni answers leveldb.stats (a compaction table),
   * leveldb.sstables (files per level) and leveldb.num-files-at-level&lt;N&gt;, returns null for
   * leveldb.approximate-memory-usage (added in LevelDB 1.17, after leveldbjni's 1.8 build) and
   * refuses a null name. Hyperbee answers all four and its own hyperbee.* names (see
   * HyperbeeDBTest). Unknown names are null everywhere.
   */
  @ParameterizedTest
  @EnumSource(Peer.class)
  void properties(Peer peer) throws IOException {
    DB db = open(peer);
    putAll(db, "a", "b");
    assertNull(db.getProperty("leveldb.no-such-property"));
    assertNull(db.getProperty("no-such-property"));
    assertNull(db.getProperty(""));
    assertNull(db.getProperty("leveldb.num-files-at-level99"));
    switch (peer) {
      case IQ80 -> {
        assertNull(db.getProperty(null));
        for (String name :
            List.of("leveldb.stats", "leveldb.sstables", "leveldb.num-files-at-level0")) {
          assertNull(db.getProperty(name), name);
        }
      }
      case JNI, HYPERBEE -> {
        assertThrows(IllegalArgumentException.class, () -> db.getProperty(null));
        assertNotNull(db.getProperty("leveldb.stats"));
        assertNotNull(db.getProperty("leveldb.sstables"));
        assertEquals("0", db.getProperty("leveldb.num-files-at-level0"));
        assertEquals("0", db.getProperty("leveldb.num-files-at-level6"));
      }
    }
    String memory = db.getProperty("leveldb.approximate-memory-usage");
    if (peer == Peer.HYPERBEE) {
      assertTrue(Long.parseLong(memory) >= 0, memory);
    } else {
      assertNull(memory);
    }
  }

  /** iq80 does not implement compactRange; leveldbjni compacts and keeps the data. */
  @ParameterizedTest
  @EnumSource(Peer.class)
  void compactRange(Peer peer) throws IOException {
    DB db = open(peer);
    putAll(db, "a", "b", "c");
    db.delete(b("b"));
    if (!peer.jniLike()) {
      assertThrows(UnsupportedOperationException.class, () -> db.compactRange(null, null));
      return;
    }
    db.compactRange(null, null);
    db.compactRange(b("a"), b("b"));
    db.compactRange(b("z"), b("a"));
    assertEquals(List.of("a", "c"), keys(db));
  }

  /**
   * Both accept suspend then resume, and a surplus resume after that; writes and reads go on
   * meanwhile. (iq80 blocks forever in suspendCompactions() if resume came first, so the test does
   * not do that.)
   */
  @ParameterizedTest
  @EnumSource(Peer.class)
  void suspendAndResumeCompactions(Peer peer) throws Exception {
    DB db = open(peer);
    db.suspendCompactions();
    putAll(db, "a");
    assertArrayEquals(b("A"), db.get(b("a")));
    db.resumeCompactions();
    db.resumeCompactions();
    assertDoesNotThrow(() -> putAll(db, "b"));
    assertEquals(List.of("a", "b"), keys(db));
  }
}
