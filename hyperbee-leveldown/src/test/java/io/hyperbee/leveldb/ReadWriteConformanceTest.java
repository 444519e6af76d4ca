package io.hyperbee.leveldb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBException;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.ReadOptions;
import org.iq80.leveldb.Snapshot;
import org.iq80.leveldb.WriteBatch;
import org.iq80.leveldb.WriteOptions;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * get, put, delete, write batches, write options and snapshots, run against iq80, leveldbjni and
 * Hyperbee.
 */
class ReadWriteConformanceTest extends ConformanceSupport {

  @ParameterizedTest
  @EnumSource(Peer.class)
  void putGetOverwriteDelete(Peer peer) throws IOException {
    DB db = open(peer);
    assertNull(db.get(b("a")));
    db.put(b("a"), b("1"));
    assertArrayEquals(b("1"), db.get(b("a")));
    db.put(b("a"), b("2"));
    assertArrayEquals(b("2"), db.get(b("a")));
    db.delete(b("a"));
    assertNull(db.get(b("a")));
    assertDoesNotThrow(() -> db.delete(b("never-written")));
    assertNull(db.get(b("never-written")));
  }

  @ParameterizedTest
  @EnumSource(Peer.class)
  void readOptionsWithoutSnapshotReadTheLatestState(Peer peer) throws IOException {
    DB db = open(peer);
    db.put(b("a"), b("1"));
    ReadOptions options = new ReadOptions().verifyChecksums(true).fillCache(false);
    assertArrayEquals(b("1"), db.get(b("a"), options));
    assertNull(db.get(b("b"), new ReadOptions()));
  }

  /** Without snapshot(true) the write-option variants return null; sync(true) is accepted. */
  @ParameterizedTest
  @EnumSource(Peer.class)
  void writeOptionsWithoutSnapshot(Peer peer) throws IOException {
    DB db = open(peer);
    assertNull(db.put(b("a"), b("1"), new WriteOptions()));
    assertNull(db.put(b("b"), b("2"), new WriteOptions().sync(true)));
    assertNull(db.delete(b("a"), new WriteOptions().sync(true)));
    try (WriteBatch batch = db.createWriteBatch()) {
      assertNull(db.write(batch.put(b("c"), b("3")), new WriteOptions().sync(true)));
    }
    assertEquals(List.of("b", "c"), keys(db));
  }

  /**
   * iq80 returns a snapshot of the state right after the write; leveldbjni throws
   * UnsupportedOperationException. Hyperbee does what iq80 does (the API promises a Snapshot).
   */
  @ParameterizedTest
  @EnumSource(Peer.class)
  void writeOptionsSnapshotReturnsTheStateAfterTheWrite(Peer peer) throws IOException {
    DB db = open(peer);
    WriteOptions withSnapshot = new WriteOptions().snapshot(true);
    if (peer == Peer.JNI) {
      assertThrows(UnsupportedOperationException.class, () -> db.put(b("a"), b("1"), withSnapshot));
      assertThrows(UnsupportedOperationException.class, () -> db.delete(b("a"), withSnapshot));
      assertThrows(
          UnsupportedOperationException.class, () -> db.write(db.createWriteBatch(), withSnapshot));
      return;
    }
    Snapshot afterPut = track(db.put(b("a"), b("1"), withSnapshot));
    db.put(b("a"), b("2"));
    Snapshot afterDelete = track(db.delete(b("a"), withSnapshot));
    db.put(b("a"), b("3"));
    Snapshot afterBatch;
    try (WriteBatch batch = db.createWriteBatch()) {
      afterBatch = track(db.write(batch.put(b("b"), b("B")), withSnapshot));
    }
    db.delete(b("b"));
    Snapshot afterEmptyBatch = track(db.write(db.createWriteBatch(), withSnapshot));
    assertNotNull(afterEmptyBatch);

    assertArrayEquals(b("1"), db.get(b("a"), new ReadOptions().snapshot(afterPut)));
    assertNull(db.get(b("a"), new ReadOptions().snapshot(afterDelete)));
    assertArrayEquals(b("B"), db.get(b("b"), new ReadOptions().snapshot(afterBatch)));
    assertArrayEquals(b("3"), db.get(b("a"), new ReadOptions().snapshot(afterBatch)));
    assertNull(db.get(b("b"), new ReadOptions().snapshot(afterEmptyBatch)));
  }

