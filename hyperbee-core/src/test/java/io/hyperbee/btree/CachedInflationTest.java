package io.hyperbee.btree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A write inflates the nodes it changes from the node cache (key bytes already resolved) when they
 * are there, else from their blocks. Random batches (puts, overwrites, identical values, dels, cas
 * accepted and refused, flushed or discarded), one-shot writes and reopens on a bee with a large
 * node cache must append exactly the blocks of the same writes on a bee whose node cache holds
 * almost nothing (its writes resolve keys from blocks), read as a TreeMap model, and leave only
 * nodes whose key bytes are the stored blocks' keys in the cache: a key taken from the wrong
 * index or a stale cached node changes a split point, a block or a cached key.
 */
class CachedInflationTest {
  @ParameterizedTest
  @ValueSource(longs = {1L, 18L, 20261205L})
  void cachedKeysWriteTheBlocksOfDecodedKeys(long seed) {
    run(seed, null);
  }

  @ParameterizedTest
  @EnumSource(TestKeyOrder.class)
  void cachedKeysInACustomOrder(TestKeyOrder order) {
    run(5L, order.order());
  }

  private static void run(long seed, Comparator<byte[]> order) {
    Random rnd = new Random(seed);
    MemoryLog cachedLog = new MemoryLog();
    MemoryLog decodedLog = new MemoryLog();
    Hyperbee cached = open(cachedLog, order, 1 << 16);
    Hyperbee decoded = open(decodedLog, order, 16);
    TreeMap<byte[], byte[]> model = new TreeMap<>(order == null ? Arrays::compareUnsigned : order);
    int keySpace = 300 + rnd.nextInt(2000);
    for (int round = 0; round < 60; round++) {
      int kind = rnd.nextInt(10);
      boolean wrote = false; // a batch that was flushed: its nodes are cached (one-shot writes keep theirs on their path)
      if (kind == 0) { // reopen: the next writes start from cold caches
        cached = open(cachedLog, order, 1 << 16);
      } else if (kind < 3) {
        for (int i = 0; i < 10; i++) { // one-shot writes
          byte[] k = key(rnd, keySpace);
          if (rnd.nextInt(4) == 0) {
            cached.del(k);
            decoded.del(k);
            model.remove(k);
          } else {
            byte[] v = value(rnd);
            cached.put(k, v);
            decoded.put(k, v);
            model.put(k, v);
          }
        }
      } else {
        boolean flush = rnd.nextInt(6) != 0;
        TreeMap<byte[], byte[]> next = new TreeMap<>(model);
        Batch a = cached.batch();
        Batch b = decoded.batch();
        for (int i = 200 + rnd.nextInt(400); i > 0; i--) {
          batchOp(rnd, keySpace, a, b, next);
        }
        if (flush) {
          a.flush();
          b.flush();
          model = next;
          wrote = true;
        } else {
          a.close();
          b.close();
        }
      }
      assertEquals(decodedLog.length(), cachedLog.length(), "length after round " + round);
      for (long seq = 0; seq < cachedLog.length(); seq++) {
        assertArrayEquals(decodedLog.get(seq), cachedLog.get(seq), "block " + seq + " after round " + round);
      }
      if (cachedLog.length() > 1) {
        WrittenNodeCacheTest.checkCache(cached, wrote);
      }
    }
    Hyperbee fresh = open(cachedLog, order, 16);
    for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
      assertArrayEquals(e.getValue(), fresh.get(e.getKey()).value(), new String(e.getKey(), StandardCharsets.UTF_8));
    }
    assertNull(fresh.get("zzz-absent".getBytes(StandardCharsets.UTF_8)));
  }

  private static void batchOp(Random rnd, int keySpace, Batch a, Batch b, TreeMap<byte[], byte[]> model) {
    byte[] k = key(rnd, keySpace);
    int kind = rnd.nextInt(100);
    if (kind < 60) { // a put: a new key or an overwrite
      byte[] v = value(rnd);
      a.put(k, v);
      b.put(k, v);
      model.put(k, v);
    } else if (kind < 65) { // the value it holds: writes nothing
      byte[] v = model.getOrDefault(k, value(rnd));
      a.put(k, v);
      b.put(k, v);
      model.put(k, v);
    } else if (kind < 85) {
      a.del(k);
      b.del(k);
      model.remove(k);
    } else { // cas: replace only a value that ends in an even digit
      byte[] v = value(rnd);
      Cas cas = (prev, nextEntry) -> prev != null && prev.value()[prev.value().length - 1] % 2 == 0;
      boolean wrote = a.put(k, v, cas);
      assertEquals(wrote, b.put(k, v, cas));
      if (wrote) {
        model.put(k, v);
      }
    }
  }

  private static Hyperbee open(MemoryLog log, Comparator<byte[]> order, int nodeCacheSize) {
    return Hyperbee.open(log, BeeOptions.builder().alwaysDuplicate(false).keyOrder(order)
        .nodeCacheSize(nodeCacheSize).build());
  }

  private static byte[] key(Random rnd, int keySpace) {
    int i = rnd.nextInt(keySpace);
    String prefix = rnd.nextInt(8) == 0 ? "K" : "k"; // one key in the case-insensitive order
    return (prefix + String.format("%05d", i) + "-".repeat(i % 7)).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] value(Random rnd) {
    return ("v" + rnd.nextInt(1_000_000)).getBytes(StandardCharsets.UTF_8);
  }
}
