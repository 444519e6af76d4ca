package io.hyperbee.replication.replicator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.btree.Batch;
import io.hyperbee.btree.BeeIterator;
import io.hyperbee.btree.Entry;
import io.hyperbee.btree.Hyperbee;
import io.hyperbee.btree.KeyRange;
import io.hyperbee.crypto.KeyPair;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import io.hyperbee.replication.bee.BeeExtension;
import io.hyperbee.replication.stream.WireTap;
import io.hyperbee.replication.wire.WireCodec;
import io.hyperbee.replication.wire.WireMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: a cold 100-entry range with the cache-warmup extension asks for every block the
 * writer's answer names in one round trip, as a JS reader does (its Hyperbee raises the core's
 * in-flight range to 512 when it opens). With 48 requests in flight per peer (36 of them for
 * prefetches) the ~130 named blocks went out in four waves, each after answers to the one before:
 * 6 round trips against JS's 4 on a 100,000-key bee. Counted with the writer's block answers
 * held back, so what is sent before any answer does not depend on timing.
 */
class HintedBlocksTogetherTest extends ReplicationFixture {
  private static final int KEYS = 5_000;
  /** The requests in flight per peer before the fix (the default options). */
  private static final int OLD_BUDGET = ReplicatorOptions.defaults().maxInflight();

  private static byte[] key(int i) {
    return String.format("key%05d", i).getBytes(StandardCharsets.UTF_8);
  }

  /** A writer's core holding a bee of {@code KEYS} keys put in a fixed random order. */
  private Hypercore writerCore() {
    Hypercore core = own(Hypercore.inMemory(HypercoreOptions.builder().keyPair(KeyPair.fromSeed(new byte[32])).build()));
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(14));
    Hyperbee bee = Hyperbee.open(core);
    try (Batch batch = bee.batch()) {
      for (int i : order) {
        batch.put(key(i), ("value " + i).getBytes(StandardCharsets.UTF_8));
      }
      batch.flush();
    }
    return core;
  }

  private static boolean isBlockAnswer(MemoryLink.Frame f) {
    return f.type() == WireMessage.DATA
        && ((WireMessage.Data) WireCodec.decode(f.type(), f.payload())).proof().block() != null;
  }

  @Test
  void everyHintedBlockIsAskedForBeforeAnyAnswer() throws Exception {
    Replicator writer = own(Replicator.of(writerCore(), OPTIONS));
    own(BeeExtension.attach(own(Hyperbee.open(writer.core())), writer));
    // the writer's answers to block requests are held back (the upgrade and the extension's
    // answers pass), so every request the reader sends is sent before any block arrives
    Replicator reader = replica(writer);
    MemoryLink link = own(MemoryLink.connect(reader, writer, f -> isBlockAnswer(f) ? null : f));
    Set<Long> requested = requestedBlocks(link);
    updated(reader);
    Hyperbee bee = own(Hyperbee.open(reader.core()));
    BeeExtension ext = own(BeeExtension.attach(bee, reader));
    Set<Long> hinted = ConcurrentHashMap.newKeySet();
    ext.observeAnswers(blocks -> LongStream.of(blocks).forEach(hinted::add));

    ExecutorService reading = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> range = reading.submit(() -> {
        int n = 0;
        try (BeeIterator<Entry> it = bee.range(KeyRange.all().gte(key(2_000)).limit(100))) {
          for (; it.hasNext(); it.next()) {
            n++;
          }
        }
        return n;
      });
      await(() -> !hinted.isEmpty(), "the writer answered the range query");
      // a range of 100 keys written in random order names its 100 entries' blocks and the nodes
      // on the way: more than the old budget let out at once
      try {
        await(() -> requested.containsAll(hinted), "every hinted block was asked for");
      } catch (AssertionError e) {
        Set<Long> missing = new java.util.TreeSet<>(hinted);
        missing.removeAll(requested);
        throw new AssertionError("before any answer, " + missing.size() + " of the " + hinted.size()
            + " hinted blocks were not asked for", e);
      }
      assertTrue(hinted.size() > OLD_BUDGET, hinted.size() + " hinted blocks");
      assertTrue(reader.maxInflight() >= ReplicatorOptions.BEE_MAX_INFLIGHT, "attach raised the budget");
      assertEquals(false, range.isDone(), "the range waits for the held answers");
    } finally {
      reading.shutdownNow();
    }
  }

  @Test
  void raisingTheBudgetSendsQueuedPrefetchesAndNeverLowersIt() {
    Replicator writer = writer(300);
    Replicator reader = replica(writer);
    MemoryLink link = own(MemoryLink.connect(reader, writer, f -> isBlockAnswer(f) ? null : f)); // no slot frees
    Set<Long> requested = requestedBlocks(link);
    updated(reader);
    long[] blocks = LongStream.range(0, 200).toArray();
    Set<Long> all = LongStream.of(blocks).boxed().collect(java.util.stream.Collectors.toSet());
    // a quarter of the 48 slots stays free for reads: at most 36 prefetches go out, the rest wait
    // (a slot may be taken by the replica's own request meanwhile)
    int first = reader.prefetch(blocks);
    assertTrue(first <= OLD_BUDGET - OLD_BUDGET / 4 && !requested.containsAll(all), first + " sent, " + requested);
    reader.raiseMaxInflight(ReplicatorOptions.BEE_MAX_INFLIGHT);
    assertTrue(requested.containsAll(all), "the queued prefetches went out at once: " + requested.size());
    reader.raiseMaxInflight(OLD_BUDGET);
    assertEquals(ReplicatorOptions.BEE_MAX_INFLIGHT, reader.maxInflight(), "never lowered");
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> reader.raiseMaxInflight(0));
  }

  /** The blocks the client of {@code link} asks for from now on (seen as it sends). */
  private static Set<Long> requestedBlocks(MemoryLink link) {
    Set<Long> requested = ConcurrentHashMap.newKeySet();
    link.clientTap = new WireTap() {
      @Override
      public void sent(int type, byte[] payload) {
        if (type == WireMessage.REQUEST) {
          var block = ((WireMessage.Request) WireCodec.decode(type, payload)).proof().block();
          if (block != null) {
            requested.add(block.index());
          }
        }
      }

      @Override
      public void received(int type, byte[] payload) {}
    };
    return requested;
  }
}
