package io.hyperbee.leveldb;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The DBIterator contract, run against iq80, leveldbjni and Hyperbee on keys b, d, f.
 *
 * <p>Model (leveldbjni's, which Hyperbee follows): the iterator stands ON an entry or past the end.
 * {@code next()} returns the entry it stands on and moves to the following one; {@code prev()}
 * moves to the preceding entry and returns it (so {@code next()} right after {@code prev()} returns
 * the same entry); {@code seekToLast()} stands on the last entry. iq80 0.12 implements no reverse
 * movement at all (seekToLast, hasPrev, prev and peekPrev throw UnsupportedOperationException).
 * leveldbjni reports {@code hasPrev() == false} past the end and has undefined behaviour (a JVM
 * crash) for prev/peekPrev there; Hyperbee throws NoSuchElementException in those cases, which the
 * Hyperbee-only tests check.
 */
class IteratorConformanceTest extends ConformanceSupport {

  private DBIterator bdf(Peer peer) throws IOException {
    DB db = open(peer);
    putAll(db, "b", "d", "f");
    return track(db.iterator());
  }

  /**
   * iq80 positions a new iterator on the first entry; a new leveldbjni iterator stands nowhere
   * (hasNext() is false until a seek), so `for (entry : db)` sees nothing. Hyperbee does what iq80
   * does: it keeps DB's Iterable contract, and code that seeks first works the same.
   */
  @ParameterizedTest
  @EnumSource(Peer.class)
  void newIteratorPosition(Peer peer) throws IOException {
    DB db = open(peer);
    putAll(db, "b", "d");
    List<String> seen = new ArrayList<>();
    for (Map.Entry<byte[], byte[]> e : db) {
      seen.add(key(e));
    }
    DBIterator it = track(db.iterator());
    if (peer == Peer.JNI) {
      assertEquals(List.of(), seen);
      assertFalse(it.hasNext());
    } else {
      assertEquals(List.of("b", "d"), seen);
      assertEquals("b", key(it.peekNext()));
    }
  }

  @ParameterizedTest
  @EnumSource(Peer.class)
  void forwardIteration(Peer peer) throws IOException {
    DBIterator it = bdf(peer);
    it.seekToFirst();
    assertTrue(it.hasNext());
    assertEquals("b", key(it.peekNext()));
    assertEquals("b", key(it.peekNext()));
    assertEquals("b", key(it.next()));
    assertEquals("d", key(it.next()));
    Map.Entry<byte[], byte[]> f = it.next();
    assertEquals("f", key(f));
    assertEquals("F", s(f.getValue()));
    assertFalse(it.hasNext());
    assertThrows(NoSuchElementException.class, it::next);
    assertThrows(NoSuchElementException.class, it::peekNext);
    it.seekToFirst();
    assertEquals(List.of("b", "d", "f"), rest(it));
  }

  @ParameterizedTest
  @EnumSource(Peer.class)
  void seek(Peer peer) throws IOException {
    DBIterator it = bdf(peer);
    it.seek(b("d"));
    assertEquals(List.of("d", "f"), rest(it));
    it.seek(b("c"));
    assertEquals(List.of("d", "f"), rest(it));
    it.seek(b("a"));
    assertEquals(List.of("b", "d", "f"), rest(it));
    it.seek(new byte[0]);
    assertEquals(List.of("b", "d", "f"), rest(it));
    it.seek(b("f"));
    assertEquals(List.of("f"), rest(it));
    it.seek(b("g"));
    assertFalse(it.hasNext());
    assertThrows(NoSuchElementException.class, it::next);
    it.seek(b("b"));
    it.next();
    it.seek(b("b"));
    assertEquals("b", key(it.next()));
  }

  /** iq80 throws NullPointerException, leveldbjni (and Hyperbee) IllegalArgumentException. */
  @ParameterizedTest
  @EnumSource(Peer.class)
  void seekToNullIsRefused(Peer peer) throws IOException {
    DBIterator it = bdf(peer);
    assertThrows(
        pick(peer, IllegalArgumentException.class, NullPointerException.class),
        () -> it.seek(null));
  }

  @ParameterizedTest
  @EnumSource(Peer.class)
  void emptyDatabase(Peer peer) throws IOException {
    DB db = open(peer);
    DBIterator it = track(db.iterator());
    it.seekToFirst();
    assertFalse(it.hasNext());
    assertThrows(NoSuchElementException.class, it::next);
    assertThrows(NoSuchElementException.class, it::peekNext);
    it.seek(b("a"));
    assertFalse(it.hasNext());
    if (!peer.reversible()) {
      assertThrows(UnsupportedOperationException.class, it::seekToLast);
      assertThrows(UnsupportedOperationException.class, it::hasPrev);
      return;
    }
    it.seekToLast();
    assertFalse(it.hasNext());
    assertFalse(it.hasPrev());
  }

  @ParameterizedTest
  @EnumSource(Peer.class)
  void reverseMovementIsUnsupportedByIq80(Peer peer) throws IOException {
    DBIterator it = bdf(peer);
    it.seekToFirst();
    it.next();
    if (peer.reversible()) {
      assertTrue(it.hasPrev());
      assertEquals("b", key(it.peekPrev()));
      assertEquals("b", key(it.prev()));
    } else {
      assertThrows(UnsupportedOperationException.class, it::hasPrev);
      assertThrows(UnsupportedOperationException.class, it::peekPrev);
      assertThrows(UnsupportedOperationException.class, it::prev);
      assertThrows(UnsupportedOperationException.class, it::seekToLast);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Peer.class,
      names = {"JNI", "HYPERBEE"})
  void seekToLastStandsOnTheLastEntry(Peer peer) throws IOException {
    DBIterator it = bdf(peer);
    it.seekToLast();
    assertTrue(it.hasNext());
    assertEquals("f", key(it.peekNext()));
    assertTrue(it.hasPrev());
    assertEquals("d", key(it.peekPrev()));
    assertEquals("f", key(it.next()));
    assertFalse(it.hasNext());
    assertFalse(it.hasPrev()); // leveldbjni: nothing before "past the end"
  }

  @ParameterizedTest
  @EnumSource(
      value = Peer.class,
      names = {"JNI", "HYPERBEE"})
  void prevMovesBackAndNextReturnsTheSameEntry(Peer peer) throws IOException {
    DBIterator it = bdf(peer);
    it.seekToFirst();
    assertEquals("b", key(it.next()));
    assertEquals("d", key(it.next()));
    assertEquals("d", key(it.prev()));
    assertEquals("d", key(it.peekNext()));
    assertEquals("d", key(it.next()));
    assertEquals("f", key(it.peekNext()));
    assertEquals("d", key(it.peekPrev()));
    assertEquals("f", key(it.peekNext()), "peekPrev does not move");
  }

  @ParameterizedTest
  @EnumSource(
      value = Peer.class,
      names = {"JNI", "HYPERBEE"})
  void reverseWalkToTheFirstEntry(Peer peer) throws IOException {
    DBIterator it = bdf(peer);
    it.seekToLast();
    List<String> keys = new ArrayList<>(List.of(key(it.peekNext())));
    while (it.hasPrev()) {
      keys.add(key(it.prev()));
    }
    assertEquals(List.of("f", "d", "b"), keys);
    assertFalse(it.hasPrev());
    assertThrows(NoSuchElementException.class, it::peekPrev);
    assertThrows(NoSuchElementException.class, it::prev);
    assertEquals("b", key(it.peekNext()), "a failed prev leaves the iterator on the first entry");
    assertEquals(List.of("b", "d", "f"), rest(it));
  }

  @ParameterizedTest
  @EnumSource(
      value = Peer.class,
      names = {"JNI", "HYPERBEE"})
  void seekThenPrev(Peer peer) throws IOException {
    DBIterator it = bdf(peer);
    it.seek(b("c"));
    assertEquals("d", key(it.peekNext()));
    assertTrue(it.hasPrev());
    assertEquals("b", key(it.prev()));
    assertEquals(List.of("b", "d", "f"), rest(it));
    it.seek(b("a"));
    assertFalse(it.hasPrev());
    it.seek(b("z"));
    assertFalse(it.hasNext());
    assertFalse(it.hasPrev());
  }

  @ParameterizedTest
  @EnumSource(
      value = Peer.class,
      names = {"JNI", "HYPERBEE"})
  void alternatingDirections(Peer peer) throws IOException {
    DBIterator it = bdf(peer);
    it.seekToFirst();
    List<String> trace = new ArrayList<>();
    trace.add(key(it.next())); // b, now on d
    trace.add(key(it.next())); // d, now on f
    trace.add(key(it.prev())); // d
    trace.add(key(it.prev())); // b
    trace.add(key(it.next())); // b
    trace.add(key(it.next())); // d
    trace.add(key(it.next())); // f
    assertEquals(List.of("b", "d", "d", "b", "b", "d", "f"), trace);
  }

  /** Both refuse remove() with UnsupportedOperationException. */
  @ParameterizedTest
  @EnumSource(Peer.class)
  void removeIsUnsupported(Peer peer) throws IOException {
    DBIterator it = bdf(peer);
    it.seekToFirst();
    assertThrows(UnsupportedOperationException.class, it::remove);
    it.next();
    assertThrows(UnsupportedOperationException.class, it::remove);
  }

  @ParameterizedTest
  @EnumSource(Peer.class)
  void entriesAreImmutable(Peer peer) throws IOException {
    DBIterator it = bdf(peer);
    it.seekToFirst();
    Map.Entry<byte[], byte[]> e = it.next();
    assertThrows(UnsupportedOperationException.class, () -> e.setValue(b("x")));
  }

  /** Overwrites every byte of an entry the caller got, as a caller may. */
  private static void scribble(Map.Entry<byte[], byte[]> e) {
    java.util.Arrays.fill(e.getKey(), (byte) '?');
    java.util.Arrays.fill(e.getValue(), (byte) '?');
  }

  /** Key and value arrays handed out are the caller's own: changing them changes nothing else. */
  @ParameterizedTest
  @EnumSource(Peer.class)
  void returnedArraysAreTheCallersOwn(Peer peer) throws IOException {
    DBIterator it = bdf(peer);
    it.seekToFirst();
    scribble(it.peekNext());
    Map.Entry<byte[], byte[]> first = it.peekNext();
    assertEquals("b", key(first));
    scribble(first);
    Map.Entry<byte[], byte[]> b = it.next();
    assertEquals("b", key(b));
    assertEquals("B", s(b.getValue()));
    scribble(b);
    assertTrue(it.hasNext());
    scribble(it.next());
    it.seekToFirst();
    List<String> walk = new ArrayList<>();
    while (it.hasNext()) {
      Map.Entry<byte[], byte[]> e = it.next();
      walk.add(key(e) + "=" + s(e.getValue()));
    }
    assertEquals(List.of("b=B", "d=D", "f=F"), walk);
  }

  @ParameterizedTest
  @EnumSource(
      value = Peer.class,
      names = {"JNI", "HYPERBEE"})
  void arraysReturnedWhileMovingBackAreTheCallersOwn(Peer peer) throws IOException {
    DBIterator it = bdf(peer);
    it.seekToLast();
    scribble(it.peekNext());
    assertTrue(it.hasPrev());
    scribble(it.peekPrev());
    Map.Entry<byte[], byte[]> d = it.prev();
    assertEquals("d", key(d));
    assertEquals("D", s(d.getValue()));
    scribble(d);
    Map.Entry<byte[], byte[]> again = it.peekNext();
    assertEquals("d", key(again));
    assertEquals("D", s(again.getValue()));
    scribble(again);
    Map.Entry<byte[], byte[]> next = it.next();
    assertEquals("d", key(next));
    assertEquals("D", s(next.getValue()));
    scribble(next);
    assertEquals("d", key(it.prev()));
    scribble(it.prev());
    List<String> walk = new ArrayList<>();
    while (it.hasNext()) {
      Map.Entry<byte[], byte[]> e = it.next();
      walk.add(key(e) + "=" + s(e.getValue()));
    }
    assertEquals(List.of("b=B", "d=D", "f=F"), walk);
    it.seekToLast();
    walk.clear();
    walk.add(key(it.peekNext()) + "=" + s(it.peekNext().getValue()));
    while (it.hasPrev()) {
      Map.Entry<byte[], byte[]> e = it.prev();
      walk.add(key(e) + "=" + s(e.getValue()));
    }
    assertEquals(List.of("f=F", "d=D", "b=B"), walk);
  }

  @ParameterizedTest
  @EnumSource(Peer.class)
  void iteratorIsUnaffectedByLaterWrites(Peer peer) throws IOException {
    DB db = open(peer);
    putAll(db, "b", "d", "f");
    try (DBIterator it = db.iterator()) {
      it.seekToFirst();
      assertEquals("b", key(it.next()));
      db.put(b("c"), b("C"));
      db.delete(b("d"));
      db.put(b("f"), b("changed"));
      db.put(b("g"), b("G"));
      Map.Entry<byte[], byte[]> d = it.next();
      assertEquals("d", key(d));
      assertEquals("D", s(d.getValue()));
      assertEquals("F", s(it.next().getValue()));
      assertFalse(it.hasNext());
      it.seekToFirst();
      assertEquals(List.of("b", "d", "f"), rest(it));
    }
    assertEquals(List.of("b", "c", "f", "g"), keys(db));
  }

  /**
   * Not run on leveldbjni: its second close() fails an assertion ("This object has been deleted")
   * or, with assertions off, frees native memory twice. iq80 and Hyperbee ignore it.
   */
  @ParameterizedTest
  @EnumSource(
      value = Peer.class,
      names = {"IQ80", "HYPERBEE"})
  void closeIsIdempotent(Peer peer) throws IOException {
    DBIterator it = bdf(peer);
    it.close();
    assertDoesNotThrow(it::close);
  }

  /**
   * Not run on leveldbjni (the native iterator is freed: a JVM crash). iq80 keeps iterating after
   * close; Hyperbee refuses with a DBException.
   */
  @ParameterizedTest
  @EnumSource(
      value = Peer.class,
      names = {"IQ80", "HYPERBEE"})
  void useAfterClose(Peer peer) throws IOException {
    DBIterator it = bdf(peer);
    it.seekToFirst();
    it.close();
    if (peer == Peer.IQ80) {
      assertEquals("b", key(it.next()));
    } else {
      assertThrows(org.iq80.leveldb.DBException.class, it::hasNext);
      assertThrows(org.iq80.leveldb.DBException.class, it::next);
      assertThrows(org.iq80.leveldb.DBException.class, it::seekToFirst);
    }
  }
}
