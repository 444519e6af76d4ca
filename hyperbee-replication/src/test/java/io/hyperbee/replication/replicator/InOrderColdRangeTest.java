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
 * per node it enters, not one per entry. Counts, not times: the requests the scan had to send
 * itself (a block nobody asked for ahead), which do not depend on how answers interleave.
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
    long asked = reader.readRequests();
    int n = 0;
    try (BeeIterator<Entry> it = bee.range(KeyRange.all().gte(key(7_000)).limit(ENTRIES))) {
      while (it.hasNext()) {
        assertEquals(new String(key(7_000 + n), StandardCharsets.UTF_8), new String(it.next().key(), StandardCharsets.UTF_8));
        n++;
      }
    }
    assertEquals(ENTRIES, n);
    long ownRequests = reader.readRequests() - asked;
    System.out.println("in-order cold range of " + ENTRIES + ": " + roundTrips.roundTrips() + " round trips, "
        + reader.blocksDownloaded() + " blocks, " + ownRequests + " asked for by the scan itself");
    // every block the scan reads was asked for ahead by the node that names it, so the scan waits
    // for answers already on their way instead of asking block by block (round trips: 33-43
    // here, 65 when the nodes decoded from the read-ahead asked for nothing)
    assertTrue(ownRequests <= 2, ownRequests + " blocks asked for by the scan itself");
  }
}
