package io.hyperbee.leveldb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import java.util.NoSuchElementException;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBException;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.ReadOptions;
import org.iq80.leveldb.Snapshot;
import org.iq80.leveldb.WriteBatch;
import org.iq80.leveldb.WriteOptions;
import org.iq80.leveldb.impl.Iq80DBFactory;
import org.junit.jupiter.api.Test;

/** What HyperbeeDB adds to LevelDB, and the cases where it is stricter than leveldbjni. */
class HyperbeeDBTest extends ConformanceSupport {
  private static final HexFormat HEX = HexFormat.of();

  private HyperbeeDB open() throws IOException {
    return (HyperbeeDB) open(Peer.HYPERBEE);
  }

  @Test
  void versionCountsBlocksOfTheLog() throws IOException {
    HyperbeeDB db = open();
    assertEquals(1, db.version()); // as JS: max(1, length); the header is block 0
    db.put(b("a"), b("1"));
    assertEquals(2, db.version()); // header + one put
    try (WriteBatch batch = db.createWriteBatch()) {
      db.write(batch.put(b("b"), b("2")).put(b("c"), b("3")));
    }
    assertEquals(4, db.version());
    assertEquals("4", db.getProperty("hyperbee.version"));
    assertEquals("4", db.getProperty("hyperbee.length"));
  }

  @Test
  void hyperbeeProperties() throws IOException {
    HyperbeeDB db = open();
    putAll(db, "a", "b");
    assertEquals(HEX.formatHex(db.coreKey()), db.getProperty("hyperbee.key"));
    assertEquals(HEX.formatHex(db.discoveryKey()), db.getProperty("hyperbee.discovery-key"));
    assertEquals(32, db.coreKey().length);
    assertEquals(32, db.discoveryKey().length);
    assertNotEquals(db.getProperty("hyperbee.key"), db.getProperty("hyperbee.discovery-key"));
    assertEquals(64, db.getProperty("hyperbee.tree-hash").length());
    assertTrue(Long.parseLong(db.getProperty("hyperbee.byte-length")) > 0);
    assertEquals("0", db.getProperty("hyperbee.fork"));
    assertEquals(DbProperties.STATS_HEADER, db.getProperty("leveldb.stats"));
    assertTrue(db.getProperty("leveldb.sstables").contains("hypercore log"));
    String before = db.getProperty("hyperbee.tree-hash");
    db.put(b("c"), b("3"));
    assertNotEquals(before, db.getProperty("hyperbee.tree-hash"));
  }

  @Test
  void propertiesOfAnEmptyDatabase() throws IOException {
    HyperbeeDB db = open();
    assertEquals("0", db.getProperty("hyperbee.length"));
    assertEquals("0", db.getProperty("hyperbee.byte-length"));
    assertEquals("1", db.getProperty("hyperbee.version"));
    assertEquals(64, db.getProperty("hyperbee.tree-hash").length());
    assertEquals("0", db.getProperty("leveldb.approximate-memory-usage"));
    assertTrue(db.getProperty("leveldb.sstables").contains("no blocks"));
    assertEquals(DbProperties.STATS_HEADER, db.getProperty("leveldb.stats"));
  }

  @Test
  void coreKeySurvivesReopen() throws IOException {
    File dir = newDir();
    HyperbeeDB db = (HyperbeeDB) open(Peer.HYPERBEE, dir, new Options());
    byte[] key = db.coreKey();
    db.put(b("a"), b("1"));
    db.close();
    HyperbeeDB again = (HyperbeeDB) open(Peer.HYPERBEE, dir, new Options());
    assertArrayEquals(key, again.coreKey());
    assertEquals(2, again.version());
  }

  @Test
  void checkoutIsAReadOnlyDbAtThatVersion() throws IOException {
    HyperbeeDB db = open();
    putAll(db, "a", "b");
    long v = db.version();
    db.put(b("a"), b("changed"));
    db.delete(b("b"));
    HyperbeeDB old = track(db.checkout(v));
    assertEquals(v, old.version());
    assertArrayEquals(b("A"), old.get(b("a")));
    assertArrayEquals(b("B"), old.get(b("b")));
    assertEquals(List.of("a", "b"), keys(old));
    assertThrows(DBException.class, () -> old.put(b("x"), b("y")));
    assertThrows(DBException.class, () -> old.delete(b("a")));
    assertThrows(DBException.class, () -> old.write(old.createWriteBatch().put(b("x"), b("y"))));
    try (Snapshot s = old.getSnapshot()) {
      assertArrayEquals(b("A"), old.get(b("a"), new ReadOptions().snapshot(s)));
    }
    assertEquals(String.valueOf(v), old.getProperty("hyperbee.version"));
    old.close();
    assertThrows(DBException.class, () -> old.get(b("a")));
    assertArrayEquals(b("changed"), db.get(b("a")), "closing a checkout leaves the DB open");
    assertThrows(IllegalArgumentException.class, () -> db.checkout(0));
    assertThrows(IllegalArgumentException.class, () -> db.checkout(db.version() + 1));
  }