  /**
   * Both reject null keys and values: iq80 with NullPointerException, leveldbjni with
   * IllegalArgumentException (Hyperbee follows leveldbjni). write(null) is a NullPointerException
   * in both.
   */
  @ParameterizedTest
  @EnumSource(Peer.class)
  void rejectsNullArguments(Peer peer) throws IOException {
    DB db = open(peer);
    Class<? extends Throwable> expected =
        pick(peer, IllegalArgumentException.class, NullPointerException.class);
    List<Executable> calls =
        List.of(
            () -> db.put(null, b("v")),
            () -> db.put(b("k"), null),
            () -> db.get(null),
            () -> db.delete(null),
            () -> db.put(null, b("v"), new WriteOptions()),
            () -> db.get(b("k"), null),
            () -> db.iterator(null),
            () -> db.createWriteBatch().put(null, b("v")),
            () -> db.createWriteBatch().put(b("k"), null),
            () -> db.createWriteBatch().delete(null));
    for (Executable call : calls) {
      assertThrows(expected, call);
    }
    assertThrows(NullPointerException.class, () -> db.write(null));
    assertEquals(List.of(), keys(db));
  }

  @ParameterizedTest
  @EnumSource(Peer.class)
  void emptyKeysAndValues(Peer peer) throws IOException {
    DB db = open(peer);
    db.put(new byte[0], b("empty key"));
    db.put(b("empty value"), new byte[0]);
    assertArrayEquals(b("empty key"), db.get(new byte[0]));
    assertArrayEquals(new byte[0], db.get(b("empty value")));
    assertEquals(List.of("", "empty value"), keys(db));
    db.delete(new byte[0]);
    assertNull(db.get(new byte[0]));
  }

  @ParameterizedTest
  @EnumSource(Peer.class)
  void largeValues(Peer peer) throws IOException {
    DB db = open(peer);
    byte[] big = new byte[5 << 20];
    new Random(1).nextBytes(big);
    db.put(b("big"), big);
    db.put(b("small"), b("s"));
    assertArrayEquals(big, db.get(b("big")));
    assertArrayEquals(b("s"), db.get(b("small")));
  }

  /** Keys compare as unsigned bytes: 0x00 and 0xFF bytes survive and sort where expected. */
  @ParameterizedTest
  @EnumSource(Peer.class)
  void binaryKeysSortAsUnsignedBytes(Peer peer) throws IOException {
    DB db = open(peer);
    byte[][] keys = {{(byte) 0xFF}, {0x00}, {0x7F}, {(byte) 0x80}, {}, {0, 0}, {(byte) 0xFF, 0}};
    for (int i = 0; i < keys.length; i++) {
      db.put(keys[i], new byte[] {(byte) i, 0, (byte) 0xFF});
    }
    for (int i = 0; i < keys.length; i++) {
      assertArrayEquals(new byte[] {(byte) i, 0, (byte) 0xFF}, db.get(keys[i]));
    }
    List<byte[]> order = new ArrayList<>();
    try (DBIterator it = db.iterator()) {
      it.seekToFirst();
      it.forEachRemaining(e -> order.add(e.getKey()));
    }
    byte[][] expected = {
      {}, {0x00}, {0, 0}, {0x7F}, {(byte) 0x80}, {(byte) 0xFF}, {(byte) 0xFF, 0}
    };
    assertEquals(expected.length, order.size());
    for (int i = 0; i < expected.length; i++) {
      assertArrayEquals(expected[i], order.get(i));
    }
  }

