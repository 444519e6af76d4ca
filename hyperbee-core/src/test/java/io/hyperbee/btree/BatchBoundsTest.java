package io.hyperbee.btree;

import static io.hyperbee.btree.TestUtil.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.log.BlockLog;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Versions inside an atomic batch (issue 12, defect 1): refused with VERSION_INSIDE_BATCH naming
 * the batch's bounds by every API that takes a version, and {@link BatchBounds}'s verdict equals
 * the truth (the lengths after each append) for every version of random batched histories. The
 * JS-written interop vectors get the same check in {@link VectorReplayTest}.
 */
class BatchBoundsTest {

  /** Asserts that exactly the versions in {@code whole} are found whole. */
  static void assertVerdicts(Hyperbee db, Set<Long> whole, String name) {
    assertVerdicts(db, whole, name, 1);
  }

  /** As {@link #assertVerdicts(Hyperbee, Set, String)}, for every {@code step}-th version. */
  static void assertVerdicts(Hyperbee db, Set<Long> whole, String name, long step) {
    long length = db.core().length();
    BatchBounds bounds = new BatchBounds(db.context()); // a fresh scan, from the oldest version
    for (long v = length; v >= 1; v -= step) {
      assertEquals(whole.contains(v), bounds.isWhole(v, length), name + ": version " + v);
    }
  }

  /**
   * {whole versions refused, inside versions taken as whole, inside versions, inside versions the
   * block rules alone take as whole}.
   */
  static long[] countVerdicts(Hyperbee db, Set<Long> whole) {
    long length = db.core().length();
    BatchBounds bounds = new BatchBounds(db.context());
    BatchBounds rules = new BatchBounds(db.context());
    long[] counts = new long[4];
    for (long v = length; v >= 1; v--) {
      boolean found = bounds.isWhole(v, length);
      if (whole.contains(v)) {
        counts[0] += found ? 0 : 1;
      } else {
        counts[1] += found ? 1 : 0;
        counts[2]++;
        counts[3] += rules.rulesHold(v, length) ? 1 : 0;
      }
    }
    return counts;
  }

  /**
   * For a log with no record of its appends (written elsewhere): the replay alone tells every
   * version exactly, whatever the block rules say.
   */
  static void assertReplayAloneIsExact(Hyperbee db, Set<Long> whole, String name, long step) {
    long length = db.core().length();
    ReplayCheck replay = new ReplayCheck(db.context());
    for (long v = 2; v < length; v += step) {
      assertEquals(whole.contains(v), replay.matches(v, length), name + ": replay at version " + v);
    }
    for (long v = length - 1; v >= 2; v -= 7 * step) { // and moving back
      assertEquals(whole.contains(v), replay.matches(v, length), name + ": replay back at version " + v);
    }
  }

  /** The issue's case: 20 entries, then one batch of 200. */
  private static Hyperbee twentyThenBatchOf200(MemoryLog log) {
    Hyperbee db = Hyperbee.open(log);
    for (int i = 0; i < 20; i++) {
      db.put(b(String.format("a%03d", i)), b("v" + i));
    }
    Batch batch = db.batch();
    for (int i = 0; i < 200; i++) {
      batch.put(b(String.format("k%03d", (i * 37) % 200)), b("w" + i));
    }
    batch.flush();
    assertEquals(221, db.version());
    return db;
  }

  private static void assertInsideBatch(Executable call) {
    HyperbeeException e = assertThrows(HyperbeeException.class, call);
    assertEquals(ErrorCode.VERSION_INSIDE_BATCH, e.code(), e.getMessage());
    assertTrue(
        e.getMessage().contains("from version 21 to version 221"), e.getMessage());
  }

  @Test
  void everyVersionInsideTheIssuesBatchIsRefusedNamingItsBounds() {
    Hyperbee db = twentyThenBatchOf200(new MemoryLog());
    for (long v = 22; v <= 220; v++) {
      long version = v;
      assertInsideBatch(() -> db.checkout(version));
    }
    assertEquals(20, TestUtil.collect(db.checkout(21).range(KeyRange.all())).size());
    assertEquals(220, TestUtil.collect(db.checkout(221).range(KeyRange.all())).size());
  }

  @Test
  void diffsAndCheckoutsOfViewsRefuseAVersionInsideTheBatch() {
    Hyperbee db = twentyThenBatchOf200(new MemoryLog());
    assertInsideBatch(() -> db.diff(120, KeyRange.all()));
    assertInsideBatch(() -> db.checkout(221).diff(120, KeyRange.all()));
    assertInsideBatch(() -> db.sub(b("a")).checkout(120));
    // history bounds are block seqs: a batch's blocks are listed one by one, as JS does
    assertEquals(101, TestUtil.collect(db.history(HistoryRange.all().gte(120))).size());
    assertEquals(200, TestUtil.collect(db.diff(21, KeyRange.all())).size());
  }

  @Test
  void aReadOnlyCopyWithColdCachesGivesTheSameVerdict() {
    MemoryLog log = new MemoryLog();
    twentyThenBatchOf200(log);
    Hyperbee replica = Hyperbee.open(MemoryLog.readOnlyCopy(log));
    assertInsideBatch(() -> replica.checkout(100));
    assertEquals(220, TestUtil.collect(replica.checkout(221).range(KeyRange.all())).size());
  }

