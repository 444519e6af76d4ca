package io.hyperbee.btree;

import static io.hyperbee.btree.TestUtil.b;
import static io.hyperbee.btree.TestUtil.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Mirrors hyperbee's test/diff.js. */
class DiffTest {

  private static String str(Entry e) {
    return e == null ? "-" : s(e.key()) + "@" + e.seq() + "=" + s(e.value());
  }

  private static List<String> diff(java.util.Iterator<DiffEntry> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(d -> out.add(str(d.left()) + " | " + str(d.right())));
    return out;
  }

  @Test
  void diffAgainstAVersionNumberASnapshotAndAnOlderBase() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    db.put(b("a"), b("1"));
    Hyperbee old = db.snapshot();
    db.put(b("b"), b("2"));
    List<String> expected = List.of("b@2=2 | -");
    assertEquals(expected, diff(db.diff(2, KeyRange.all())));
    assertEquals(expected, diff(db.diff(old, KeyRange.all())));
    assertEquals(List.of("- | b@2=2"), diff(old.diff(db.snapshot(), KeyRange.all())));
    assertEquals(List.of("- | b@2=2"), diff(db.checkout(2).diff(3, KeyRange.all())));
    assertEquals(List.of(), diff(db.diff(db.version(), KeyRange.all())));
  }

  @Test
  void biggerDiffShowsDeletesRePutsAndNewKeys() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    for (int i = 0; i < 30; i++) {
      db.put(b(String.format("%02d", i)), b("v"));
    }
    long base = db.version();
    db.del(b("05"));
    db.put(b("07"), b("v")); // same value, new seq: still reported
    db.put(b("40"), b("new"));
    List<String> expected = List.of(
        "- | 05@6=v",
        "07@32=v | 07@8=v",
        "40@33=new | -");
    assertEquals(expected, diff(db.diff(base, KeyRange.all())));
  }

  @Test
  void diffSkipsSharedSubtreesWithoutReadingThem() {
    MemoryLog log = new MemoryLog();
    Hyperbee db = Hyperbee.open(log, BeeOptions.builder().cacheSize(16).build());
    Batch batch = db.batch();
    for (int i = 0; i < 5000; i++) {
      batch.put(b(String.format("%05d", i)), b("v"));
    }
    batch.flush();
    long base = db.version();
    db.put(b("02500"), b("changed"));
    int before = log.gets.get();
    assertEquals(List.of("02500@5001=changed | 02500@2501=v"), diff(db.diff(base, KeyRange.all())));
    int reads = log.gets.get() - before;
    assertTrue(reads < 60, "diff of one change read " + reads + " blocks");
  }

  @Test
  void diffOnASubAndItsCheckoutsAndOnNestedSubs() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    Hyperbee sub = db.sub(b("s"));
    Hyperbee nested = sub.sub(b("n"));
    db.put(b("outside"), b("x"));
    sub.put(b("a"), b("1"));
    nested.put(b("z"), b("1"));
    long base = db.version();
    sub.put(b("b"), b("2"));
    nested.put(b("y"), b("2"));
    db.put(b("t"), b("outside too"));
    // the sub's unbounded range is prefix+0x00..bump(prefix): nested keys (s\0n\0..) are inside
    assertEquals(List.of("b@4=2 | -", "n\0y@5=2 | -"), diff(sub.diff(base, KeyRange.all())));
    assertEquals(List.of("y@5=2 | -"), diff(nested.diff(base, KeyRange.all())));
    assertEquals(List.of("- | b@4=2"), diff(sub.checkout(base).diff(base + 1, KeyRange.all())));
  }

  @Test
  void regressionFiveDeletes() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    for (int i = 0; i < 20; i++) {
      db.put(b("k" + i), b("v"));
    }
    long base = db.version();
    for (String k : List.of("k3", "k1", "k12", "k7", "k19")) {
      db.del(b(k));
    }
    List<String> out = diff(db.diff(base, KeyRange.all()));
    assertEquals(5, out.size());
    assertTrue(out.stream().allMatch(x -> x.startsWith("- | ")));
  }

  @Test
  void boundsAndLimitAndOutOfBoundsSeek() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    for (int i = 0; i < 30; i++) {
      db.put(b(String.format("%02d", i)), b("v"));
    }
    long base = db.version();
    for (int i = 0; i < 30; i += 3) {
      db.put(b(String.format("%02d", i)), b("w"));
    }
    assertEquals(List.of("03", "06", "09"), keysLeft(db.diff(base, KeyRange.all().gt(b("00")).lt(b("12")))));
    assertEquals(List.of("00", "03"), keysLeft(db.diff(base, KeyRange.all().gte(b("00")).limit(2))));
    assertEquals(List.of("27"), keysLeft(db.diff(base, KeyRange.all().gte(b("27")).lte(b("27")))));
    assertEquals(List.of(), keysLeft(db.diff(base, KeyRange.all().gt(b("99")))));
    assertEquals(List.of(), keysLeft(db.diff(base, KeyRange.all().lt(b("00")))));
  }

  private static List<String> keysLeft(java.util.Iterator<DiffEntry> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(d -> out.add(s(d.left().key())));
    return out;
  }
}