  /**
   * Arrays handed out are the caller's: changing them changes nothing stored. Arrays passed in:
   * leveldbjni copies them; iq80 keeps them (its memtable wraps the caller's arrays, so changing
   * them after put changes the stored key and value). Hyperbee copies, as leveldbjni does.
   */
  @ParameterizedTest
  @EnumSource(Peer.class)
  void returnedAndPassedArraysAreNotShared(Peer peer) throws IOException {
    DB db = open(peer);
    byte[] key = b("k");
    byte[] value = b("v");
    db.put(key, value);
    key[0] = 'x';
    value[0] = 'x';
    if (peer == Peer.IQ80) {
      assertNull(db.get(b("k")));
      assertArrayEquals(b("x"), db.get(b("x")));
      db.delete(b("x"));
      db.put(b("k"), b("v"));
    }
    byte[] read = db.get(b("k"));
    assertArrayEquals(b("v"), read);
    read[0] = 'y';
    assertArrayEquals(b("v"), db.get(b("k")));
    try (DBIterator it = db.iterator()) {
      it.seekToFirst();
      Map.Entry<byte[], byte[]> e = it.next();
      e.getKey()[0] = 'z';
      e.getValue()[0] = 'z';
    }
    assertArrayEquals(b("v"), db.get(b("k")));
    assertEquals(List.of("k"), keys(db));
  }

  /** A batch applies its operations in order: the last operation on a key wins. */
  @ParameterizedTest
  @EnumSource(Peer.class)
  void batchAppliesOperationsInOrder(Peer peer) throws IOException {
    DB db = open(peer);
    putAll(db, "gone", "kept");
    try (WriteBatch batch = db.createWriteBatch()) {
      batch.put(b("put-then-delete"), b("1")).delete(b("put-then-delete"));
      batch.delete(b("delete-then-put")).put(b("delete-then-put"), b("2"));
      batch.put(b("twice"), b("first")).put(b("twice"), b("second"));
      batch.delete(b("gone"));
      batch.delete(b("absent"));
      batch.put(b("kept"), b("new"));
      db.write(batch);
    }
    assertNull(db.get(b("put-then-delete")));
    assertArrayEquals(b("2"), db.get(b("delete-then-put")));
    assertArrayEquals(b("second"), db.get(b("twice")));
    assertNull(db.get(b("gone")));
    assertArrayEquals(b("new"), db.get(b("kept")));
    assertEquals(List.of("delete-then-put", "kept", "twice"), keys(db));
  }

  /** A snapshot taken before a batch sees none of it; one taken after sees all of it. */
  @ParameterizedTest
  @EnumSource(Peer.class)
  void batchIsVisibleAllAtOnce(Peer peer) throws IOException {
    DB db = open(peer);
    putAll(db, "a");
    Snapshot before = track(db.getSnapshot());
    try (WriteBatch batch = db.createWriteBatch()) {
      for (int i = 0; i < 100; i++) {
        batch.put(b("k" + i), b("v" + i));
      }
      batch.delete(b("a"));
      db.write(batch);
    }
    Snapshot after = track(db.getSnapshot());
    try (DBIterator it = db.iterator(new ReadOptions().snapshot(before))) {
      it.seekToFirst();
      assertEquals(List.of("a"), rest(it));
    }
    try (DBIterator it = db.iterator(new ReadOptions().snapshot(after))) {
      it.seekToFirst();
      assertEquals(100, rest(it).size());
    }
  }

  /** A batch is a buffer: it can be written twice, to another database, or empty. */
  @ParameterizedTest
  @EnumSource(Peer.class)
  void batchIsAReusableBuffer(Peer peer) throws IOException {
    DB db = open(peer);
    DB other = open(peer);
    try (WriteBatch batch = db.createWriteBatch()) {
      batch.put(b("a"), b("1"));
      db.write(batch);
      db.delete(b("a"));
      db.write(batch);
      other.write(batch);
    }
    assertArrayEquals(b("1"), db.get(b("a")));
    assertArrayEquals(b("1"), other.get(b("a")));
    try (WriteBatch empty = db.createWriteBatch()) {
      db.write(empty);
    }
    assertEquals(List.of("a"), keys(db));
  }

  /** Only the database's own batches can be written (both throw ClassCastException). */
  @ParameterizedTest
  @EnumSource(Peer.class)
  void refusesAForeignBatchImplementation(Peer peer) throws IOException {
    DB db = open(peer);
    WriteBatch foreign =
        new WriteBatch() {
          @Override
          public WriteBatch put(byte[] key, byte[] value) {
            return this;
          }

          @Override
          public WriteBatch delete(byte[] key) {
            return this;
          }

          @Override
          public void close() {}
        };
    assertThrows(RuntimeException.class, () -> db.write(foreign));
  }

