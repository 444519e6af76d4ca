package io.hyperbee.leveldb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.channels.OverlappingFileLockException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.iq80.leveldb.CompressionType;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBException;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.Range;
import org.iq80.leveldb.Snapshot;
import org.iq80.leveldb.WriteBatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Opening, options, closing, reopening, destroy and repair, run against iq80, leveldbjni and
 * Hyperbee. Where iq80 and leveldbjni disagree the test says so and Hyperbee follows leveldbjni
 * (the behaviour of native LevelDB) unless noted otherwise.
 */
class OpenCloseConformanceTest extends ConformanceSupport {

  @ParameterizedTest
  @EnumSource(Peer.class)
  void createsAMissingDatabaseByDefault(Peer peer) throws IOException {
    File dir = newDir();
    DB db = open(peer, dir, new Options());
    db.put(b("a"), b("1"));
    assertArrayEquals(b("1"), db.get(b("a")));
    assertTrue(dir.isDirectory());
  }

  /**
   * Both refuse; iq80 with IllegalArgumentException, leveldbjni (and Hyperbee) with IOException.
   */
  @ParameterizedTest
  @EnumSource(Peer.class)
  void refusesAMissingDatabaseWhenCreateIfMissingIsOff(Peer peer) {
    File dir = newDir();
    Options options = new Options().createIfMissing(false);
    Exception e = assertThrows(Exception.class, () -> open(peer, dir, options));
    assertInstanceOf(pick(peer, IOException.class, IllegalArgumentException.class), e);
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    // both LevelDBs create the directory before they look for the database
    assertTrue(dir.isDirectory());
  }

  @ParameterizedTest
  @EnumSource(Peer.class)
  void refusesAnEmptyDirectoryWhenCreateIfMissingIsOff(Peer peer) {
    File dir = newDir();
    assertTrue(dir.mkdirs());
    Options options = new Options().createIfMissing(false);
    Exception e = assertThrows(Exception.class, () -> open(peer, dir, options));
    assertInstanceOf(pick(peer, IOException.class, IllegalArgumentException.class), e);
  }

  @ParameterizedTest
  @EnumSource(Peer.class)
  void opensAnExistingDatabaseWhenCreateIfMissingIsOff(Peer peer) throws IOException {
    File dir = newDir();
    open(peer, dir, new Options()).close();
    DB db = open(peer, dir, new Options().createIfMissing(false));
    assertNull(db.get(b("a")));
  }

