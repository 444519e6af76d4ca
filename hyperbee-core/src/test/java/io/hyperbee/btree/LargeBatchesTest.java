package io.hyperbee.btree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Batches of 1 to 2000 writes (issue 18's batched fills): sequential and random keys, dels mixed
 * in, some batches discarded. One bee keeps a large node cache, so its batches inflate nodes from
 * cached arrays and its drains cache what they encode; the other holds 16 nodes and is reopened
 * before every batch, so its batches inflate from decoded blocks. Every block must be the same on
 * both, every node the warm bee caches must match its block, and the content must read as a
 * TreeMap model. (JS's bytes for such batches: the {@code batches-large} vector.)
 */
class LargeBatchesTest {
  private static final int BATCHES = 24;

  @ParameterizedTest
  @ValueSource(longs = {7L, 18L, 20261205L})
  void largeBatchesWriteTheSameBlocksWhicheverWayNodesAreInflated(long seed) {
    Random rnd = new Random(seed);
    MemoryLog warmLog = new MemoryLog();
    MemoryLog coldLog = new MemoryLog();
    Hyperbee warm = open(warmLog, 1 << 16);
    Hyperbee cold = open(coldLog, 16);
    TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
    int nextSequential = 0;
    for (int round = 0; round < BATCHES; round++) {
      if (rnd.nextInt(6) == 0) {
        warm = open(warmLog, 1 << 16); // cold caches for the warm bee too, now and then
      }
      cold = open(coldLog, 16);
      int size = switch (rnd.nextInt(5)) {
        case 0 -> 1;
        case 1 -> 1000;
        case 2 -> 2000;
        default -> 1 + rnd.nextInt(2000);
      };
      boolean sequential = rnd.nextBoolean();
      boolean flush = rnd.nextInt(8) != 0;
      TreeMap<byte[], byte[]> next = new TreeMap<>(model);
      Batch a = warm.batch();
      Batch b = cold.batch();
      for (int i = 0; i < size; i++) {
        byte[] k;
        if (sequential && rnd.nextInt(10) != 0) {
          k = key("s", nextSequential++);
        } else {
          k = rnd.nextBoolean() && !next.isEmpty() ? existing(rnd, next) : key("r", rnd.nextInt(20_000));
        }
        if (rnd.nextInt(5) == 0) {
          a.del(k);
          b.del(k);
          next.remove(k);
        } else {
          byte[] v = ("v" + rnd.nextInt(1_000_000)).getBytes(StandardCharsets.UTF_8);
          a.put(k, v);
          b.put(k, v);
          next.put(k, v);
        }
      }
      if (flush) {
        a.flush();
        b.flush();
        model = next;
      } else {
        a.close();
        b.close();
      }
      assertEquals(coldLog.length(), warmLog.length(), "length after batch " + round);
      for (long seq = 0; seq < warmLog.length(); seq++) {
        assertArrayEquals(coldLog.get(seq), warmLog.get(seq), "block " + seq + " after batch " + round);
      }
      // every cached node against its block; a large drained batch must have cached some
      WrittenNodeCacheTest.checkCache(warm, flush && size > 50);
      assertContent(model, warm, "batch " + round);
    }
    assertContent(model, open(warmLog, 16), "reopened");
  }

  private static void assertContent(TreeMap<byte[], byte[]> model, Hyperbee db, String when) {
    try (BeeIterator<Entry> it = db.range(KeyRange.all())) {
      for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
        Entry got = it.next();
        assertArrayEquals(e.getKey(), got.key(), when);
        assertArrayEquals(e.getValue(), got.value(), when);
      }
      assertFalse(it.hasNext(), when + ": entries beyond the model");
    }
  }

  private static byte[] existing(Random rnd, TreeMap<byte[], byte[]> model) {
    byte[] from = key(rnd.nextBoolean() ? "r" : "s", rnd.nextInt(20_000));
    byte[] k = model.ceilingKey(from);
    return k != null ? k : model.firstKey();
  }

  private static byte[] key(String prefix, int n) {
    return (prefix + String.format("%07d", n)).getBytes(StandardCharsets.UTF_8);
  }

  private static Hyperbee open(MemoryLog log, int nodeCacheSize) {
    return Hyperbee.open(log, BeeOptions.builder().nodeCacheSize(nodeCacheSize).build());
  }
}
