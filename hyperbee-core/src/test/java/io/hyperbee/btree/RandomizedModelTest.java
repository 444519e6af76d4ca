package io.hyperbee.btree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random put/del/batch workloads checked against a TreeMap model of every sampled version: get,
 * ranges of every bound kind with reverse and limit, checkouts of old versions and diffs between
 * version pairs; and at every step the history of the blocks the step appended (forwards and
 * reversed) and the diff between the versions before and after it, both ways round. A failure
 * names the seed and op number. Run in unsigned byte order and in custom key orders (the model
 * then sorts by the same comparator; keys it calls equal are one key, the last written bytes).
 */
class RandomizedModelTest {
  private static final int OPS = 8_000;

  /** What the model stores per key: the seq of its block and its value. */
  private record Rec(long seq, byte[] value) {}

  /** The custom order under test, null for unsigned bytes. */
  private TestKeyOrder order;
  private java.util.Comparator<byte[]> cmp = Arrays::compareUnsigned;

  @ParameterizedTest
  @ValueSource(longs = {1L, 42L, 20261124L, 7L})
  void matchesTreeMapModel(long seed) {
    run(null, seed, OPS);
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(TestKeyOrder.class)
  void matchesTreeMapModelInCustomKeyOrder(TestKeyOrder order) {
    for (long seed : new long[] {3L, 20261204L}) {
      run(order, seed, OPS / 4);
    }
  }

  private void run(TestKeyOrder order, long seed, int ops) {
    this.order = order;
    if (order != null) {
      cmp = order.order();
    }
    Random rnd = new Random(seed);
    MemoryLog log = new MemoryLog();
    Hyperbee db = Hyperbee.open(
        log, BeeOptions.builder().keyOrder(order == null ? null : order.order()).build());
    TreeMap<byte[], Rec> model = new TreeMap<>(cmp);
    Map<Long, TreeMap<byte[], Rec>> versions = new HashMap<>();
    List<Long> sampled = new ArrayList<>();
    int keySpace = 50 + rnd.nextInt(1500);
    Random checks = new Random(~seed); // the every-step checks leave the workload's draws alone

    int op = 0;
    try {
      for (op = 0; op < ops; op++) {
        long from = headerThen(log);
        long versionBefore = db.version();
        TreeMap<byte[], Rec> modelBefore = model;
        List<HistoryEntry> written = new ArrayList<>();
        int kind = rnd.nextInt(100);
        if (kind < 55) {
          byte[] k = key(rnd, keySpace);
          byte[] v = value(rnd);
          long seq = headerThen(log);
          db.put(k, v);
          model = new TreeMap<>(model);
          model.remove(k); // the new key bytes replace those of an equal key
          model.put(k, new Rec(seq, v));
          written.add(new HistoryEntry(HistoryEntry.Type.PUT, seq, k, v));
        } else if (kind < 80) {
          byte[] k = key(rnd, keySpace);
          long before = headerThen(log);
          db.del(k);
          if (model.containsKey(k)) {
            model = new TreeMap<>(model);
            model.remove(k);
            written.add(new HistoryEntry(HistoryEntry.Type.DEL, before, k, null));
            assertEquals(before + 1, log.length(), "delete of a present key appends one block");
          } else {
            assertEquals(before, log.length(), "delete of a missing key appends nothing");
          }
        } else {
          Batch batch = db.batch();
          int n = 1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 200 : 12);
          long base = headerThen(log);
          int pending = 0;
          TreeMap<byte[], Rec> next = new TreeMap<>(model);
          List<HistoryEntry> batchWrites = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            byte[] k = key(rnd, keySpace);
            if (rnd.nextInt(3) == 0) {
              batch.del(k);
              if (next.remove(k) != null) {
                batchWrites.add(new HistoryEntry(HistoryEntry.Type.DEL, base + pending, k, null));
                pending++;
              }
            } else {
              byte[] v = value(rnd);
              batch.put(k, v);
              next.remove(k);
              next.put(k, new Rec(base + pending, v));
              batchWrites.add(new HistoryEntry(HistoryEntry.Type.PUT, base + pending, k, v));
              pending++;
            }
            assertEquals(pending, batch.pending());
            if (rnd.nextInt(8) == 0) {
              final int fi = i;
              final int fp = pending;
              try {
                checkGet(batch::get, next, k);
              } catch (AssertionError e) {
                throw new AssertionError("in batch op " + fi + " of " + n + ", base " + base
                    + ", pending " + fp + ": " + e.getMessage(), e);
              }
            }
          }
          if (rnd.nextInt(10) == 0) {
            batch.close(); // discarded
            assertEquals(base, log.length());
          } else {
            batch.flush();
            assertEquals(base + pending, log.length());
            model = next;
            written = batchWrites;
          }
        }
        long version = db.version();
        checkHistory(db, from, log.length(), written);
        if (version != versionBefore) {
          checkDiff(db, version, versionBefore, model, modelBefore, checks, keySpace);
          checkDiff(db.checkout(versionBefore), versionBefore, version, modelBefore, model,
              checks, keySpace);
        }
        if (!versions.containsKey(version) && (rnd.nextInt(15) == 0 || op == ops - 1)) {
          versions.put(version, new TreeMap<>(model));
          sampled.add(version);
        }
        if (op % 20 == 0) {
          for (int i = 0; i < 5; i++) {
            checkGet(db::get, model, key(rnd, keySpace));
          }
        }
        if (op % 97 == 0) {
          checkRange(db, model, rnd, keySpace);
        }
        if (op % 151 == 0 && sampled.size() > 1) {
          long v = sampled.get(rnd.nextInt(sampled.size()));
          Hyperbee old = db.checkout(v);
          TreeMap<byte[], Rec> m = versions.get(v);
          checkGet(old::get, m, key(rnd, keySpace));
          checkRange(old, m, rnd, keySpace);
          long w = sampled.get(rnd.nextInt(sampled.size()));
          if (rnd.nextBoolean()) {
            checkDiff(db.checkout(v), v, w, m, versions.get(w), rnd, keySpace);
          } else {
            // diff from the live bee (current version) against an old version
            checkDiff(db, version, w, model, versions.get(w), rnd, keySpace);
          }
        }
      }
      // every sampled version, in full
      for (long v : sampled) {
        Hyperbee old = db.checkout(v);
        assertEquals(render(versions.get(v).entrySet().iterator(), -1),
            render(old.range(KeyRange.all())), "full scan of version " + v);
      }
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError("seed " + seed + " op " + op + ": " + e.getMessage(), e);
    }
  }

  /**
   * The blocks {@code from..to-1} in history, forwards and reversed, are {@code written}. A
   * value-less put in a batch block other than the last may read as a delete (spec 2.5: its
   * node can have been compacted away), as in JS.
   */
  private static void checkHistory(Hyperbee db, long from, long to, List<HistoryEntry> written) {
    List<HistoryEntry> forwards = TestUtil.collect(db.history(HistoryRange.all().gte(from).lt(to)));
    List<HistoryEntry> reversed =
        TestUtil.collect(db.history(HistoryRange.all().gte(from).lt(to).reverse(true)));
    assertEquals(written.size(), forwards.size(), "history entries of the step");
    for (int i = 0; i < written.size(); i++) {
      HistoryEntry w = written.get(i);
      HistoryEntry f = forwards.get(i);
      boolean eitherType = w.value() == null && i < written.size() - 1;
      HistoryEntry expected = eitherType ? new HistoryEntry(f.type(), w.seq(), w.key(), null) : w;
      assertEquals(expected, f, "history entry " + w.seq());
      assertEquals(f, reversed.get(written.size() - 1 - i), "reversed history entry " + w.seq());
    }
  }

  /** The seq the next write gets, after the header a first write appends. */
  private static long headerThen(MemoryLog log) {
    return log.length() == 0 ? 1 : log.length();
  }

  private byte[] key(Random rnd, int keySpace) {
    int k = rnd.nextInt(keySpace);
    String s = (k % 7 == 0) ? Integer.toString(k) : String.format("k%05d", k);
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return order == null ? b : order.variant(b, rnd);
  }

  /** The model's entry for {@code k} (its key may be other bytes the order calls equal), or null. */
  private Map.Entry<byte[], Rec> entryAt(NavigableMap<byte[], Rec> m, byte[] k) {
    Map.Entry<byte[], Rec> e = m.ceilingEntry(k);
    return e != null && cmp.compare(e.getKey(), k) == 0 ? e : null;
  }

  private static byte[] value(Random rnd) {
    int r = rnd.nextInt(20);
    if (r == 0) {
      return null;
    }
    if (r == 1) {
      return new byte[0];
    }
    byte[] v = new byte[1 + rnd.nextInt(12)];
    rnd.nextBytes(v);
    return v;
  }

  private void checkGet(
      java.util.function.Function<byte[], Entry> get, TreeMap<byte[], Rec> model, byte[] k) {
    Entry e = get.apply(k);
    Map.Entry<byte[], Rec> m = entryAt(model, k);
    Rec r = m == null ? null : m.getValue();
    if (r == null) {
      assertNull(e, () -> "get " + new String(k, StandardCharsets.UTF_8));
    } else {
      assertNotNull(e, () -> "get " + new String(k, StandardCharsets.UTF_8));
      assertEquals(r.seq(), e.seq(), "seq");
      assertArrayEquals(m.getKey(), e.key());
      assertArrayEquals(r.value(), e.value());
    }
  }

  private KeyRange randomRange(Random rnd, int keySpace) {
    KeyRange range = KeyRange.all();
    byte[] a = key(rnd, keySpace);
    byte[] b = key(rnd, keySpace);
    if (cmp.compare(a, b) > 0) {
      byte[] t = a;
      a = b;
      b = t;
    }
    switch (rnd.nextInt(3)) {
      case 0 -> range = range.gt(a);
      case 1 -> range = range.gte(a);
      default -> { }
    }
    switch (rnd.nextInt(3)) {
      case 0 -> range = range.lt(b);
      case 1 -> range = range.lte(b);
      default -> { }
    }
    if (rnd.nextInt(20) == 0) {
      range = range.gt(b).lt(a); // empty or inverted
    }
    range = range.reverse(rnd.nextBoolean());
    if (rnd.nextInt(3) == 0) {
      range = range.limit(rnd.nextInt(30));
    }
    return range;
  }

  private NavigableMap<byte[], Rec> slice(TreeMap<byte[], Rec> m, KeyRange r) {
    NavigableMap<byte[], Rec> s = m;
    if (r.lower() != null && r.upper() != null) {
      int c = cmp.compare(r.lower(), r.upper());
      if (c > 0 || (c == 0 && !(r.lowerInclusive() && r.upperInclusive()))) {
        return new TreeMap<>(cmp); // empty (an equal bound excluded on either side)
      }
    }
    if (r.lower() != null) {
      s = s.tailMap(r.lower(), r.lowerInclusive());
    }
    if (r.upper() != null) {
      s = s.headMap(r.upper(), r.upperInclusive());
    }
    return r.reverse() ? s.descendingMap() : s;
  }

  private void checkRange(Hyperbee db, TreeMap<byte[], Rec> model, Random rnd, int ks) {
    for (int i = 0; i < 4; i++) {
      KeyRange r = randomRange(rnd, ks);
      List<String> expected = render(slice(model, r).entrySet().iterator(), r.limit());
      assertEquals(expected, render(db.range(r)), () -> "range " + describe(r));
      Entry peek = db.peek(r);
      if (expected.isEmpty() || r.limit() == 0) {
        if (r.limit() != 0) {
          assertNull(peek);
        }
      } else {
        assertEquals(expected.get(0), render(List.of(peek).iterator()).get(0));
      }
    }
  }

  private static Entry entryOf(Map.Entry<byte[], Rec> e) {
    return e == null ? null : new Entry(e.getValue().seq(), e.getKey(), e.getValue().value());
  }

  private static String describe(KeyRange r) {
    return (r.lower() == null ? "-" : (r.lowerInclusive() ? "[" : "(")
        + new String(r.lower(), StandardCharsets.UTF_8)) + ".."
        + (r.upper() == null ? "-" : new String(r.upper(), StandardCharsets.UTF_8)
        + (r.upperInclusive() ? "]" : ")")) + " rev=" + r.reverse() + " limit=" + r.limit();
  }

  private static List<String> render(Iterator<Map.Entry<byte[], Rec>> it, long limit) {
    List<String> out = new ArrayList<>();
    while (it.hasNext() && (limit < 0 || out.size() < limit)) {
      Map.Entry<byte[], Rec> e = it.next();
      out.add(new Entry(e.getValue().seq(), e.getKey(), e.getValue().value()).toString());
    }
    return out;
  }

  private static List<String> render(Iterator<Entry> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(e -> out.add(e.toString()));
    return out;
  }

  private void checkDiff(Hyperbee left, long lv, long rv, TreeMap<byte[], Rec> lm,
      TreeMap<byte[], Rec> rm, Random rnd, int ks) {
    KeyRange r = randomRange(rnd, ks).reverse(false);
    if (rnd.nextInt(3) == 0) {
      r = KeyRange.all();
    }
    NavigableMap<byte[], Rec> a = slice(lm, r);
    NavigableMap<byte[], Rec> b = slice(rm, r);
    TreeMap<byte[], Boolean> union = new TreeMap<>(cmp);
    a.keySet().forEach(k -> union.put(k, true));
    b.keySet().forEach(k -> union.put(k, true));
    List<String> expected = new ArrayList<>();
    for (byte[] k : union.keySet()) {
      if (r.limit() >= 0 && expected.size() >= r.limit()) {
        break;
      }
      Map.Entry<byte[], Rec> x = entryAt(a, k);
      Map.Entry<byte[], Rec> y = entryAt(b, k);
      if (x != null && y != null && x.getValue().seq() == y.getValue().seq()) {
        continue;
      }
      expected.add(new DiffEntry(entryOf(x), entryOf(y)).toString());
    }
    List<String> actual = new ArrayList<>();
    final KeyRange fr = r;
    left.diff(rv, r).forEachRemaining(d -> actual.add(d.toString()));
    assertEquals(expected, actual, () -> "diff " + lv + " vs " + rv + " " + describe(fr));
  }
}
