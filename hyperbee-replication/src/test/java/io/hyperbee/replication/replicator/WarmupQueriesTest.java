package io.hyperbee.replication.replicator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.btree.Batch;
import io.hyperbee.btree.BeeIterator;
import io.hyperbee.btree.Entry;
import io.hyperbee.btree.Hyperbee;
import io.hyperbee.btree.KeyRange;
import io.hyperbee.btree.RangeSnapshot;
import io.hyperbee.btree.SeqTrace;
import io.hyperbee.crypto.KeyPair;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import io.hyperbee.replication.bee.BeeExtension;
import io.hyperbee.replication.bee.ExtensionMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The queries a replica's reads ask (the writer records them and answers nothing, so every read
 * waits): one get query per cold get, its key with the sub prefix; a range asks when it first
 * waits and again after 2048 more blocks, and the checkpoint of a query sent mid-scan resumes
 * JS's walk exactly where the reader stands: what it had before the query and what the resumed
 * walk touches cover the whole scan, and the resumed walk does not start over.
 */
class WarmupQueriesTest extends ReplicationFixture {
  private static final int KEYS = 5000;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private record Query(ExtensionMessage message, boolean[] stored) {}

  private Hypercore writerCore;
  private final List<Query> queries = java.util.Collections.synchronizedList(new ArrayList<>());

  /** A bee on a replica with the extension on, whose writer records queries with what the replica held then. */
  private Hyperbee replicaBee() {
    writerCore = own(Hypercore.inMemory(HypercoreOptions.builder().keyPair(KeyPair.fromSeed(new byte[32])).build()));
    Hyperbee bee = own(Hyperbee.open(writerCore));
    for (int from = 0; from < KEYS; from += 1000) {
      try (Batch batch = bee.batch()) {
        for (int i = from; i < from + 1000; i++) {
          batch.put(b(String.format("key%05d", i)), b("value " + i));
        }
        batch.flush();
      }
    }
    bee.sub(b("users")).put(b("alice"), b("admin"));
    Replicator writer = own(Replicator.of(writerCore, OPTIONS));
    Replicator reader = followingReplica(writer);
    writer.registerExtension(BeeExtension.NAME, (peer, message) -> {
      boolean[] stored = new boolean[(int) writerCore.length()];
      for (int i = 0; i < stored.length; i++) {
        stored[i] = reader.core().has(i); // the reader waits for its request, sent after this query
      }
      queries.add(new Query(ExtensionMessage.decode(message), stored));
    });
    Hyperbee replica = own(Hyperbee.open(reader.core()));
    own(BeeExtension.attach(replica, reader));
    return replica;
  }

  @Test
  void aColdGetAsksOnceWithItsStoredKey() {
    Hyperbee bee = replicaBee();
    assertArrayEquals(b("admin"), bee.sub(b("users")).get(b("alice")).value());
    await(() -> queries.size() >= 1, "the get's query arrived");
    assertEquals(1, queries.size(), "one query per get");
    ExtensionMessage.Get q = queries.get(0).message().get();
    assertNotNull(q);
    assertEquals(writerCore.length(), q.version(), "version = root seq + 1");
    assertArrayEquals(b("users\0alice"), q.key());
  }

  @Test
  void aLongScanAsksAgainWithACheckpointThatResumesWhereItStands() {
    Hyperbee bee = replicaBee();
    int n = 0;
    try (BeeIterator<Entry> it = bee.range(KeyRange.all().lt(b("users")))) {
      while (it.hasNext()) {
        it.next();
        n++;
      }
    }
    assertEquals(KEYS, n);
    await(() -> queries.size() >= 3, "three iterator queries (one per 2048 blocks read)");
    RangeSnapshot first = queries.get(0).message().iterator();
    assertEquals(0, first.checkpoint().length, "the first wait is in the open: no checkpoint");
    assertEquals(0, first.limit(), "no limit goes on the wire as 0");
    assertArrayEquals(b("users"), first.lt());

    long version = writerCore.length();
    Set<Long> whole = trace(new RangeSnapshot(version, null, null, null, b("users"), -1, false, new long[0]));
    for (Query q : queries.subList(1, queries.size())) {
      RangeSnapshot mid = q.message().iterator();
      assertTrue(mid.checkpoint().length >= 3 && mid.checkpoint().length % 3 == 0, "a checkpoint mid-scan");
      Set<Long> resumed = trace(new RangeSnapshot(version, null, null, null, b("users"), -1, false, mid.checkpoint()));
      for (long seq : whole) {
        assertTrue(q.stored()[(int) seq] || resumed.contains(seq), "block " + seq + " is neither read nor ahead");
      }
      assertTrue(resumed.size() < whole.size() - 1000, "resumed, not restarted: " + resumed.size());
    }
  }

  /** The seqs JS's walk for {@code query} touches on the writer's tree. */
  private Set<Long> trace(RangeSnapshot query) {
    Set<Long> seqs = new HashSet<>();
    try (Hyperbee bee = Hyperbee.open(writerCore)) {
      SeqTrace.range(bee, query, seqs::add, () -> true);
    }
    return seqs;
  }
}
