package io.hyperbee.btree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Writers put the nodes they append, with the key bytes they resolved, into the bee's node cache,
 * and later writes take nodes (and key bytes) from there instead of decoding blocks. A cached
 * node must be exactly the stored one, and its key bytes those of the blocks its key seqs name,
 * never the caller's arrays.
 */
class WrittenNodeCacheTest {
  @Test
  void cachedNodesMatchTheStoredBlocks() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    Random random = new Random(7);
    TreeMap<String, String> model = new TreeMap<>();
    for (int round = 0; round < 40; round++) {
      if (round % 3 == 2) {
        for (int i = 0; i < 20; i++) { // one-shot writes
          write(db, null, random, model);
        }
      } else {
        Batch batch = db.batch();
        for (int i = 0; i < 50; i++) {
          write(db, batch, random, model);
        }
        batch.flush();
      }
      checkCache(db);
    }
    for (var e : model.entrySet()) {
      assertEquals(e.getValue(), new String(db.get(bytes(e.getKey())).value(), StandardCharsets.UTF_8));
    }
    assertEquals(model.size(), count(db));
  }

  @Test
  void cachedKeysDoNotAliasTheCallersArrays() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    byte[][] keys = new byte[30][];
    Batch batch = db.batch();
    for (int i = 0; i < keys.length; i++) {
      keys[i] = bytes(String.format("k%03d", i));
      batch.put(keys[i], bytes("v"));
    }
    batch.flush();
    for (int i = 30; i < 40; i++) {
      byte[] k = bytes(String.format("k%03d", i));
      db.put(k, bytes("v"));
      k[0] = 'x';
    }
    for (byte[] k : keys) {
      k[0] = 'x';
    }
    checkCache(db);
    for (int i = 0; i < 40; i++) {
      assertEquals("v", new String(db.get(bytes(String.format("k%03d", i))).value(), StandardCharsets.UTF_8));
    }
    assertNull(db.get(bytes("x000")));
  }

  /**
   * A one-shot write keeps its nodes out of the cache (they stay on the kept path, and the next
   * write rewrites most of them) and caches those of the previous write that it left as they were:
   * after puts in order, every node of the tree but those of the last block is cached, and a
   * batch's blocks then cache the rest of the last path.
   */
  @Test
  void oneShotWritesCacheTheNodesTheyLeaveBehind() {
    Hyperbee db = Hyperbee.open(new MemoryLog(), BeeOptions.builder().nodeCacheSize(1 << 14).build());
    for (int i = 0; i < 400; i++) {
      db.put(bytes(String.format("k%04d", i)), bytes("v"));
    }
    BeeContext ctx = db.context();
    long last = ctx.core.length() - 1;
    assertEquals(List.of(last), uncachedNodesOfTheTree(ctx), "blocks with nodes not cached");
    Batch batch = db.batch();
    batch.put(bytes("a"), bytes("v"));
    batch.flush();
    db.put(bytes("b"), bytes("v")); // finds the path outdated by the batch: caches all of it
    assertEquals(List.of(last + 2), uncachedNodesOfTheTree(ctx));
    checkCache(db);
  }

  /**
   * A flushed batch, and a one-shot write, drop from the node cache the stored nodes they rewrote
   * (the new head no longer reaches them; left cached they took the ways of live nodes) and keep
   * every node they left as it was; writes that write nothing (identical values) drop nothing.
   * Not dropped: a one-shot write that starts from the path the previous one left rewrites that
   * path's nodes, which are cached only if a read cached them in between (dropping them would
   * cost every one-shot put a probe per level).
   */
  @Test
  void writesDropTheStoredNodesTheyRewrote() {
    Hyperbee db = Hyperbee.open(new MemoryLog(), BeeOptions.builder().nodeCacheSize(1 << 16).alwaysDuplicate(false).build());
    Random random = new Random(23);
    Batch fill = db.batch();
    for (int i = 0; i < 3000; i++) {
      fill.put(bytes(String.format("k%05d", random.nextInt(100_000))), bytes("v"));
    }
    fill.flush();
    for (int round = 0; round < 10; round++) {
      BeeContext ctx = db.context();
      ctx.nodes.clear();
      try (BeeIterator<Entry> it = db.range(KeyRange.all())) {
        while (it.hasNext()) {
          db.get(it.next().key()); // caches every node of the tree
        }
      }
      java.util.Set<List<Long>> before = nodesOfTheTree(ctx);
      long lastWritten = ctx.core.length() - 1; // a one-shot write may start from its path
      for (List<Long> n : before) {
        assertTrue(ctx.nodes.get(n.get(0), n.get(1).intValue()) != null, "read, so cached: " + n);
      }
      boolean identical = round == 5 || round == 9;
      boolean oneShot = round > 5;
      Batch batch = oneShot ? null : db.batch();
      List<Entry> entries = new java.util.ArrayList<>();
      try (BeeIterator<Entry> it = db.range(KeyRange.all())) {
        while (it.hasNext()) {
          entries.add(it.next());
        }
      }
      for (int i = 0; i < (oneShot ? 10 : 150); i++) {
        Entry e = entries.get(random.nextInt(entries.size()));
        byte[] value = identical ? e.value() : bytes("w" + round + "." + i);
        if (oneShot) {
          db.put(e.key(), value);
        } else {
          batch.put(e.key(), value);
        }
      }
      if (batch != null) {
        batch.flush();
      }
      java.util.Set<List<Long>> after = nodesOfTheTree(ctx);
      int dropped = 0;
      for (List<Long> n : before) {
        boolean live = after.contains(n);
        if (!live && oneShot && n.get(0) == lastWritten) {
          continue;
        }
        assertEquals(live, ctx.nodes.get(n.get(0), n.get(1).intValue()) != null,
            (live ? "a node the batch left as it was must stay cached: " : "a rewritten node must be dropped: ") + n);
        dropped += live ? 0 : 1;
      }
      assertTrue(identical ? dropped == 0 : dropped > 20, dropped + " nodes rewritten");
      checkCache(db);
    }
  }

  /** The addresses (seq, offset) of the current tree's nodes. */
  private static java.util.Set<List<Long>> nodesOfTheTree(BeeContext ctx) {
    java.util.Set<List<Long>> nodes = new java.util.HashSet<>();
    java.util.ArrayDeque<long[]> todo = new java.util.ArrayDeque<>();
    todo.add(new long[] {ctx.core.length() - 1, 0});
    while (!todo.isEmpty()) {
      long[] at = todo.poll();
      nodes.add(List.of(at[0], at[1]));
      long[] children = Messages.decodeNode(at[0], ctx.core.get(at[0])).level((int) at[1]).childPairs();
      for (int i = 0; i < children.length; i += 2) {
        todo.add(new long[] {children[i], children[i + 1]});
      }
    }
    return nodes;
  }

  /** The seqs of the blocks whose nodes in the current tree are not in the node cache. */
  private static List<Long> uncachedNodesOfTheTree(BeeContext ctx) {
    long root = ctx.core.length() - 1;
    java.util.TreeSet<Long> uncached = new java.util.TreeSet<>();
    java.util.ArrayDeque<long[]> todo = new java.util.ArrayDeque<>();
    todo.add(new long[] {root, 0});
    int nodes = 0;
    while (!todo.isEmpty()) {
      long[] at = todo.poll();
      nodes++;
      if (ctx.nodes.get(at[0], (int) at[1]) == null) {
        uncached.add(at[0]);
      }
      long[] children = Messages.decodeNode(at[0], ctx.core.get(at[0])).level((int) at[1]).childPairs();
      for (int i = 0; i < children.length; i += 2) {
        todo.add(new long[] {children[i], children[i + 1]});
      }
    }
    assertTrue(nodes > 20, "a tree of depth 3 at least: " + nodes + " nodes");
    return List.copyOf(uncached);
  }

  private static void write(Hyperbee db, Batch batch, Random random, TreeMap<String, String> model) {
    String key = String.format("key%04d", random.nextInt(600));
    if (random.nextInt(4) == 0) {
      model.remove(key);
      if (batch == null) {
        db.del(bytes(key));
      } else {
        batch.del(bytes(key));
      }
    } else {
      String value = "v" + random.nextInt(1000);
      model.put(key, value);
      if (batch == null) {
        db.put(bytes(key), bytes(value));
      } else {
        batch.put(bytes(key), bytes(value));
      }
    }
  }

  static void checkCache(Hyperbee db) {
    checkCache(db, true);
  }

  /** Checks every cached node against its stored block; {@code requireSome}: and that there is one. */
  static void checkCache(Hyperbee db, boolean requireSome) {
    BeeContext ctx = db.context();
    long length = ctx.core.length();
    int checked = 0;
    for (long seq = 1; seq < length; seq++) {
      DecodedBlock stored = Messages.decodeNode(seq, ctx.core.get(seq));
      for (int offset = 0; offset < stored.levelCount(); offset++) {
        Object cached = ctx.nodes.get(seq, offset);
        if (cached == null) {
          continue;
        }
        checked++;
        Level level = stored.level(offset);
        String where = "node " + seq + "/" + offset;
        IndexNode node = cached instanceof byte[] data ? new CachedNode(data) : (LazyNode) cached;
        long[] keys = new long[node.keyCount()];
        for (int i = 0; i < keys.length; i++) {
          keys[i] = node.keySeq(i);
        }
        long[] children = new long[2 * node.childCount()];
        for (int i = 0; i < node.childCount(); i++) {
          children[2 * i] = node.childSeq(i);
          children[2 * i + 1] = node.childOffset(i);
        }
        assertArrayEquals(level.keySeqs(), keys, "keys of " + where);
        assertArrayEquals(level.childPairs(), children, "children of " + where);
        byte[][] known = cached instanceof LazyNode lazy ? lazy.resolvedKeys() : null;
        for (int i = 0; i < keys.length; i++) {
          byte[] bytes = cached instanceof byte[] ? node.key(i, null) : known == null ? null : known[i];
          if (bytes != null) {
            byte[] expected = Messages.decodeNode(keys[i], ctx.core.get(keys[i])).key();
            assertArrayEquals(expected, bytes, "key " + i + " of " + where);
          }
        }
      }
    }
    assertTrue(!requireSome || checked > 0, "the writes cached no nodes");
  }

  private static int count(Hyperbee db) {
    int n = 0;
    try (BeeIterator<Entry> it = db.range(KeyRange.all())) {
      while (it.hasNext()) {
        it.next();
        n++;
      }
    }
    return n;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
