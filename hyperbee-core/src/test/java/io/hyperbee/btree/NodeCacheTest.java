package io.hyperbee.btree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The read-side node caches: CachedNode's layout, NodeCache's sets, BlockCache's doorkeeper. */
class NodeCacheTest {
  private static byte[] leaf(long seq) {
    return CachedNode.encode(new Level(seq, 0, new long[] {seq}, Level.NO_SEQS), new byte[][] {{1}});
  }

  private static byte[] inner(long seq) {
    return CachedNode.encode(
        new Level(seq, 0, new long[] {seq}, new long[] {seq - 1, 0, seq - 2, 1}), new byte[][] {{1}});
  }

  private static byte[] withPrefix(byte[] prefix, int suffix, Random random) {
    byte[] key = Arrays.copyOf(prefix, prefix.length + suffix);
    for (int i = prefix.length; i < key.length; i++) {
      key[i] = (byte) random.nextInt(256);
    }
    return key;
  }

  @Test
  void cachedNodeKeepsSeqsChildrenAndKeysAndSearchesAsBinarySearch() {
    Random random = new Random(11);
    for (int round = 0; round < 2000; round++) {
      int k = 1 + random.nextInt(9);
      byte[] shared = new byte[round % 2 == 0 ? 0 : random.nextInt(6)]; // a prefix all keys share
      random.nextBytes(shared);
      byte[][] keys = new byte[k][];
      for (int i = 0; i < k; i++) {
        keys[i] = withPrefix(shared, random.nextInt(4), random);
      }
      Arrays.sort(keys, Arrays::compareUnsigned);
      long[] seqs = random.longs(k, 1, 1L << 40).toArray();
      boolean leaf = random.nextBoolean();
      long[] children = leaf ? Level.NO_SEQS : random.longs(2L * (k + 1), 0, 1L << 40).toArray();
      for (int i = 1; i < children.length; i += 2) {
        children[i] = random.nextInt(20);
      }
      CachedNode n = new CachedNode(CachedNode.encode(new Level(77, 3, seqs, children), keys));
      assertEquals(k, n.keyCount());
      assertEquals(children.length / 2, n.childCount());
      for (int i = 0; i < k; i++) {
        assertEquals(seqs[i], n.keySeq(i));
        assertArrayEquals(keys[i], n.key(i, null));
      }
      for (int i = 0; i < n.childCount(); i++) {
        assertEquals(children[2 * i], n.childSeq(i));
        assertEquals(children[2 * i + 1], n.childOffset(i));
        assertEquals(0, n.slotHint(i));
        n.slotHint(i, i + 5);
        assertEquals(i + 5, n.slotHint(i));
        assertEquals(children[2 * i], n.childSeq(i)); // the hint does not overwrite the pointer
      }
      for (int probe = 0; probe < 40; probe++) {
        byte[] key = withPrefix(
            Arrays.copyOf(shared, random.nextInt(shared.length + 1)), random.nextInt(4), random);
        if (random.nextInt(4) == 0 && key.length > 0) {
          key[random.nextInt(key.length)] ^= (byte) (1 << random.nextInt(8)); // off the prefix
        }
        int expected = Arrays.binarySearch(keys, key, Arrays::compareUnsigned);
        int got = n.search(key, null, null);
        if (expected >= 0) { // equal keys may repeat in random data: any equal index will do
          assertEquals(0, Arrays.compareUnsigned(keys[got], key));
        } else {
          assertEquals(expected, got);
        }
      }
    }
  }

  @Test
  void nodeCacheFindsWhatItHoldsAndConfirmsSlots() {
    NodeCache cache = new NodeCache(64);
    byte[] a = leaf(10);
    int slot = cache.put(a);
    assertSame(a, cache.get(10, 0));
    assertEquals(slot, cache.find(10, 0));
    assertSame(a, cache.at(slot, 10, 0));
    assertNull(cache.at(slot, 11, 0), "a slot is confirmed against the node's own address");
    assertNull(cache.at(1 << 20, 10, 0), "a slot outside the cache is never trusted");
    assertNull(cache.get(10, 1));
    cache.clear();
    assertNull(cache.get(10, 0));
  }

