package io.hyperbee.btree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Hyperbee#clearHistory} against a reference model: a TreeMap per whole version over the
 * whole history. Random puts, deletes and batches, with clears of history under random
 * retentions (the last n versions, plus random older versions held) in between. After each
 * clear: every version every clear so far retained reads exactly as its model (every key, and a
 * full range), the live keys read back, and any other version reads exactly or fails with
 * BLOCK_NOT_AVAILABLE, never wrongly. Fixed seeds; a failure names the seed and step.
 */
class RetentionTest {
  private static final int STEPS = 700;
  private static final int KEYS = 60;
  private static final int NOT_KEPT_SAMPLE = 12;

  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(longs = {1L, 16L, 20261204L})
  void keptVersionsReadExactlyOthersNeverWrongly(long seed) {
    try (Hypercore core = Hypercore.inMemory(HypercoreOptions.defaults())) {
      run(core, seed);
    }
  }

  @Test
  void onAFileBackedCore() {
    try (Hypercore core = Hypercore.open(tmp.resolve("core"), HypercoreOptions.defaults())) {
      run(core, 77L);
    }
  }

  @Test
  void keepingAllClearsNothing() {
    try (Hypercore core = Hypercore.inMemory(HypercoreOptions.defaults()); Hyperbee bee = Hyperbee.open(core)) {
      for (int i = 0; i < 50; i++) {
        bee.put(key(i % 7), value(i));
      }
      assertEquals(0, bee.clearHistory(Retention.all()));
      assertTrue(core.has(0, core.length()));
      assertTrue(bee.clearHistory(Retention.lastVersions(1)) > 0);
    }
  }

  @Test
  void refusesWhatItCannotDo() {
    try (Hypercore core = Hypercore.inMemory(HypercoreOptions.defaults()); Hyperbee bee = Hyperbee.open(core)) {
      bee.put(key(1), value(1));
      long v = bee.version();
      assertThrows(IllegalArgumentException.class, () -> bee.clearHistory(Retention.lastVersions(1).holding(List.of(v + 1))));
      assertThrows(IllegalArgumentException.class, () -> Retention.lastVersions(0));
      assertThrows(IllegalArgumentException.class, () -> Retention.lastVersions(1).holding(List.of(0L)));
      HyperbeeException e = assertThrows(HyperbeeException.class,
          () -> bee.checkout(v).clearHistory(Retention.lastVersions(1)));
      assertEquals(ErrorCode.INVALID_OPERATION, e.code());
      try (Hyperbee onMemoryLog = Hyperbee.open(new MemoryLog())) {
        assertEquals(ErrorCode.INVALID_OPERATION, assertThrows(HyperbeeException.class,
            () -> onMemoryLog.clearHistory(Retention.lastVersions(1))).code());
      }
    }
  }

  private void run(Hypercore core, long seed) {
    Random rnd = new Random(seed);
    Map<Long, TreeMap<String, String>> versions = new java.util.HashMap<>();
    TreeMap<String, String> model = new TreeMap<>();
    Set<Long> intact = new HashSet<>(); // retained by every clear since they were written
    long cleared = 0;
    long refusals = 0;
    try (Hyperbee bee = Hyperbee.open(core)) {
      bee.put(key(0), value(0)); // the header and a first version
      model.put("k0", "v0");
      record(bee, model, versions, intact);
      for (int step = 0; step < STEPS; step++) {
        String context = "seed " + seed + ", step " + step;
        int kind = rnd.nextInt(100);
        if (kind < 55) {
          int k = rnd.nextInt(KEYS);
          byte[] v = value(rnd.nextInt(1_000_000));
          bee.put(key(k), v);
          model.put("k" + k, new String(v, StandardCharsets.UTF_8));
        } else if (kind < 80) {
          int k = rnd.nextInt(KEYS);
          bee.del(key(k));
          model.remove("k" + k);
        } else if (kind < 93) {
          Batch batch = bee.batch();
          for (int n = 1 + rnd.nextInt(6); n > 0; n--) {
            int k = rnd.nextInt(KEYS);
            if (rnd.nextInt(4) == 0) {
              batch.del(key(k));
              model.remove("k" + k);
            } else {
              byte[] v = value(rnd.nextInt(1_000_000));
              batch.put(key(k), v);
              model.put("k" + k, new String(v, StandardCharsets.UTF_8));
            }
          }
          batch.flush();
        } else {
          Retention retention = randomRetention(rnd, bee.version(), versions);
          cleared += bee.clearHistory(retention);
          intact.retainAll(kept(retention, bee.version()));
          refusals += checkAll(bee, versions, intact, context);
          continue;
        }
        record(bee, model, versions, intact);
      }
      cleared += bee.clearHistory(Retention.lastVersions(1));
      intact.retainAll(Set.of(bee.version()));
      refusals += checkAll(bee, versions, intact, "seed " + seed + ", at the end");
    }
    assertTrue(cleared > 0, "nothing was cleared");
    assertTrue(refusals > 0, "no version ever needed a cleared block: the test cannot tell keeping from clearing");
  }

