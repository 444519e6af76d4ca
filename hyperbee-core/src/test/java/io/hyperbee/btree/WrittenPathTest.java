package io.hyperbee.btree;

import static io.hyperbee.btree.TestUtil.b;
import static io.hyperbee.btree.TestUtil.s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperbee.HyperbeeException;
import io.hyperbee.crypto.KeyPair;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import io.hyperbee.storage.CoreStorage;
import io.hyperbee.storage.MemoryCoreStorage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The path a one-shot write keeps for the next ({@link WrittenPath}): a long-lived bee doing
 * random puts, dels, refused and identical writes, batches (flushed and discarded), failed
 * appends, truncations and reopens, with the caller reusing its key arrays, must write exactly
 * the blocks that a bee opened afresh for every write writes (it never has a kept path), and
 * every whole version must read, through a bee that decodes every block afresh, as a TreeMap
 * model of it.
 */
class WrittenPathTest {
  private static final KeyPair KEYS = KeyPair.fromSeed(new byte[32]);
  /** Identical puts write nothing (JS's default writes them again). */
  private static final BeeOptions OPTIONS = BeeOptions.builder().alwaysDuplicate(false).build();
  private static Hypercore newCore(CoreStorage storage) {
    return Hypercore.open(storage, HypercoreOptions.builder().keyPair(KEYS).build());
  }

  @ParameterizedTest
  @ValueSource(longs = {1L, 18L, 20261204L})
  void keptPathsWriteTheBlocksOfFreshWritersAndReadAsTheModel(long seed) {
    Random rnd = new Random(seed);
    FailingStorage storage = new FailingStorage();
    Hypercore core = newCore(storage);
    try (Hypercore fresh = newCore(new MemoryCoreStorage())) {
      Hyperbee bee = Hyperbee.open(core, OPTIONS);
      TreeMap<String, String> model = new TreeMap<>();
      Map<Long, TreeMap<String, String>> versions = new HashMap<>();
      int keySpace = 40 + rnd.nextInt(400);
      try {
        for (int op = 0; op < 600; op++) {
          int kind = rnd.nextInt(100);
          String k = key(rnd, keySpace);
          String v = "v" + rnd.nextInt(1_000_000);
          if (kind < 45) { // put, the caller then reusing its key array
            byte[] key = b(k);
            bee.put(key, b(v));
            java.util.Arrays.fill(key, (byte) '!');
            both(fresh, f -> f.put(b(k), b(v)));
            model.put(k, v);
          } else if (kind < 50) { // the value it holds: writes nothing
            String same = model.getOrDefault(k, v);
            long before = Math.max(1, core.length()); // the header comes first
            bee.put(b(k), b(same));
            assertEquals(model.containsKey(k) ? before : before + 1, core.length());
            both(fresh, f -> f.put(b(k), b(same)));
            model.put(k, same);
          } else if (kind < 53) { // a cas that refuses
            bee.put(b(k), b(v), (prev, next) -> false);
            both(fresh, f -> f.put(b(k), b(v), (prev, next) -> false));
            model.putIfAbsent(k, v);
          } else if (kind < 70) {
            bee.del(b(k));
            both(fresh, f -> f.del(b(k)));
            model.remove(k);
          } else if (kind < 82) {
            boolean flush = rnd.nextInt(5) != 0;
            TreeMap<String, String> next = new TreeMap<>(model);
            List<String[]> writes = new ArrayList<>();
            int n = 1 + rnd.nextInt(rnd.nextInt(8) == 0 ? 60 : 8);
            for (int i = 0; i < n; i++) {
              String bk = key(rnd, keySpace);
              String bv = rnd.nextInt(3) == 0 ? null : "b" + rnd.nextInt(1_000_000);
              writes.add(new String[] {bk, bv});
              if (bv == null) {
                next.remove(bk);
              } else {
                next.put(bk, bv);
              }
            }
            batch(bee, writes, flush);
            if (flush) {
              both(fresh, f -> batch(f, writes, true));
              model = next;
            }
          } else if (kind < 88) { // a failed append stores nothing; the core is then reopened
            long before = core.length();
            storage.fails = batch -> true;
            Hyperbee writer = bee;
            try {
              if (rnd.nextBoolean()) {
                assertThrows(HyperbeeException.class, () -> writer.put(b(k), b(v)));
              } else {
                assertThrows(HyperbeeException.class, () -> batch(writer, List.of(new String[] {k, v}, new String[] {v, k}), true));
              }
            } finally {
              storage.fails = null;
            }
            bee.close();
            core.close();
            core = newCore(storage);
            bee = Hyperbee.open(core, OPTIONS);
            assertEquals(before, core.length());
          } else if (kind < 93 && !versions.isEmpty()) { // back to a whole version
            List<Long> whole = new ArrayList<>(versions.keySet());
            long length = core.length();
            whole.removeIf(l -> l >= length || l < length - 20);
            if (!whole.isEmpty()) {
              long to = whole.get(rnd.nextInt(whole.size()));
              core.truncate(to);
              fresh.truncate(to);
              versions.keySet().removeIf(l -> l > to);
              model = new TreeMap<>(versions.get(to));
            }
          } else if (kind < 96) {
            bee.close();
            bee = Hyperbee.open(core, OPTIONS);
          } else {
            assertEquals(model.get(k), s(value(bee, k)), "get " + k);
          }
          versions.put(core.length(), new TreeMap<>(model));
          assertEquals(fresh.length(), core.length(), "op " + op);
          if (core.length() > 1) {
            assertArrayEquals(fresh.get(core.length() - 1), core.get(core.length() - 1), "op " + op);
          }
        }
      } finally {
        bee.close();
      }
      assertEquals(fresh.length(), core.length());
      for (long i = 0; i < core.length(); i++) {
        assertArrayEquals(fresh.get(i), core.get(i), "block " + i);
      }
      assertArrayEquals(fresh.treeHash(), core.treeHash());
      try (Hyperbee reader = Hyperbee.open(core, OPTIONS)) { // decodes every block it reads afresh
        for (Map.Entry<Long, TreeMap<String, String>> e : versions.entrySet()) {
          if (e.getKey() > 1 && e.getKey() % 5 == 0) { // a fifth of them: each reads the whole tree
            try (Hyperbee at = reader.checkout(e.getKey())) {
              assertEquals(e.getValue(), read(at), "version " + e.getKey());
            }
          }
        }
      }
    } finally {
      core.close();
    }
  }