  @ParameterizedTest
  @EnumSource(Peer.class)
  void snapshotReadsTheStateWhenItWasTaken(Peer peer) throws IOException {
    DB db = open(peer);
    putAll(db, "a", "b");
    Snapshot snapshot = track(db.getSnapshot());
    db.put(b("a"), b("changed"));
    db.delete(b("b"));
    db.put(b("c"), b("new"));
    try (WriteBatch batch = db.createWriteBatch()) {
      db.write(batch.put(b("d"), b("D")).delete(b("a")));
    }
    ReadOptions atSnapshot = new ReadOptions().snapshot(snapshot);
    assertArrayEquals(b("A"), db.get(b("a"), atSnapshot));
    assertArrayEquals(b("B"), db.get(b("b"), atSnapshot));
    assertNull(db.get(b("c"), atSnapshot));
    assertNull(db.get(b("d"), atSnapshot));
    try (DBIterator it = db.iterator(atSnapshot)) {
      it.seekToFirst();
      assertEquals(List.of("a", "b"), rest(it));
    }
    assertEquals(List.of("c", "d"), keys(db));
  }

  /**
   * Not run on leveldbjni: closing a snapshot twice or reading through a closed one frees or reads
   * freed native memory and crashes the JVM. iq80 keeps serving the closed snapshot; Hyperbee
   * refuses it with a DBException.
   */
  @ParameterizedTest
  @EnumSource(
      value = Peer.class,
      names = {"IQ80", "HYPERBEE"})
  void closedSnapshot(Peer peer) throws IOException {
    DB db = open(peer);
    putAll(db, "a");
    Snapshot snapshot = db.getSnapshot();
    db.put(b("a"), b("new"));
    snapshot.close();
    assertDoesNotThrow(snapshot::close);
    ReadOptions atSnapshot = new ReadOptions().snapshot(snapshot);
    if (peer == Peer.IQ80) {
      assertArrayEquals(b("A"), db.get(b("a"), atSnapshot));
    } else {
      assertThrows(org.iq80.leveldb.DBException.class, () -> db.get(b("a"), atSnapshot));
      assertThrows(org.iq80.leveldb.DBException.class, () -> db.iterator(atSnapshot));
    }
  }

  /** An iterator opened on a snapshot keeps working after the snapshot is closed. */
  @ParameterizedTest
  @EnumSource(
      value = Peer.class,
      names = {"IQ80", "HYPERBEE"})
  void iteratorOutlivesItsSnapshot(Peer peer) throws IOException {
    DB db = open(peer);
    putAll(db, "a");
    Snapshot snapshot = db.getSnapshot();
    db.put(b("b"), b("B"));
    try (DBIterator it = db.iterator(new ReadOptions().snapshot(snapshot))) {
      it.seekToFirst();
      snapshot.close();
      assertEquals(List.of("a"), rest(it));
    }
  }

  /**
   * A batch closed while empty (as try-with-resources leaves one) can still be written: a no-op in
   * all three. Closed while holding operations, iq80 writes them and leveldbjni writes nothing (its
   * close freed them; its put after close crashes the JVM, so not done here); Hyperbee refuses,
   * since either answer would silently be wrong for clients of the other.
   */
  @ParameterizedTest
  @EnumSource(Peer.class)
  void writingAClosedBatch(Peer peer) throws IOException {
    DB db = open(peer);
    putAll(db, "a");
    WriteBatch empty = db.createWriteBatch();
    empty.close();
    db.write(empty);
    db.write(empty, new WriteOptions().sync(true));
    assertEquals(List.of("a"), keys(db));

    WriteBatch full = db.createWriteBatch().put(b("b"), b("B")).delete(b("a"));
    full.close();
    switch (peer) {
      case IQ80 -> {
        db.write(full);
        assertEquals(List.of("b"), keys(db));
      }
      case JNI -> {
        db.write(full);
        assertEquals(List.of("a"), keys(db));
      }
      case HYPERBEE -> {
        assertThrows(DBException.class, () -> db.write(full));
        assertEquals(List.of("a"), keys(db));
      }
    }
  }
}