  /**
   * 20 puts, then one write batch of 200: a version inside the batch is refused by checkout and
   * diff with VERSION_INSIDE_BATCH naming the versions around it (issue 12, defect 1).
   */
  @Test
  void versionsInsideAWriteBatchAreRefused() throws IOException {
    HyperbeeDB db = open();
    for (int i = 0; i < 20; i++) {
      db.put(b(String.format("a%03d", i)), b("v" + i));
    }
    try (WriteBatch batch = db.createWriteBatch()) {
      for (int i = 0; i < 200; i++) {
        batch.put(b(String.format("k%03d", (i * 37) % 200)), b("w" + i));
      }
      db.write(batch);
    }
    assertEquals(221, db.version());
    for (long v : new long[] {22, 120, 220}) {
      for (org.junit.jupiter.api.function.Executable call :
          List.<org.junit.jupiter.api.function.Executable>of(
              () -> db.checkout(v), () -> db.diff(v, 221), () -> db.diff(21, v))) {
        DBException e = assertThrows(DBException.class, call);
        io.hyperbee.HyperbeeException cause = (io.hyperbee.HyperbeeException) e.getCause();
        assertEquals(io.hyperbee.ErrorCode.VERSION_INSIDE_BATCH, cause.code());
        assertTrue(e.getMessage().contains("from version 21 to version 221"), e.getMessage());
      }
    }
    try (HyperbeeDB before = db.checkout(21)) {
      assertEquals(20, keys(before).size());
    }
    assertEquals(200, db.diff(21, 221).size());
  }

  @Test
  void checkoutEndsWithItsDatabase() throws IOException {
    HyperbeeDB db = open();
    putAll(db, "a");
    HyperbeeDB old = db.checkout(db.version());
    db.close();
    assertThrows(DBException.class, () -> old.get(b("a")));
    old.close();
  }

  @Test
  void diffBetweenVersions() throws IOException {
    HyperbeeDB db = open();
    putAll(db, "a", "b", "c");
    long v1 = db.version();
    db.put(b("a"), b("a2"));
    db.delete(b("b"));
    db.put(b("d"), b("D"));
    long v2 = db.version();
    List<KeyChange> changes = db.diff(v1, v2);
    assertEquals(
        List.of(
            new KeyChange(b("a"), b("A"), b("a2")),
            new KeyChange(b("b"), b("B"), null),
            new KeyChange(b("d"), null, b("D"))),
        changes);
    assertEquals(List.of(), db.diff(v2, v2));
    assertEquals(
        List.of(
            new KeyChange(b("a"), b("a2"), b("A")),
            new KeyChange(b("b"), null, b("B")),
            new KeyChange(b("d"), b("D"), null)),
        db.diff(v2, v1));
    assertThrows(IllegalArgumentException.class, () -> db.diff(0, v2));
  }

  /** Where leveldbjni is undefined (prev past the end), Hyperbee throws NoSuchElementException. */
  @Test
  void prevPastTheEndIsNoSuchElement() throws IOException {
    HyperbeeDB db = open();
    putAll(db, "b", "d");
    try (DBIterator it = db.iterator()) {
      it.seek(b("z"));
      assertFalse(it.hasPrev());
      assertThrows(NoSuchElementException.class, it::prev);
      assertThrows(NoSuchElementException.class, it::peekPrev);
      it.seekToLast();
      assertEquals("d", key(it.next()));
      assertThrows(NoSuchElementException.class, it::prev);
    }
    try (DBIterator empty = open().iterator()) {
      assertThrows(NoSuchElementException.class, empty::prev);
      assertThrows(NoSuchElementException.class, empty::peekPrev);
    }
  }

  @Test
  void snapshotOfAnotherDatabaseIsRefused() throws IOException {
    HyperbeeDB one = open();
    HyperbeeDB two = open();
    Snapshot s = track(one.getSnapshot());
    ReadOptions foreign = new ReadOptions().snapshot(s);
    assertThrows(DBException.class, () -> two.get(b("a"), foreign));
    assertThrows(DBException.class, () -> two.iterator(foreign));
  }

  @Test
  void closedWriteBatchHoldingOperationsIsRefused() throws IOException {
    HyperbeeDB db = open();
    WriteBatch batch = db.createWriteBatch().put(b("a"), b("1"));
    batch.close();
    assertThrows(DBException.class, () -> batch.put(b("b"), b("2")));
    DBException e = assertThrows(DBException.class, () -> db.write(batch));
    assertTrue(e.getMessage().contains("closed holding 1 operation"), e.getMessage());
    batch.close(); // a second close does not make it an empty batch
    assertThrows(DBException.class, () -> db.write(batch));
    assertNull(db.get(b("a")));
  }

