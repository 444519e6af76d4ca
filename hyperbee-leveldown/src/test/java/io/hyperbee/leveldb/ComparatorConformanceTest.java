package io.hyperbee.leveldb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperbee.btree.Hyperbee;
import io.hyperbee.btree.TestKeyOrder;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBComparator;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.Range;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Custom comparators (issue 17) on every factory: the keys follow the comparator, and its name
 * is recorded when the database is created and checked on every open, LevelDB refusing a
 * comparator of another name or none with {@code Invalid argument: <recorded> does not match
 * existing comparator : <given>} (leveldbjni's text, which Hyperbee gives; iq80 throws an
 * IllegalArgumentException of its own wording). iq80 0.12 keeps its lock after such a failed open
 * (a second open then fails with OverlappingFileLockException), so each iq80 refusal gets a
 * database of its own.
 */
class ComparatorConformanceTest extends ConformanceSupport {
  private static final String DEFAULT = "leveldb.BytewiseComparator";
  private static final DBComparator REVERSE = TestComparators.of(TestKeyOrder.REVERSE);

  private static Options with(DBComparator comparator) {
    return new Options().comparator(comparator);
  }

  private File created(Peer peer, DBComparator comparator, String... keys) throws IOException {
    File dir = newDir();
    DB db = peer.factory().open(dir, with(comparator));
    putAll(db, keys);
    db.close();
    return dir;
  }

  private void assertRefused(Peer peer, File dir, DBComparator given, String stored) {
    Exception e = assertThrows(Exception.class, () -> open(peer, dir, with(given)));
    String name = given == null ? DEFAULT : given.name();
    if (peer.jniLike()) {
      assertInstanceOf(IOException.class, e);
      if (peer == Peer.HYPERBEE && LevelDbStatus.throwsJniType()) {
        assertEquals("org.fusesource.leveldbjni.internal.NativeDB$DBException", e.getClass().getName());
      }
      assertEquals(
          "Invalid argument: " + stored + " does not match existing comparator : " + name,
          e.getMessage());
    } else {
      assertInstanceOf(IllegalArgumentException.class, e);
      assertEquals("Expected user comparator " + name + " to match existing database comparator  ["
          + stored + "]", e.getMessage());
    }
  }

  @ParameterizedTest
  @EnumSource(Peer.class)
  void keysFollowTheComparatorAcrossReopens(Peer peer) throws IOException {
    File dir = created(peer, REVERSE, "a", "c", "b");
    DB db = open(peer, dir, with(REVERSE));
    putAll(db, "d");
    assertEquals(List.of("d", "c", "b", "a"), keys(db));
    long[] sizes = db.getApproximateSizes(new Range(b("c"), b("a")), new Range(b("a"), b("c")));
    assertEquals(0, sizes[1], "a range reversed in the comparator's order is empty");
    if (peer == Peer.HYPERBEE) { // LevelDB counts table files: 0 before a flush
      assertEquals(4, sizes[0], "c=C and b=B");
    }
  }

  @ParameterizedTest
  @EnumSource(Peer.class)
  void reopeningWithNoComparatorIsRefused(Peer peer) throws IOException {
    File dir = created(peer, REVERSE, "a");
    assertRefused(peer, dir, null, "test.reverse");
  }

  @ParameterizedTest
  @EnumSource(Peer.class)
  void reopeningWithAComparatorOfAnotherNameIsRefused(Peer peer) throws IOException {
    File dir = created(peer, REVERSE, "a");
    assertRefused(peer, dir, TestComparators.named(TestKeyOrder.REVERSE, "test.other"), "test.reverse");
    if (peer != Peer.IQ80) { // iq80 keeps the lock of a refused open
      assertRefused(peer, dir, null, "test.reverse");
      assertEquals(List.of("a"), keys(open(peer, dir, with(REVERSE))));
    }
  }

  @ParameterizedTest
  @EnumSource(Peer.class)
  void aDefaultDatabaseEvenEmptyRefusesACustomComparator(Peer peer) throws IOException {
    assertRefused(peer, created(peer, null), REVERSE, DEFAULT);
    assertRefused(peer, created(peer, null, "a"), REVERSE, DEFAULT);
  }

  /** A comparator named as LevelDB's default opens a default database (jni checks names only). */
  @ParameterizedTest
  @EnumSource(value = Peer.class, names = {"JNI", "HYPERBEE"})
  void aComparatorNamedAsTheDefaultOpensADefaultDatabase(Peer peer) throws IOException {
    File dir = created(peer, null, "a", "b");
    peer.factory().open(dir, with(TestComparators.named(TestKeyOrder.REVERSE, DEFAULT))).close();
    File named = created(peer, TestComparators.named(TestKeyOrder.REVERSE, DEFAULT), "x");
    assertEquals(List.of("x"), keys(open(peer, named, new Options())));
  }

  /** Not iq80: see {@link TestComparators}. */
  @ParameterizedTest
  @EnumSource(value = Peer.class, names = {"JNI", "HYPERBEE"})
  void keysTheComparatorCallsEqualAreOneKeyWithTheLastBytesWritten(Peer peer) throws IOException {
    DB db = open(peer, newDir(), with(TestComparators.of(TestKeyOrder.CASE_INSENSITIVE)));
    db.put(b("Apple"), b("1"));
    db.put(b("APPLE"), b("2"));
    assertArrayEquals(b("2"), db.get(b("apple")));
    assertEquals(List.of("APPLE"), keys(db));
    db.delete(b("apple"));
    assertNull(db.get(b("Apple")));
    assertEquals(List.of(), keys(db));
  }

  /** Only Hyperbee: what the record is, and that a crash before the marker keeps it. */
  @Test
  void hyperbeeRecordsTheNameInTheHeaderAndNothingForTheDefault() throws IOException {
    File custom = created(Peer.HYPERBEE, REVERSE);
    assertEquals("{\"leveldbComparator\":\"test.reverse\"}", userData(custom));
    File plain = created(Peer.HYPERBEE, null, "a");
    assertNull(userData(plain), "the default records nothing: the header is JS's");
    Files.delete(custom.toPath().resolve(DbDirectory.MARKER)); // as a crash before the marker
    assertRefused(Peer.HYPERBEE, custom, null, "test.reverse");
  }

  private static String userData(File dir) {
    try (Hypercore core = Hypercore.open(dir.toPath().resolve("core"), HypercoreOptions.defaults());
        Hyperbee bee = Hyperbee.open(core)) {
      byte[] u = bee.getHeader().metadata() == null ? null : bee.getHeader().metadata().userData();
      return u == null ? null : new String(u, StandardCharsets.UTF_8);
    }
  }
}