  /** The shapes the issue names, written in few, small and large batches: verdicts are exact. */
  @ParameterizedTest
  @ValueSource(longs = {1L, 2L, 3L, 12L, 20261204L})
  void verdictsMatchTheAppendBoundariesOfRandomBatchedHistories(long seed) {
    Set<Long> whole = new HashSet<>(Set.of(0L, 1L));
    Hyperbee db = randomHistory(MemoryLog.withoutRecord(), new Random(seed), 600, 3, false, whole);
    assertVerdicts(db, whole, "seed " + seed);
  }

  /**
   * Small key spaces, half the batch ops deletes (roots collapse and grow inside batches), on a
   * log with no record of its appends (as a JS-written one): no whole version is refused and no
   * inside version taken as whole. Seeds 322 to 372 are ones where the block rules alone let
   * inside versions through (printed): the replay must catch every one.
   */
  @ParameterizedTest
  @ValueSource(longs = {100L, 101L, 322L, 329L, 330L, 372L})
  void deleteHeavyHistoriesAreToldExactlyWithoutARecord(long seed) {
    Set<Long> whole = new HashSet<>(Set.of(0L, 1L));
    Hyperbee db = randomHistory(MemoryLog.withoutRecord(), new Random(seed), 40, 2, false, whole);
    long[] c = countVerdicts(db, whole);
    System.out.printf(
        "seed %d: %d whole refused, %d of %d inside versions taken as whole (block rules alone: %d)%n",
        seed, c[0], c[1], c[2], c[3]);
    assertEquals(0, c[0], "whole versions refused");
    assertEquals(0, c[1], "inside versions taken as whole");
  }

  @ParameterizedTest
  @ValueSource(longs = {322L, 372L})
  void theReplayAloneIsExactOnDeleteHeavyHistories(long seed) {
    Set<Long> whole = new HashSet<>(Set.of(0L, 1L));
    Hyperbee db = randomHistory(MemoryLog.withoutRecord(), new Random(seed), 40, 2, true, whole);
    assertReplayAloneIsExact(db, whole, "seed " + seed, 1);
  }

  /**
   * On a store this core wrote (the record of its appends is kept), over the seeds where the
   * block rules alone misread: every version inside a batch is refused by checkout naming the
   * batch's exact bounds, and every whole version is checked out.
   */
  @ParameterizedTest
  @ValueSource(longs = {318L, 320L, 322L, 327L, 329L, 330L, 363L, 372L})
  void everyInsideVersionOfALocallyWrittenStoreIsRefused(long seed) {
    Set<Long> whole = new HashSet<>(Set.of(0L, 1L));
    try (Hypercore core = Hypercore.inMemory(HypercoreOptions.defaults())) {
      Hyperbee db = randomHistory(core, new Random(seed), 40, 2, false, whole);
      assertCheckoutsExact(db, whole, "seed " + seed);
    }
  }

  /** Checks out every version: whole ones open, inside ones are refused naming their batch. */
  static void assertCheckoutsExact(Hyperbee db, Set<Long> whole, String name) {
    long length = db.core().length();
    long before = 1;
    for (long v = 1; v <= length; v++) {
      long version = v;
      if (whole.contains(v)) {
        db.checkout(v).close();
        before = v;
        continue;
      }
      long after = v + 1;
      while (!whole.contains(after)) {
        after++;
      }
      HyperbeeException e = assertThrows(HyperbeeException.class, () -> db.checkout(version), name + " " + v);
      assertEquals(ErrorCode.VERSION_INSIDE_BATCH, e.code(), e.getMessage());
      assertTrue(e.getMessage().contains("from version " + before + " to version " + after + " "),
          name + ": " + e.getMessage());
    }
  }

  /** 400 random writes: single puts and deletes, and batches of 1-8 or 1-150 ops. */
  static Hyperbee randomHistory(
      BlockLog log, Random rnd, int maxKeySpace, int delOneIn, boolean nullValues, Set<Long> whole) {
    Hyperbee db = Hyperbee.open(log);
    int keySpace = 10 + rnd.nextInt(maxKeySpace);
    for (int op = 0; op < 400; op++) {
      int kind = rnd.nextInt(10);
      if (kind < 3) {
        db.put(key(rnd, keySpace), rnd.nextInt(20) == 0 ? null : b("v" + op));
      } else if (kind < 5) {
        db.del(key(rnd, keySpace));
      } else {
        Batch batch = db.batch();
        int n = 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 150);
        for (int i = 0; i < n; i++) {
          if (rnd.nextInt(delOneIn) == 0) {
            batch.del(key(rnd, keySpace));
          } else {
            boolean nul = nullValues && rnd.nextInt(15) == 0;
            batch.put(key(rnd, keySpace), nul ? null : b("b" + op + "." + i));
          }
        }
        batch.flush();
      }
      whole.add(log.length());
    }
    return db;
  }

  private static byte[] key(Random rnd, int keySpace) {
    return b(String.format("k%05d", rnd.nextInt(keySpace)));
  }
}
