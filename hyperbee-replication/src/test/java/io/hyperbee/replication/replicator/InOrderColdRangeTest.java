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
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: a cold range scan of a bee written in key order (the replication bench's data), where
 * the scan streams its entries' blocks and decodes the nodes it meets from its own read-ahead:
 * those nodes ask for their keys and children at once too, so the scan waits about one round trip
 * per node it enters, not one per entry. Counts, not times.
 */
class InOrderColdRangeTest extends ReplicationFixture {
  private static final int KEYS = 20_000;
  private static final int ENTRIES = 100;

  private static byte[] key(int i) {
    return String.format("%016d", i).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aColdRangeWaitsAboutOneRoundTripPerNode() {
    Hypercore writerCore = own(Hypercore.inMemory(HypercoreOptions.builder().keyPair(KeyPair.fromSeed(new byte[32])).build()));
    Hyperbee writerBee = own(Hyperbee.open(writerCore));
    for (int from = 0; from < KEYS; from += 1_000) {
      try (Batch batch = writerBee.batch()) {
        for (int i = from; i < from + 1_000; i++) {
          batch.put(key(i), ("value " + i).getBytes(StandardCharsets.UTF_8));
        }
        batch.flush();
      }
    }
    Replicator writer = own(Replicator.of(writerCore, OPTIONS));
    Replicator reader = replica(writer);
    RoundTripCounter roundTrips = new RoundTripCounter();
    link(reader, writer).clientTap = roundTrips;
    updated(reader);
    Hyperbee bee = own(Hyperbee.open(reader.core()));
    roundTrips.reset();
    int n = 0;
    try (BeeIterator<Entry> it = bee.range(KeyRange.all().gte(key(7_000)).limit(ENTRIES))) {
      while (it.hasNext()) {
        assertEquals(new String(key(7_000 + n), StandardCharsets.UTF_8), new String(it.next().key(), StandardCharsets.UTF_8));
        n++;
      }
    }
    assertEquals(ENTRIES, n);
    System.out.println("in-order cold range of " + ENTRIES + ": " + roundTrips.roundTrips() + " round trips, "
        + reader.blocksDownloaded() + " blocks");
    // nodes hold at least 4 keys: at most ENTRIES / 4 + 1 leaves, one round trip each, and the
    // way down and up the tree (height at most 1 + log5(KEYS) = 8), with room for one more a
    // level; a scan whose read-ahead nodes asked for nothing took 65 here
    int height = 1 + (int) Math.ceil(Math.log(KEYS) / Math.log(5));
    int bound = ENTRIES / 4 + 1 + 2 * height;
    assertTrue(roundTrips.roundTrips() <= bound, roundTrips.roundTrips() + " round trips, bound " + bound);
  }
}
