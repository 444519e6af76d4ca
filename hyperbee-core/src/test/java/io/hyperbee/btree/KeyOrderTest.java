package io.hyperbee.btree;

import static io.hyperbee.btree.TestUtil.b;
import static io.hyperbee.btree.TestUtil.keys;
import static io.hyperbee.btree.TestUtil.s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a custom key order changes beyond sorting (the sorting itself is RandomizedModelTest's):
 * equal keys with other bytes, subs, diffs across orders, the header written up front.
 */
class KeyOrderTest {
  private static final Comparator<byte[]> REVERSE = TestKeyOrder.REVERSE.order();
  private static final Comparator<byte[]> IGNORE_CASE = TestKeyOrder.CASE_INSENSITIVE.order();

  @Test
  void aReverseOrderSortsRangesBackwards() {
    Hyperbee bee = Hyperbee.open(new MemoryLog(), BeeOptions.builder().keyOrder(REVERSE).build());
    for (String k : List.of("a", "c", "b", "d")) {
      bee.put(b(k), b(k));
    }
    assertEquals(List.of("d", "c", "b", "a"), keys(bee.range(KeyRange.all())));
    assertEquals(List.of("c", "b"), keys(bee.range(KeyRange.all().gte(b("c")).lte(b("b")))));
    assertEquals(List.of("a", "b"), keys(bee.range(KeyRange.all().gt(b("c")).reverse(true))));
  }

  @Test
  void keysTheOrderCallsEqualAreOneKeyHoldingTheLastBytesWritten() {
    Hyperbee bee = Hyperbee.open(new MemoryLog(), BeeOptions.builder().keyOrder(IGNORE_CASE).build());
    bee.put(b("Apple"), b("1"));
    bee.put(b("APPLE"), b("2"));
    Entry e = bee.get(b("apple"));
    assertEquals("APPLE", s(e.key()));
    assertEquals("2", s(e.value()));
    assertEquals(List.of("APPLE"), keys(bee.range(KeyRange.all())));
    bee.del(b("apple"));
    assertEquals(List.of(), keys(bee.range(KeyRange.all())));
  }

  @Test
  void anIdenticalPutIsSkippedOnlyWhenTheKeyBytesAreTheSameToo() {
    Hyperbee bee = Hyperbee.open(
        new MemoryLog(), BeeOptions.builder().keyOrder(IGNORE_CASE).alwaysDuplicate(false).build());
    bee.put(b("k"), b("v"));
    long version = bee.version();
    bee.put(b("k"), b("v"));
    assertEquals(version, bee.version(), "same key bytes, same value: nothing written");
    bee.put(b("K"), b("v"));
    assertEquals(version + 1, bee.version(), "new key bytes are a change");
    assertArrayEquals(b("K"), bee.get(b("k")).key());
  }

  @Test
  void subsAreRefusedUnderACustomOrder() {
    Hyperbee bee = Hyperbee.open(new MemoryLog(), BeeOptions.builder().keyOrder(REVERSE).build());
    HyperbeeException e = assertThrows(HyperbeeException.class, () -> bee.sub(b("users")));
    assertEquals(ErrorCode.INVALID_OPERATION, e.code());
    assertTrue(e.getMessage().contains("custom key order"), e.getMessage());
  }

  @Test
  void diffsAcrossOrdersAreRefused() {
    MemoryLog log = new MemoryLog();
    Hyperbee bytes = Hyperbee.open(log);
    bytes.put(b("a"), b("1"));
    Hyperbee reversed = Hyperbee.open(log, BeeOptions.builder().keyOrder(REVERSE).build());
    assertThrows(IllegalArgumentException.class, () -> bytes.diff(reversed, KeyRange.all()));
  }

  @Test
  void writeHeaderAppendsTheHeaderOnceAndOnlyOnAnEmptyCore() {
    MemoryLog log = new MemoryLog();
    Metadata metadata = new Metadata(null, b("order: reverse"));
    Hyperbee bee = Hyperbee.open(log, BeeOptions.builder().metadata(metadata).build());
    assertTrue(bee.writeHeader());
    assertEquals(1, log.length());
    assertArrayEquals(b("order: reverse"), bee.getHeader().metadata().userData());
    assertFalse(bee.writeHeader());
    assertEquals(1, log.length());
    bee.put(b("a"), b("1"));
    assertEquals(2, log.length(), "the first write appends no second header");
  }

  @Test
  void keyOrderIsUnsignedBytesByDefault() {
    Hyperbee bee = Hyperbee.open(new MemoryLog());
    assertTrue(bee.keyOrder().compare(new byte[] {(byte) 0x80}, new byte[] {0x7f}) > 0);
    Hyperbee reversed = Hyperbee.open(new MemoryLog(), BeeOptions.builder().keyOrder(REVERSE).build());
    assertTrue(reversed.keyOrder().compare(b("a"), b("b")) > 0);
  }

  @Test
  void clearUnlinkedFollowsTheOrderAndKeepsEveryLiveBlock() {
    for (java.util.Comparator<byte[]> order : java.util.List.of(REVERSE, IGNORE_CASE)) {
      try (io.hyperbee.log.Hypercore core = io.hyperbee.log.Hypercore.inMemory(io.hyperbee.log.HypercoreOptions.defaults());
          Hyperbee bee = Hyperbee.open(core, BeeOptions.builder().keyOrder(order).build())) {
        java.util.Random random = new java.util.Random(7);
        java.util.TreeMap<byte[], String> model = new java.util.TreeMap<>(order);
        for (int i = 0; i < 600; i++) {
          byte[] key = b("k" + random.nextInt(150));
          if (random.nextInt(5) == 0) {
            bee.del(key);
            model.remove(key);
          } else {
            String value = "v" + i;
            bee.put(key, b(value));
            model.remove(key); // the order may call other bytes equal: the last bytes written win
            model.put(key, value);
          }
        }
        java.util.List<Long> cleared = bee.clearUnlinked(0, bee.version());
        assertTrue(!cleared.isEmpty(), "old versions left something to clear");
        for (var e : model.entrySet()) {
          Entry got = bee.get(e.getKey());
          assertTrue(got != null, "live key " + new String(e.getKey(), java.nio.charset.StandardCharsets.UTF_8));
          assertEquals(e.getValue(), new String(got.value(), java.nio.charset.StandardCharsets.UTF_8));
        }
        try (BeeIterator<Entry> all = bee.range(KeyRange.all())) {
          int n = 0;
          while (all.hasNext()) {
            all.next();
            n++;
          }
          assertEquals(model.size(), n);
        }
      }
    }
  }
}
