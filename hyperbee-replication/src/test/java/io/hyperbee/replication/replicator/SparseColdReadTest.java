package io.hyperbee.replication.replicator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.btree.Batch;
import io.hyperbee.btree.BeeIterator;
import io.hyperbee.btree.Entry;
import io.hyperbee.btree.Hyperbee;
import io.hyperbee.btree.KeyRange;
import io.hyperbee.btree.SeqTrace;
import io.hyperbee.crypto.KeyPair;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import io.hyperbee.replication.bee.BeeExtension;
import io.hyperbee.replication.bee.ExtensionMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: on a bee of 100,000 keys, a cold get on a replica downloads O(log n) blocks in one
 * round trip per level, with and without the cache-warmup extension: each node a read visits asks
 * for all its keys and children at once (JS's {@code TreeNode.preload}), so a lookup waits for a
 * level's blocks together, not for each compare; with the extension, the blocks the writer's
 * answer names are fetched ahead, so the reader's own requests do not grow. Counts, not times.
 */
class SparseColdReadTest extends ReplicationFixture {
  private static final int KEYS = 100_000;
  /** Fewest children of a node below the root (T = 5): the tree's height is at most log5(n) + 1. */
  private static final int MIN_CHILDREN = 5;
  /** Fewest keys of a node below the root (T - 1). */
  private static final int MIN_KEYS = 4;
  /** Blocks a lookup fetches per level: the node's keys (at most 9) and children (at most 10), preloaded. */
  private static final int BLOCKS_PER_LEVEL = 9 + 10;
  private static Hypercore writerCore;

  private static byte[] key(int i) {
    return String.format("key%06d", i).getBytes(StandardCharsets.UTF_8);
  }

  @BeforeAll
  static void buildBee() {
    writerCore = Hypercore.inMemory(HypercoreOptions.builder().keyPair(KeyPair.fromSeed(new byte[32])).build());
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) {
      order.add(i);
    }
    java.util.Collections.shuffle(order, new Random(14));
    Hyperbee bee = Hyperbee.open(writerCore);
    for (int from = 0; from < KEYS; from += 10_000) {
      try (Batch batch = bee.batch()) {
        for (int i = from; i < from + 10_000; i++) {
          batch.put(key(order.get(i)), ("value " + order.get(i)).getBytes(StandardCharsets.UTF_8));
        }
        batch.flush();
      }
    }
  }

  @org.junit.jupiter.api.AfterAll
  static void closeBee() {
    writerCore.close();
  }

  private static int heightBound() {
    return 1 + (int) Math.ceil(Math.log(KEYS) / Math.log(MIN_CHILDREN));
  }

  /** O(log n): the most blocks a lookup can fetch in a tree of {@code KEYS} keys (the root, then each level's). */
  private static long logBound() {
    return 1 + (long) BLOCKS_PER_LEVEL * heightBound();
  }


  private record Counts(long blocks, long readRequests, long requests, int roundTrips) {}

  static Counts counted(Reader reader, Runnable read) {
    Replicator r = reader.replicator();
    long b = r.blocksDownloaded();
    long rr = r.readRequests();
    long q = r.requestsSent();
    reader.roundTrips().reset();
    read.run();
    return new Counts(r.blocksDownloaded() - b, r.readRequests() - rr, r.requestsSent() - q,
        reader.roundTrips().roundTrips());
  }

  /** The seqs the writer's extension names for a get of {@code key} (JS's walk). */
  private static long[] answerFor(byte[] key) {
    List<Long> seqs = new ArrayList<>();
    try (Hyperbee bee = Hyperbee.open(writerCore)) {
      SeqTrace.get(bee, bee.version(), key, seqs::add);
    }
    return seqs.stream().mapToLong(Long::longValue).toArray();
  }

  /** A replica of the served bee, with the extension on or off, and the bee on it. */
  private record Reader(Replicator replicator, Hyperbee bee, Replicator writer, RoundTripCounter roundTrips) {}

  /** A writer serving the bee with the extension on, and a replica linked to it. */
  private Reader reader(boolean extension) {
    Replicator writer = own(Replicator.of(writerCore, OPTIONS));
    Hyperbee served = own(Hyperbee.open(writerCore));
    own(BeeExtension.attach(served, writer));
    Replicator r = replica(writer);
    RoundTripCounter roundTrips = new RoundTripCounter();
    link(r, writer).clientTap = roundTrips;
    updated(r);
    Hyperbee bee = own(Hyperbee.open(r.core()));
    if (extension) {
      own(BeeExtension.attach(bee, r));
    }
    return new Reader(r, bee, writer, roundTrips);
  }

  private static Counts coldGet(Reader reader, byte[] key, String expected) {
    Entry[] got = new Entry[1];
    Counts c = counted(reader, () -> got[0] = reader.bee().get(key));
    assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), got[0].value());
    System.out.println("cold get: " + c);
    return c;
  }

  private static Counts coldRange(Reader reader, int entries) {
    List<String> keys = new ArrayList<>();
    Counts c = counted(reader, () -> {
      try (BeeIterator<Entry> it = reader.bee().range(KeyRange.all().gte(key(40_000)).limit(entries))) {
        it.forEachRemaining(e -> keys.add(new String(e.key(), StandardCharsets.UTF_8)));
      }
    });
    assertEquals(entries, keys.size());
    assertEquals("key040000", keys.get(0));
    assertEquals(String.format("key%06d", 40_000 + entries - 1), keys.get(entries - 1));
    System.out.println("cold range of " + entries + ": " + c);
    return c;
  }

  @Test
  void coldGetWithoutTheExtensionDownloadsLogNBlocks() {
    Counts c = coldGet(reader(false), key(54_321), "value 54321");
    assertTrue(c.blocks() > 0 && c.blocks() <= logBound(), c + " bound " + logBound());
    // the root's block, then one per level: its keys and the child to descend to come together
    // (a lookup that asked for each block as it compared it took 21 here). The count takes every
    // request sent after an answer as waiting for it, so how answers interleave with a level's
    // requests may add up to one a level: the bound leaves that room
    assertTrue(c.roundTrips() <= 2 * heightBound(), c + " round trips, bound " + 2 * heightBound());
    assertTrue(c.readRequests() <= 2, "the read asked for the root; its preloads asked for the rest: " + c);
  }

  @Test
  void coldGetWithTheExtensionFetchesTheWritersAnswerAhead() {
    long[] answer = answerFor(key(54_321));
    assertTrue(answer.length > 0 && answer.length <= logBound(), "the writer's answer names " + answer.length);
    Reader reader = reader(true);
    Counts c = coldGet(reader, key(54_321), "value 54321");
    Hypercore replica = reader.replicator().core();
    await(() -> java.util.Arrays.stream(answer).allMatch(replica::has), "every block the answer named is stored");
    long total = reader.replicator().blocksDownloaded();
    assertTrue(total <= logBound() + answer.length, total + " blocks, bound " + (logBound() + answer.length));
    assertTrue(c.readRequests() <= c.blocks(), "the read waited for no more requests than blocks: " + c);
    long own = c.readRequests();
    // a second cold get of a key nearby: the first answer's upper levels are stored by now
    Counts again = coldGet(reader, key(54_322), "value 54322");
    assertTrue(again.readRequests() <= own + logBound(), again.toString());
  }

  @Test
  void coldRangeOf100Entries() {
    Counts without = coldRange(reader(false), 100);
    Counts with = coldRange(reader(true), 100);
    // each entry is a block of its own, plus the nodes on the way: O(log n + 100) either way
    assertTrue(without.blocks() <= logBound() + 2 * 100, without.toString());
    assertTrue(with.blocks() <= logBound() + 2 * 100 + BeeExtension.MAX_BLOCKS_PER_QUERY, with.toString());
    assertTrue(with.readRequests() <= without.readRequests(), with + " vs " + without);
    // down to the first entry one per level, then at most one per node the scan enters: a
    // leaf (at least MIN_KEYS entries each) and the node above it (a scan that asked for each
    // block as it reached it took 117 here)
    int bound = heightBound() + 2 * (100 / MIN_KEYS + 1);
    assertTrue(without.roundTrips() <= bound, without + " round trips, bound " + bound);
  }

  @Test
  void cacheMessagesNobodyAskedForFetchNothing() {
    Reader reader = reader(true);
    Replicator writerSide = reader.writer();
    long[] all = new long[5_000];
    for (int i = 0; i < all.length; i++) {
      all[i] = i + 1;
    }
    java.util.concurrent.CountDownLatch delivered = new java.util.concurrent.CountDownLatch(1);
    reader.replicator().registerExtension("probe", (from, m) -> delivered.countDown());
    long before = reader.replicator().requestsSent();
    for (Peer p : writerSide.peers()) {
      writerSide.sendExtension(BeeExtension.NAME, ExtensionMessage.cache(1, all.length + 1, all), p);
      writerSide.sendExtension("probe", new byte[0], p); // delivered in order: after the cache message
    }
    try {
      assertTrue(delivered.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    coldGet(reader, key(7), "value 7");
    assertTrue(reader.replicator().blocksDownloaded() <= 2 * logBound(),
        "unsolicited answers were ignored: " + reader.replicator().blocksDownloaded());
    assertTrue(reader.replicator().requestsSent() - before <= 2 * logBound());
  }
}
