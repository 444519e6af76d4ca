package io.hyperbee.btree;

import static io.hyperbee.btree.TestUtil.b;
import static io.hyperbee.btree.TestUtil.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Mirrors hyperbee's test/cas.js. */
class CasTest {

  @Test
  void putAppendsOnlyWhenCasAccepts() {
    MemoryLog log = new MemoryLog();
    Hyperbee db = Hyperbee.open(log);
    db.put(b("a"), b("1"));
    long v = db.version();
    assertFalse(db.put(b("a"), b("2"), (prev, next) -> false));
    assertEquals(v, db.version());
    assertTrue(db.put(b("a"), b("2"), (prev, next) -> true));
    assertEquals(v + 1, db.version());
    assertEquals("2", s(db.get(b("a")).value()));
  }

  @Test
  void casReceivesPreviousAndNextEntries() {
    Hyperbee db = Hyperbee.open(new MemoryLog()).sub(b("s"));
    db.put(b("a"), b("1"));
    List<String> seen = new ArrayList<>();
    db.put(b("a"), b("2"), (prev, next) -> {
      seen.add(prev.seq() + " " + s(prev.key()) + " " + s(prev.value()));
      seen.add(next.seq() + " " + s(next.key()) + " " + s(next.value()));
      return true;
    });
    db.del(b("a"), (prev, next) -> {
      seen.add(prev.seq() + " " + s(prev.key()) + " " + s(prev.value()));
      seen.add(next.seq() + " " + s(next.key()) + " " + next.value());
      return true;
    });
    assertEquals(List.of("1 a 1", "2 a 2", "2 a 2", "3 a null"), seen);
  }

  @Test
  void casIsIgnoredForNewAndMissingKeys() {
    MemoryLog log = new MemoryLog();
    Hyperbee db = Hyperbee.open(log);
    assertTrue(db.put(b("new"), b("1"), (prev, next) -> false));
    assertEquals("1", s(db.get(b("new")).value()));
    long length = log.length();
    assertFalse(db.del(b("missing"), (prev, next) -> true));
    assertEquals(length, log.length());
  }

  @Test
  void delAppendsOnlyWhenCasAccepts() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    db.put(b("a"), b("1"));
    assertFalse(db.del(b("a"), (prev, next) -> false));
    assertEquals("1", s(db.get(b("a")).value()));
    assertTrue(db.del(b("a"), (prev, next) -> "1".equals(s(prev.value()))));
    assertNull(db.get(b("a")));
  }

  @Test
  void casInsideBatches() {
    MemoryLog log = new MemoryLog();
    Hyperbee db = Hyperbee.open(log);
    db.put(b("a"), b("1"));
    Batch batch = db.batch();
    assertFalse(batch.put(b("a"), b("2"), (prev, next) -> false));
    assertTrue(batch.put(b("a"), b("3"), (prev, next) -> "1".equals(s(prev.value()))));
    assertFalse(batch.del(b("a"), (prev, next) -> false));
    batch.flush();
    assertEquals("3", s(db.get(b("a")).value()));
    assertEquals(3, log.length());
  }

  @Test
  void flushingAnEmptyBatchAfterAFailedCasReleasesTheLock() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    db.put(b("a"), b("1"));
    Batch batch = db.batch();
    assertFalse(batch.put(b("a"), b("2"), (prev, next) -> false));
    batch.flush();
    db.put(b("b"), b("2")); // the lock is free again
    assertEquals("2", s(db.get(b("b")).value()));
  }

  @Test
  void aCasThatWritesToItsBeeIsRefusedAndWritesNothing() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    db.put(b("a"), b("1"));
    long v = db.version();
    HyperbeeException e = assertThrows(HyperbeeException.class, () -> db.put(b("a"), b("2"), (prev, next) -> {
      db.put(b("z"), b("9")); // would wait for the write lock the cas runs under
      return true;
    }));
    assertEquals(ErrorCode.INVALID_OPERATION, e.code());
    assertTrue(e.getMessage().contains("cas"), e.getMessage());
    assertEquals(v, db.version());
    assertNull(db.get(b("z")));
    assertEquals("1", s(db.get(b("a")).value()));
    db.put(b("b"), b("2")); // the lock was released
    assertEquals(v + 1, db.version());
  }

  @Test
  void alwaysDuplicateFalseSuppressesIdenticalPuts() {
    Hyperbee dup = Hyperbee.open(new MemoryLog());
    Hyperbee noDup = Hyperbee.open(new MemoryLog(),
        BeeOptions.builder().alwaysDuplicate(false).build());
    for (Hyperbee db : List.of(dup, noDup)) {
      db.put(b("a"), b("1"));
      db.put(b("n"), null);
    }
    long v1 = dup.version();
    long v2 = noDup.version();
    for (Hyperbee db : List.of(dup, noDup)) {
      db.put(b("a"), b("1"));
      db.put(b("n"), null);
    }
    assertEquals(v1 + 2, dup.version());
    assertEquals(v2, noDup.version());
    Batch batch = noDup.batch();
    batch.put(b("a"), b("1"));
    batch.put(b("a"), b("changed"));
    batch.flush();
    assertEquals(v2 + 1, noDup.version());
  }
}