  @ParameterizedTest
  @EnumSource(Peer.class)
  void refusesAnExistingDatabaseWhenErrorIfExists(Peer peer) throws IOException {
    File dir = newDir();
    open(peer, dir, new Options()).close();
    Options options = new Options().errorIfExists(true);
    Exception e = assertThrows(Exception.class, () -> open(peer, dir, options));
    assertInstanceOf(pick(peer, IOException.class, IllegalArgumentException.class), e);
    assertTrue(e.getMessage().contains("exists"), e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(Peer.class)
  void createsANewDatabaseWhenErrorIfExists(Peer peer) throws IOException {
    DB db = open(peer, newDir(), new Options().errorIfExists(true));
    db.put(b("a"), b("1"));
    assertArrayEquals(b("1"), db.get(b("a")));
  }

  /** iq80 throws OverlappingFileLockException; leveldbjni and Hyperbee an IOException. */
  @ParameterizedTest
  @EnumSource(Peer.class)
  void refusesASecondOpenOfTheSameDirectory(Peer peer) throws IOException {
    File dir = newDir();
    open(peer, dir, new Options());
    Exception e = assertThrows(Exception.class, () -> open(peer, dir, new Options()));
    if (peer.jniLike()) {
      assertInstanceOf(IOException.class, e);
      assertTrue(e.getMessage().contains("lock"), e.getMessage());
    } else {
      assertInstanceOf(OverlappingFileLockException.class, e);
    }
  }

  @ParameterizedTest
  @EnumSource(Peer.class)
  void refusesARegularFile(Peer peer) throws IOException {
    File file = newDir();
    assertTrue(file.createNewFile());
    Exception e = assertThrows(Exception.class, () -> open(peer, file, new Options()));
    assertInstanceOf(pick(peer, IOException.class, IllegalArgumentException.class), e);
  }

  /** Tuning options that have no meaning for Hyperbee are accepted and ignored. */
  @ParameterizedTest
  @EnumSource(Peer.class)
  void acceptsTuningOptions(Peer peer) throws IOException {
    for (CompressionType compression : CompressionType.values()) {
      Options options =
          new Options()
              .compressionType(compression)
              .paranoidChecks(true)
              .verifyChecksums(true)
              .cacheSize(1 << 20)
              .writeBufferSize(1 << 16)
              .blockSize(1024)
              .blockRestartInterval(4)
              .maxOpenFiles(100);
      DB db = open(peer, newDir(), options);
      db.put(b("a"), b("1"));
      assertArrayEquals(b("1"), db.get(b("a")));
      db.close();
    }
    DB noCache = open(peer, newDir(), new Options().cacheSize(0));
    noCache.put(b("a"), b("1"));
    assertArrayEquals(b("1"), noCache.get(b("a")));
  }

  @ParameterizedTest
  @EnumSource(Peer.class)
  void keepsEverythingAcrossReopen(Peer peer) throws IOException {
    File dir = newDir();
    byte[] big = new byte[3 << 20];
    new Random(7).nextBytes(big);
    DB db = open(peer, dir, new Options());
    putAll(db, "a", "b", "c", "d");
    db.delete(b("b"));
    db.put(b("c"), b("C2"));
    db.put(b("big"), big);
    db.put(new byte[0], new byte[0]);
    try (WriteBatch batch = db.createWriteBatch()) {
      db.write(batch.put(b("e"), b("E")).delete(b("d")));
    }
    db.close();

    DB again = open(peer, dir, new Options().createIfMissing(false));
    assertEquals(List.of("", "a", "big", "c", "e"), keys(again));
    assertArrayEquals(b("C2"), again.get(b("c")));
    assertArrayEquals(big, again.get(b("big")));
    assertArrayEquals(new byte[0], again.get(new byte[0]));
    assertNull(again.get(b("b")));
  }

  @ParameterizedTest
  @EnumSource(Peer.class)
  void closeIsIdempotent(Peer peer) throws IOException {
    DB db = open(peer);
    db.close();
    assertDoesNotThrow(db::close);
  }

  /**
   * leveldbjni throws DBException("Closed") from every call on a closed database; iq80 fails with
   * internal NullPointerExceptions (except that an empty batch is "written", getProperty returns
   * null and compactRange is unsupported anyway). Hyperbee follows leveldbjni. Both hand out a
   * write batch after close.
   */
  @ParameterizedTest
  @EnumSource(Peer.class)
  void useAfterClose(Peer peer) throws IOException {
    DB db = open(peer);
    db.put(b("a"), b("1"));
    db.close();
    List<Runnable> calls =
        List.of(
            () -> db.get(b("a")),
            () -> db.put(b("a"), b("2")),
            () -> db.delete(b("a")),
            () -> db.write(db.createWriteBatch().put(b("b"), b("2"))),
            () -> db.iterator(),
            () -> db.getSnapshot(),
            () -> db.getApproximateSizes(new Range(b("a"), b("z"))));
    for (Runnable call : calls) {
      assertThrows(pick(peer, DBException.class, NullPointerException.class), call::run);
    }
    if (peer.jniLike()) {
      assertThrows(DBException.class, () -> db.getProperty("leveldb.stats"));
      assertThrows(DBException.class, () -> db.compactRange(null, null));
      assertThrows(DBException.class, db::suspendCompactions);
      assertThrows(DBException.class, db::resumeCompactions);
    } else {
      assertNull(db.getProperty("leveldb.stats"));
    }
    assertNotNull(db.createWriteBatch());
  }

  /**
   * iq80 deletes the whole directory, foreign files included, and even while the database is open.
   * leveldbjni deletes only its own files (the directory stays when others remain) and refuses
   * while the database is open. Hyperbee follows leveldbjni.
   */
  @ParameterizedTest
  @EnumSource(Peer.class)
  void destroy(Peer peer) throws IOException {
    File dir = newDir();
    DB db = open(peer, dir, new Options());
    putAll(db, "a");
    db.close();
    peer.factory().destroy(dir, new Options());
    assertFalse(dir.exists());
    Options noCreate = new Options().createIfMissing(false);
    assertThrows(Exception.class, () -> open(peer, dir, noCreate));

    assertDoesNotThrow(() -> peer.factory().destroy(newDir(), new Options()));

    File shared = newDir();
    open(peer, shared, new Options()).close();
    assertTrue(new File(shared, "mine.txt").createNewFile());
    peer.factory().destroy(shared, new Options());
    if (peer.jniLike()) {
      assertEquals(List.of("mine.txt"), Arrays.asList(shared.list()));
    } else {
      assertFalse(shared.exists());
    }

    File busy = newDir();
    DB open = open(peer, busy, new Options());
    putAll(open, "a");
    if (peer.jniLike()) {
      assertThrows(IOException.class, () -> peer.factory().destroy(busy, new Options()));
      assertArrayEquals(b("A"), open.get(b("a")));
    } else {
      peer.factory().destroy(busy, new Options());
      assertFalse(busy.exists());
    }
  }

  /** iq80 does not implement repair; leveldbjni keeps an intact database as it is. */
  @ParameterizedTest
  @EnumSource(Peer.class)
  void repairOfAnIntactDatabase(Peer peer) throws IOException {
    File dir = newDir();
    DB db = open(peer, dir, new Options());
    putAll(db, "a", "b");
    db.close();
    if (!peer.jniLike()) {
      assertThrows(
          UnsupportedOperationException.class, () -> peer.factory().repair(dir, new Options()));
      return;
    }
    peer.factory().repair(dir, new Options());
    DB again = open(peer, dir, new Options().createIfMissing(false));
    assertEquals(List.of("a", "b"), keys(again));
  }

  /**
   * iq80 has no repair; leveldbjni repairs a database that is open (its repairer takes no lock),
   * racing the open DB. Hyperbee refuses with an IOException, as its destroy does.
   */
  @ParameterizedTest
  @EnumSource(Peer.class)
  void repairOfAnOpenDatabase(Peer peer) throws IOException {
    File dir = newDir();
    DB db = open(peer, dir, new Options());
    putAll(db, "a");
    switch (peer) {
      case IQ80 ->
          assertThrows(
              UnsupportedOperationException.class, () -> peer.factory().repair(dir, new Options()));
      case JNI -> assertDoesNotThrow(() -> peer.factory().repair(dir, new Options()));
      case HYPERBEE ->
          assertThrows(IOException.class, () -> peer.factory().repair(dir, new Options()));
    }
    assertArrayEquals(b("A"), db.get(b("a")));
  }

  /** Not run on leveldbjni: it frees native memory on close and the JVM would crash here. */
  @ParameterizedTest
  @EnumSource(
      value = Peer.class,
      names = {"IQ80", "HYPERBEE"})
  void snapshotsAndIteratorsCanBeClosedAfterTheirDatabase(Peer peer) throws IOException {
    DB db = open(peer);
    putAll(db, "a");
    Snapshot snapshot = db.getSnapshot();
    DBIterator it = db.iterator();
    db.close();
    assertDoesNotThrow(snapshot::close);
    assertDoesNotThrow(it::close);
  }
}