  @Test
  void leavesNeverEvictInnerNodesAndInnerNodesEvictLeavesFirst() {
    NodeCache cache = new NodeCache(16); // 4 sets of 4 ways
    // fill every way with inner nodes: then no leaf gets in, whatever its set
    long seq = 1000;
    int inner = 0;
    while (inner < 400) {
      cache.put(inner(seq));
      seq++;
      inner++;
    }
    int innerCached = 0;
    for (long s = 1000; s < seq; s++) {
      innerCached += cache.get(s, 0) != null ? 1 : 0;
    }
    assertEquals(16, innerCached, "inner nodes replace each other");
    for (long s = 5000; s < 5400; s++) {
      assertEquals(-1, cache.put(leaf(s)));
      assertNull(cache.get(s, 0));
    }
    // one set, step by step: seqs whose nodes land in the same set as seq 1
    NodeCache probe = new NodeCache(16);
    int set0 = probe.put(leaf(1)) & ~3;
    long[] same = new long[10];
    int found = 0;
    for (long s = 2; found < same.length; s++) {
      probe.clear();
      if ((probe.put(leaf(s)) & ~3) == set0) {
        same[found++] = s;
      }
    }
    NodeCache set = new NodeCache(16);
    for (int i = 0; i < 4; i++) {
      set.put(leaf(same[i])); // four leaves fill the set
    }
    set.put(inner(same[4]));
    assertNotNull(set.get(same[4], 0), "an inner node replaces a leaf");
    set.put(leaf(same[5]));
    assertNotNull(set.get(same[4], 0), "a leaf replaces a leaf, not the inner node");
    assertNotNull(set.get(same[5], 0));
    for (int i = 6; i < 9; i++) {
      set.put(inner(same[i]));
    }
    for (int i = 0; i < 6; i++) {
      assertEquals(i == 4, set.get(same[i], 0) != null, "only the inner node " + same[4] + " is left of the first six");
    }
    assertEquals(-1, set.put(leaf(same[9])), "a leaf does not evict inner nodes");
    assertNull(set.get(same[9], 0));
  }

  @Test
  void removeDropsOnlyTheNamedNodeAndFreesItsWay() {
    NodeCache cache = new NodeCache(16); // 4 sets of 4 ways
    for (long s = 1000; s < 1400; s++) {
      cache.put(inner(s)); // every way an inner node: no leaf gets in
    }
    java.util.List<Long> cached = new java.util.ArrayList<>();
    for (long s = 1000; s < 1400; s++) {
      if (cache.get(s, 0) != null) {
        cached.add(s);
      }
    }
    assertEquals(16, cached.size());
    long gone = cached.get(0);
    cache.remove(gone, 1); // another node of that block: not cached, nothing dropped
    cache.remove(1, 0); // not cached at all
    assertEquals(16, cached.stream().filter(s -> cache.get(s, 0) != null).count());
    int freed = cache.find(gone, 0);
    cache.remove(gone, 0);
    assertNull(cache.get(gone, 0));
    assertEquals(-1, cache.find(gone, 0));
    assertEquals(15, cached.stream().filter(s -> cache.get(s, 0) != null).count(), "only the named node is dropped");
    int slot = -1;
    long leafSeq = 5000;
    while (slot < 0) { // leaves find no way but the freed one
      slot = cache.put(leaf(leafSeq++));
      assertTrue(leafSeq < 6000, "no leaf took the freed way");
    }
    assertEquals(freed, slot, "a leaf takes the way the dropped inner node left");
    assertNotNull(cache.get(leafSeq - 1, 0));
  }

  @Test
  void blockCacheAdmitsReadBlocksOnTheirSecondReadAndWrittenBlocksAtOnce() {
    BlockCache cache = new BlockCache(16);
    byte[] key = "k".getBytes(StandardCharsets.UTF_8);
    DecodedBlock read = new DecodedBlock(5, key, null, new byte[0]);
    cache.offer(read);
    assertNull(cache.get(5), "first read: only remembered");
    cache.offer(read);
    assertSame(read, cache.get(5), "second read: cached");
    DecodedBlock written = new DecodedBlock(6, key, null, new byte[0]);
    cache.put(written);
    assertSame(written, cache.get(6));
    cache.clear();
    assertNull(cache.get(5));
    cache.offer(read);
    assertNull(cache.get(5), "clear forgets the remembered seqs too");
  }
}
