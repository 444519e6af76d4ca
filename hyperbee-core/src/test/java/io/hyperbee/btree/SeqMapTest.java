package io.hyperbee.btree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeqMapTest {
  private static BlockEntry entry(long seq) {
    return new BlockEntry(seq, new byte[] {(byte) seq}, null);
  }

  @Test
  void agreesWithHashMapThroughGrowthAndReplacement() {
    SeqMap map = new SeqMap();
    Map<Long, BlockEntry> model = new HashMap<>();
    Random random = new Random(8);
    for (int i = 0; i < 2000; i++) {
      long seq = random.nextInt(600) + (random.nextBoolean() ? 0 : 1L << 40);
      BlockEntry e = entry(seq);
      map.put(seq, e);
      model.put(seq, e);
      assertEquals(model.size(), map.size());
    }
    for (long seq = 0; seq < 600; seq++) {
      assertSame(model.get(seq), map.get(seq));
      assertSame(model.get(seq + (1L << 40)), map.get(seq + (1L << 40)));
    }
    assertNull(map.get(600));
  }

  @Test
  void clearForgetsEverything() {
    SeqMap map = new SeqMap();
    for (long seq = 1; seq <= 100; seq++) {
      map.put(seq, entry(seq));
    }
    map.clear();
    assertEquals(0, map.size());
    for (long seq = 1; seq <= 100; seq++) {
      assertNull(map.get(seq));
    }
    map.put(5, entry(5));
    assertEquals(5, map.get(5).seq);
  }
}