  @Test
  void iteratorOfAClosedDatabaseIsRefused() throws IOException {
    HyperbeeDB db = open();
    putAll(db, "a");
    DBIterator it = db.iterator();
    db.close();
    assertThrows(DBException.class, it::hasNext);
    assertThrows(DBException.class, it::seekToFirst);
  }

  /** Also when the next step needs no read: an entry read ahead is not handed out after close. */
  @Test
  void iteratorMidWalkOfAClosedDatabaseIsRefused() throws IOException {
    HyperbeeDB db = open();
    putAll(db, "a", "b", "c");
    DBIterator forward = db.iterator();
    forward.seekToFirst();
    assertEquals("a", key(forward.next()));
    assertTrue(forward.hasNext()); // "b" is read now
    DBIterator backward = db.iterator();
    backward.seekToLast();
    assertTrue(backward.hasPrev()); // "b" is read now
    db.close();
    assertThrows(DBException.class, forward::next);
    assertThrows(DBException.class, forward::hasNext);
    assertThrows(DBException.class, backward::prev);
    assertThrows(DBException.class, backward::hasPrev);
    forward.close();
    backward.close();
  }

  @Test
  void syncWritesAreAccepted() throws IOException {
    File dir = newDir();
    HyperbeeDB db = (HyperbeeDB) open(Peer.HYPERBEE, dir, new Options());
    db.put(b("a"), b("1"), new WriteOptions().sync(true));
    db.delete(b("a"), new WriteOptions().sync(true));
    db.put(b("b"), b("2"), new WriteOptions().sync(true).snapshot(true)).close();
    db.close();
    DB again = open(Peer.HYPERBEE, dir, new Options());
    assertEquals(List.of("b"), keys(again));
  }

  @Test
  void refusesToOpenALevelDbDirectory() throws IOException {
    File dir = newDir();
    Iq80DBFactory.factory.open(dir, new Options()).close();
    IOException e = assertThrows(IOException.class, () -> open(Peer.HYPERBEE, dir, new Options()));
    assertTrue(e.getMessage().contains("LevelDB"), e.getMessage());
  }

  @Test
  void layoutOfTheDirectory() throws IOException {
    File dir = newDir();
    open(Peer.HYPERBEE, dir, new Options()).close();
    assertTrue(new File(dir, "HYPERBEE").isFile());
    assertTrue(new File(dir, "LOCK").isFile());
    assertTrue(new File(dir, "core").isDirectory());
  }

  @Test
  void paranoidChecksOpenAndRead() throws IOException {
    File dir = newDir();
    DB db = open(Peer.HYPERBEE, dir, new Options());
    putAll(db, "a", "b");
    db.close();
    DB checked = open(Peer.HYPERBEE, dir, new Options().paranoidChecks(true));
    assertEquals(List.of("a", "b"), keys(checked));
  }

  @Test
  void cacheSizeInBytesBecomesBlocks() {
    assertEquals(
        io.hyperbee.btree.BeeOptions.defaults().cacheSize(), HyperbeeDBFactory.cacheBlocks(0));
    assertEquals(16, HyperbeeDBFactory.cacheBlocks(1));
    assertEquals((8 << 20) / HyperbeeDBFactory.ASSUMED_BLOCK_BYTES, HyperbeeDBFactory.cacheBlocks(8 << 20));
    assertEquals(1 << 26, HyperbeeDBFactory.cacheBlocks(Long.MAX_VALUE));
  }

  /**
   * Hyperbee's format limits (1 MiB keys, 14 MiB values) are argument errors; nothing is written.
   */
  @Test
  void oversizedKeysAndValuesAreRefused() throws IOException {
    HyperbeeDB db = open();
    byte[] hugeValue = new byte[io.hyperbee.btree.Hyperbee.MAX_VALUE_SIZE + 1];
    byte[] hugeKey = new byte[io.hyperbee.btree.Hyperbee.MAX_KEY_SIZE + 1];
    assertThrows(IllegalArgumentException.class, () -> db.put(b("k"), hugeValue));
    assertThrows(IllegalArgumentException.class, () -> db.put(hugeKey, b("v")));
    WriteBatch batch = db.createWriteBatch().put(b("ok"), b("1")).put(b("k"), hugeValue);
    assertThrows(IllegalArgumentException.class, () -> db.write(batch));
    assertNull(db.get(b("ok")), "a refused batch writes nothing");
    assertEquals(1, db.version());
  }

  @Test
  void repairOfAMissingOrForeignDirectoryDoesNothing() throws IOException {
    File missing = newDir();
    HyperbeeDBFactory.factory.repair(missing, new Options());
    assertFalse(missing.exists());
  }
}