  /**
   * A truncation then a batch that brings the core back to the length the kept path was written
   * for: same length, other blocks (a new fork), so the next put must not start from that path.
   */
  @Test
  void aTruncationRefusesThePathEvenAtTheSameLength() {
    try (Hypercore core = newCore(new MemoryCoreStorage()); Hyperbee bee = Hyperbee.open(core, OPTIONS);
        Hypercore fresh = newCore(new MemoryCoreStorage())) {
      List<String[]> refill = List.<String[]>of(new String[] {"b", "2"});
      for (Hypercore c : List.of(core, fresh)) {
        Hyperbee writer = c == core ? bee : null;
        Consumer<Hyperbee> writes = w -> {
          for (int i = 0; i < 20; i++) {
            w.put(b("k" + i), b("v"));
          }
        };
        if (writer != null) {
          writes.accept(writer);
        } else {
          both(c, writes);
        }
        c.truncate(c.length() - 1);
        if (writer != null) {
          batch(writer, refill, true); // back at the length of the path the last put kept
          writer.put(b("k3"), b("w"));
        } else {
          both(c, f -> batch(f, refill, true));
          both(c, f -> f.put(b("k3"), b("w")));
        }
      }
      assertEquals(fresh.length(), core.length());
      for (long i = 0; i < core.length(); i++) {
        assertArrayEquals(fresh.get(i), core.get(i), "block " + i);
      }
      assertEquals("w", s(bee.get(b("k3")).value()));
      assertEquals(null, bee.get(b("k19")), "truncated away");
    }
  }

  /** Runs {@code write} on a bee opened for it alone: it starts from no kept path. */
  private static void both(Hypercore core, Consumer<Hyperbee> write) {
    try (Hyperbee f = Hyperbee.open(core, OPTIONS)) {
      write.accept(f);
    }
  }

  /** A batch of puts ({@code [key, value]}) and dels ({@code [key, null]}), flushed or discarded. */
  private static void batch(Hyperbee bee, List<String[]> writes, boolean flush) {
    try (Batch batch = bee.batch()) {
      for (String[] w : writes) {
        if (w[1] == null) {
          batch.del(b(w[0]));
        } else {
          batch.put(b(w[0]), b(w[1]));
        }
      }
      if (flush) {
        batch.flush();
      }
    }
  }

  private static String key(Random rnd, int keySpace) {
    return String.format("key%05d", rnd.nextInt(keySpace));
  }

  private static byte[] value(Hyperbee bee, String k) {
    Entry e = bee.get(b(k));
    return e == null ? null : e.value();
  }

  private static TreeMap<String, String> read(Hyperbee bee) {
    TreeMap<String, String> out = new TreeMap<>();
    try (BeeIterator<Entry> it = bee.range(KeyRange.all())) {
      it.forEachRemaining(e -> out.put(s(e.key()), s(e.value())));
    }
    return out;
  }
}
