package io.hyperbee.btree;

import static io.hyperbee.btree.TestUtil.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import io.hyperbee.storage.WholeLengths;
import io.hyperbee.storage.WholeLengths.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The record of where appends ended ({@link WholeLengths}) on a stored core: it survives reopening,
 * a truncation keeps it consistent (its new length recorded, nothing past it), and a store made
 * before the record existed is still told exactly (block rules and replay) and records from its
 * length on.
 */
class WholeLengthsTest {
  private static final HypercoreOptions UNSYNCED = HypercoreOptions.builder().sync(false).build();

  @TempDir Path dir;

  private static void assertRecordIs(WholeLengths record, Set<Long> whole, long length) {
    for (long v = Math.max(0, record.knownFrom()); v <= length; v++) {
      assertEquals(whole.contains(v) ? Status.WHOLE : Status.INSIDE, record.status(v), "length " + v);
    }
    for (int i = 0; i < record.size(); i++) {
      assertTrue(record.get(i) <= length && whole.contains(record.get(i)), "recorded " + record.get(i));
    }
  }

  @Test
  void theRecordSurvivesReopeningAndTellsEveryVersion() {
    Set<Long> whole = new HashSet<>(Set.of(0L, 1L));
    try (Hypercore core = Hypercore.open(dir, UNSYNCED)) {
      BatchBoundsTest.randomHistory(core, new Random(322), 40, 2, false, whole);
      assertEquals(0, core.wholeLengths().knownFrom());
    }
    try (Hypercore core = Hypercore.open(dir, UNSYNCED); Hyperbee db = Hyperbee.open(core)) {
      assertRecordIs(core.wholeLengths(), whole, core.length());
      BatchBoundsTest.assertCheckoutsExact(db, whole, "reopened");
    }
  }

  @Test
  void aTruncationInsideABatchRecordsTheNewLengthAndDropsWhatFollowed() {
    Set<Long> whole = new HashSet<>(Set.of(0L, 1L));
    try (Hypercore core = Hypercore.open(dir, UNSYNCED); Hyperbee db = Hyperbee.open(core)) {
      BatchBoundsTest.randomHistory(core, new Random(330), 40, 2, false, whole);
      long middle = core.length() / 2;
      while (whole.contains(middle)) {
        middle++;
      }
      long inside = middle;
      core.truncate(inside); // a raw truncation inside a batch: its length is the head now
      TreeSet<Long> kept = new TreeSet<>(whole);
      kept.removeIf(v -> v > inside);
      kept.add(inside);
      assertRecordIs(core.wholeLengths(), kept, inside);
      long back = kept.lower(inside); // back to a whole tree, as a repair does
      core.truncate(back);
      kept.remove(inside);
      assertRecordIs(core.wholeLengths(), kept, back);
      db.put(b("after"), b("truncation"));
      kept.add(core.length());
      assertRecordIs(core.wholeLengths(), kept, core.length());
      whole.clear();
      whole.addAll(kept);
    }
    try (Hypercore core = Hypercore.open(dir, UNSYNCED); Hyperbee db = Hyperbee.open(core)) {
      assertRecordIs(core.wholeLengths(), whole, core.length());
      BatchBoundsTest.assertCheckoutsExact(db, whole, "after truncation");
    }
  }

  @Test
  void aStoreMadeBeforeTheRecordIsToldByReplayAndRecordsFromItsLength() throws Exception {
    Set<Long> whole = new HashSet<>(Set.of(0L, 1L));
    try (Hypercore core = Hypercore.open(dir, UNSYNCED)) {
      BatchBoundsTest.randomHistory(core, new Random(372), 40, 2, false, whole);
    }
    Files.delete(dir.resolve("whole-lengths")); // as a store written before the file existed
    try (Hypercore core = Hypercore.open(dir, HypercoreOptions.builder().readOnly(true).build())) {
      assertEquals(-1, core.wholeLengths().knownFrom());
    }
    assertFalse(Files.exists(dir.resolve("whole-lengths")), "a read-only open changes nothing");
    long old;
    try (Hypercore core = Hypercore.open(dir, UNSYNCED); Hyperbee db = Hyperbee.open(core)) {
      old = core.length();
      assertEquals(0, core.wholeLengths().size());
      BatchBoundsTest.assertCheckoutsExact(db, whole, "no record"); // block rules and replay
      Batch batch = db.batch();
      batch.put(b("k1"), b("x"));
      batch.put(b("k2"), b("y"));
      batch.flush();
      whole.add(core.length());
      WholeLengths record = core.wholeLengths();
      assertEquals(old, record.knownFrom());
      assertEquals(Status.UNKNOWN, record.status(old - 1));
      assertEquals(Status.INSIDE, record.status(old + 1));
      assertEquals(Status.WHOLE, record.status(old + 2));
    }
    try (Hypercore core = Hypercore.open(dir, UNSYNCED); Hyperbee db = Hyperbee.open(core)) {
      BatchBoundsTest.assertCheckoutsExact(db, whole, "recorded from " + old);
      long below = old / 3;
      while (!whole.contains(below)) {
        below--;
      }
      core.truncate(below); // below the span: the span now starts there
      assertEquals(below, core.wholeLengths().knownFrom());
      assertEquals(Status.WHOLE, core.wholeLengths().status(below));
    }
  }

  @Test
  void aReplicaRecordsTheSignedLengthsItVerifies() {
    try (Hypercore core = Hypercore.inMemory(HypercoreOptions.defaults());
        Hyperbee db = Hyperbee.open(core)) {
      db.put(b("a"), b("1"));
      Batch batch = db.batch();
      batch.put(b("b"), b("2"));
      batch.put(b("c"), b("3"));
      batch.flush();
      try (Hypercore replica = Hypercore.sparseReplicaOf(core)) {
        replica.get(core.length() - 1); // fetched with an upgrade to the writer's signed length
        assertEquals(core.length(), replica.length());
        WholeLengths record = replica.wholeLengths();
        assertEquals(-1, record.knownFrom());
        assertEquals(Status.WHOLE, record.status(replica.length()));
        assertEquals(Status.UNKNOWN, record.status(replica.length() - 1));
        replica.addWholeLengths(2); // below the last recorded: not recorded, the record ascends
        assertEquals(Status.UNKNOWN, record.status(2));
      }
    }
  }
}
