package io.hyperbee.btree;

import static io.hyperbee.btree.TestUtil.b;
import static io.hyperbee.btree.TestUtil.keys;
import static io.hyperbee.btree.TestUtil.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Mirrors hyperbee's test/ranges.js, plus checks that ranges do not scan the whole tree. */
class RangesTest {

  @Test
  void peekMatchesGetForGteAndForReverseLt() {
    Hyperbee db = BasicTest.createRange(new MemoryLog(), 100);
    for (int i = 0; i < 100; i++) {
      String k = String.format("%02d", i);
      assertEquals(k, s(db.peek(KeyRange.all().gte(b(k))).key()));
      if (i > 0) {
        assertEquals(String.format("%02d", i - 1),
            s(db.peek(KeyRange.all().lt(b(k)).reverse(true)).key()));
      }
    }
    assertNull(db.peek(KeyRange.all().gt(b("99"))));
    assertNull(db.peek(KeyRange.all().lt(b("00")).reverse(true)));
    assertNull(Hyperbee.open(new MemoryLog()).peek(KeyRange.all()));
  }

  @Test
  void fullReadOfAHundredKeysInOrder() {
    Hyperbee db = BasicTest.createRange(new MemoryLog(), 100);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      expected.add(String.format("%02d", i));
    }
    assertEquals(expected, keys(db.range(KeyRange.all())));
    List<String> reversed = new ArrayList<>(expected);
    java.util.Collections.reverse(reversed);
    assertEquals(reversed, keys(db.range(KeyRange.all().reverse(true))));
    assertEquals(expected.subList(0, 10), keys(db.range(KeyRange.all().limit(10))));
    assertEquals(List.of(), keys(db.range(KeyRange.all().limit(0))));
  }

  @Test
  void limitedRangesReadOnlyTheBlocksTheyNeed() {
    MemoryLog log = new MemoryLog();
    Hyperbee db = Hyperbee.open(log, BeeOptions.builder().cacheSize(16).build());
    Batch batch = db.batch();
    for (int i = 0; i < 20_000; i++) {
      batch.put(b(String.format("%06d", i)), b("v"));
    }
    batch.flush();
    int before = log.gets.get();
    assertEquals(List.of("012345", "012346", "012347"),
        keys(db.range(KeyRange.all().gte(b("012345")).limit(3))));
    int reads = log.gets.get() - before;
    assertTrue(reads < 40, "a 3-entry range read " + reads + " blocks");
  }

  @Test
  void gtWinsOverGteAndLtOverLte() {
    Hyperbee db = BasicTest.createRange(new MemoryLog(), 10);
    KeyRange r = KeyRange.all().gt(b("02")).gte(b("02")).lt(b("05")).lte(b("05"));
    assertEquals(List.of("03", "04"), keys(db.range(r)));
  }
}
