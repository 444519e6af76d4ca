package io.hyperbee.leveldb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBException;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.ReadOptions;
import org.iq80.leveldb.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * compactRange gives disk space back (issue 16), by default: after overwrite- and delete-heavy
 * workloads the directory shrinks, every live key reads back, open snapshots stay readable, and a
 * version nobody holds is refused where its blocks are gone.
 */
class CompactRangeTest {
  @TempDir File dir;

  @org.junit.jupiter.api.AfterEach
  void reclaimOnAgain() {
    System.clearProperty(HyperbeeDB.RECLAIM_ON_COMPACT);
  }

  @Test
  void switchedOffCompactRangeChangesNothing() throws IOException {
    System.setProperty(HyperbeeDB.RECLAIM_ON_COMPACT, "false");
    try (DB db = HyperbeeDBFactory.factory.open(dir, new Options())) {
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 200; i++) {
          db.put(key(i), value(i, round));
        }
      }
      long version = ((HyperbeeDB) db).version();
      db.compactRange(null, null);
      try (DB old = ((HyperbeeDB) db).checkout(version - 200)) {
        assertNotNull(old.get(key(0)), "old versions stay readable: nothing was cleared");
      }
      assertEquals("0", db.getProperty("hyperbee.cleared-blocks"));
    }
  }

  /**
   * An open snapshot keeps its version whole through a compaction (and the current version stays
   * whole), while a version nobody holds loses its blocks: reading it is refused, never wrong.
   */
  @Test
  void compactionKeepsOpenSnapshotsAndDropsTheRest() throws IOException {
    try (HyperbeeDB db = (HyperbeeDB) HyperbeeDBFactory.factory.open(dir, new Options())) {
      for (int i = 0; i < 200; i++) {
        db.put(key(i), value(i, 0));
      }
      Snapshot held = db.getSnapshot();
      for (int i = 0; i < 200; i++) {
        db.put(key(i), value(i, 1));
      }
      long middle = db.version();
      for (int i = 0; i < 200; i++) {
        db.put(key(i), value(i, 2));
      }
      db.compactRange(null, null);
      assertTrue(Long.parseLong(db.getProperty("hyperbee.cleared-blocks")) >= 200, "round 1 is cleared");
      ReadOptions atHeld = new ReadOptions().snapshot(held);
      for (int i = 0; i < 200; i++) {
        assertArrayEquals(value(i, 0), db.get(key(i), atHeld), "held snapshot, key " + i);
        assertArrayEquals(value(i, 2), db.get(key(i)), "current, key " + i);
      }
      try (DB old = db.checkout(middle)) {
        DBException e = org.junit.jupiter.api.Assertions.assertThrows(DBException.class, () -> old.get(key(0)));
        assertTrue(e.getMessage().contains("not available locally"), e.getMessage());
      }
      held.close();
    }
  }

  private static byte[] key(int i) {
    return String.format("key%05d", i).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] value(int i, int round) {
    byte[] v = new byte[200];
    java.util.Arrays.fill(v, (byte) (i + round));
    return v;
  }

  @Test
  void overwritesAndDeletesThenCompactionShrinksTheDirectory() throws IOException {
    try (DB db = HyperbeeDBFactory.factory.open(dir, new Options())) {
      for (int round = 0; round < 4; round++) { // fill, then overwrite x3
        for (int i = 0; i < 1000; i++) {
          db.put(key(i), value(i, round));
        }
      }
      for (int i = 0; i < 1000; i += 2) {
        db.delete(key(i));
      }
      Snapshot before = db.getSnapshot();
      long full = bytes(dir.toPath());
      db.compactRange(null, null); // the open snapshot's version is the current one: it is kept
      assertArrayEquals(value(1, 3), db.get(key(1), new ReadOptions().snapshot(before)));
      before.close();
      db.put(key(1), value(1, 9)); // the snapshot is behind now
      db.compactRange(null, null);
      long compacted = bytes(dir.toPath());
      // what stays: live blocks, the index (16 bytes a block) and the Merkle tree (48 bytes a node), which keeps every block provable
      assertTrue(compacted < full / 2, compacted + " bytes after compaction, " + full + " before");
      for (int i = 0; i < 1000; i++) {
        if (i % 2 == 0) {
          assertNull(db.get(key(i)), "key " + i);
        } else {
          assertArrayEquals(value(i, i == 1 ? 9 : 3), db.get(key(i)), "key " + i);
        }
      }
      db.put(key(0), value(0, 5)); // writes go on
      assertArrayEquals(value(0, 5), db.get(key(0)));
    }
    try (DB db = HyperbeeDBFactory.factory.open(dir, new Options())) {
      assertArrayEquals(value(3, 3), db.get(key(3)));
    }
  }

  /**
   * The storage properties track a compaction: before it nothing is cleared or reclaimable; the
   * clear makes the overwritten blocks reclaimable, the reclaim gives their bytes back, and what
   * stays live is what the directory holds for blocks.
   */
  @Test
  void storagePropertiesBeforeAndAfterCompaction() throws IOException {
    // compares bytes-on-disk with the sizes of the open files: positional writes, so that no file
    // holds the zero tail of a write mapping's pre-extension (MappedWritesTest checks the stats with it)
    io.hyperbee.storage.WriteMappings.off();
    try {
      propertiesBeforeAndAfterCompaction();
    } finally {
      io.hyperbee.storage.WriteMappings.reset();
    }
  }

  private void propertiesBeforeAndAfterCompaction() throws IOException {
    try (HyperbeeDB db = (HyperbeeDB) HyperbeeDBFactory.factory.open(dir, new Options())) {
      for (int round = 0; round < 4; round++) {
        for (int i = 0; i < 200; i++) {
          db.put(key(i), value(i, round));
        }
      }
      assertEquals("0", db.getProperty("hyperbee.cleared-blocks"));
      assertEquals("0", db.getProperty("hyperbee.reclaimable-bytes"));
      long live = number(db, "hyperbee.live-bytes");
      assertEquals(number(db, "hyperbee.byte-length"), live, "every block is stored");
      long onDisk = number(db, "hyperbee.bytes-on-disk");
      long others = bytes(dir.toPath()) - onDisk; // the LevelDB files beside the log: LOG, LOCK, ...
      assertTrue(others >= 0 && others < 4096, others + " bytes outside the log");
      assertTrue(onDisk > live, "index and tree come on top of the blocks");
      assertEquals(
          "live-bytes: " + live + "\nreclaimable-bytes: 0\nbytes-on-disk: " + onDisk
              + "\ncleared-blocks: 0\n",
          db.getProperty("hyperbee.stats"));

      db.compactRange(null, null);
      long cleared = number(db, "hyperbee.cleared-blocks");
      assertTrue(cleared > 0 && cleared < number(db, "hyperbee.length"), cleared + " blocks cleared");
      assertEquals("0", db.getProperty("hyperbee.reclaimable-bytes"), "a full reclaim leaves nothing dead");
      long liveAfter = number(db, "hyperbee.live-bytes");
      assertTrue(liveAfter < live / 2, liveAfter + " live bytes after, " + live + " before");
      long onDiskAfter = number(db, "hyperbee.bytes-on-disk");
      assertTrue(bytes(dir.toPath()) - onDiskAfter < 4096, "the property counts the log's files");
      assertTrue(onDiskAfter < onDisk - (live - liveAfter) / 2, onDiskAfter + " on disk, " + onDisk + " before");
      for (int i = 0; i < 200; i++) {
        assertArrayEquals(value(i, 3), db.get(key(i)), "key " + i);
      }
    }
  }

  private static long number(HyperbeeDB db, String property) {
    return Long.parseLong(db.getProperty(property));
  }

  private static long bytes(Path dir) throws IOException {
    long total = 0;
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(p)) {
          total += Files.size(p);
        }
      }
    }
    return total;
  }
}