  /** The last 1 to 30 versions, and sometimes up to three random older whole versions held. */
  private static Retention randomRetention(Random rnd, long version, Map<Long, TreeMap<String, String>> versions) {
    Retention r = Retention.lastVersions(1 + rnd.nextInt(30));
    List<Long> whole = new ArrayList<>(new java.util.TreeSet<>(versions.keySet()));
    List<Long> held = new ArrayList<>();
    for (int n = rnd.nextInt(4); n > 0; n--) {
      held.add(whole.get(rnd.nextInt(whole.size())));
    }
    return r.holding(held);
  }

  private static Set<Long> kept(Retention r, long version) {
    Set<Long> kept = new HashSet<>(r.heldVersions());
    for (long v = Math.max(1, version - r.lastVersions() + 1); v <= version; v++) {
      kept.add(v);
    }
    return kept;
  }

  private static void record(Hyperbee bee, TreeMap<String, String> model, Map<Long, TreeMap<String, String>> versions,
      Set<Long> intact) {
    versions.put(bee.version(), new TreeMap<>(model));
    intact.add(bee.version());
  }

  /**
   * Reads every intact version exactly, and a sample of the others: exactly or refused with
   * BLOCK_NOT_AVAILABLE; returns how many reads were refused.
   */
  private static long checkAll(Hyperbee bee, Map<Long, TreeMap<String, String>> versions, Set<Long> intact,
      String context) {
    long refused = 0;
    assertTrue(intact.contains(bee.version()), context);
    Random sample = new Random(bee.version());
    for (Map.Entry<Long, TreeMap<String, String>> e : new TreeMap<>(versions).entrySet()) {
      long v = e.getKey();
      boolean mustRead = intact.contains(v);
      if (!mustRead && sample.nextInt(versions.size()) >= NOT_KEPT_SAMPLE) {
        continue; // the kept ones all, of the others about NOT_KEPT_SAMPLE
      }
      String at = context + ", version " + v + (mustRead ? " (kept)" : " (not kept)");
      try (Hyperbee view = bee.checkout(v)) {
        refused += read(() -> assertEquals(e.getValue(), scan(view), at), mustRead, at);
        for (int k = 0; k < KEYS; k++) {
          String want = e.getValue().get("k" + k);
          int key = k;
          refused += read(() -> {
            Entry got = view.get(key(key));
            if (want == null) {
              assertNull(got, at + " key k" + key);
            } else {
              assertArrayEquals(want.getBytes(StandardCharsets.UTF_8), got.value(), at + " key k" + key);
            }
          }, mustRead, at);
        }
      }
    }
    return refused;
  }

  /** Runs {@code read}; a refusal (BLOCK_NOT_AVAILABLE) is allowed only when not {@code mustRead}. */
  private static long read(Runnable read, boolean mustRead, String at) {
    try {
      read.run();
      return 0;
    } catch (HyperbeeException e) {
      if (mustRead || e.code() != ErrorCode.BLOCK_NOT_AVAILABLE) {
        throw new AssertionError(at + ": " + e, e);
      }
      return 1;
    }
  }

  private static TreeMap<String, String> scan(Hyperbee view) {
    TreeMap<String, String> got = new TreeMap<>();
    try (BeeIterator<Entry> it = view.range(KeyRange.all())) {
      while (it.hasNext()) {
        Entry en = it.next();
        got.put(new String(en.key(), StandardCharsets.UTF_8), new String(en.value(), StandardCharsets.UTF_8));
      }
    }
    return got;
  }

  private static byte[] key(int k) {
    return ("k" + k).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] value(int v) {
    return ("v" + v).getBytes(StandardCharsets.UTF_8);
  }
}
