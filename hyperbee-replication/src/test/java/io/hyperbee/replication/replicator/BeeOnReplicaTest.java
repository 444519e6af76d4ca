package io.hyperbee.replication.replicator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A Hyperbee opened on a replica reads the writer's entries, fetching only the blocks it touches. */
class BeeOnReplicaTest extends ReplicationFixture {
  private static final int KEYS = 3000;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String s(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void getsAndRangesFetchOnlyWhatTheyTouch() {
    Hypercore writerCore = own(Hypercore.inMemory(HypercoreOptions.builder().keyPair(KeyPair.fromSeed(new byte[32])).build()));
    Hyperbee writerBee = Hyperbee.open(writerCore);
    try (Batch batch = writerBee.batch()) {
      for (int i = 0; i < KEYS; i++) {
        batch.put(b(String.format("key%05d", i)), b("value " + i));
      }
      batch.flush();
    }
    Replicator writer = own(Replicator.of(writerCore, OPTIONS));
    Replicator reader = followingReplica(writer);
    Hyperbee bee = Hyperbee.open(reader.core());

    Entry e = bee.get(b("key01234"));
    assertEquals("value 1234", s(e.value()));
    long afterGet = reader.blocksDownloaded();
    assertTrue(afterGet > 0 && afterGet <= 40, "one get fetched " + afterGet + " of " + writerCore.length() + " blocks");

    List<String> keys = new ArrayList<>();
    try (BeeIterator<Entry> it = bee.range(KeyRange.all().gte(b("key02000")).limit(20))) {
      it.forEachRemaining(entry -> keys.add(s(entry.key())));
    }
    assertEquals(20, keys.size());
    assertEquals("key02000", keys.get(0));
    assertEquals("key02019", keys.get(19));
    long afterRange = reader.blocksDownloaded();
    assertTrue(afterRange - afterGet <= 60, "a 20-entry range fetched " + (afterRange - afterGet));
    assertTrue(afterRange < writerCore.length() / 10, "sparse: " + afterRange + " of " + writerCore.length());
    assertEquals(null, bee.get(b("nope")));

    // live: a new entry on the writer is readable on the replica after it follows
    java.util.concurrent.CountDownLatch followed = new java.util.concurrent.CountDownLatch(1);
    reader.core().addListener(new io.hyperbee.log.CoreListener() {
      @Override
      public void onAppend(long previousLength, long length, boolean remote) {
        followed.countDown();
      }
    });
    writerBee.put(b("key99999"), b("late"));
    try {
      assertTrue(followed.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS), "the replica followed the append");
    } catch (InterruptedException ex) {
      throw new AssertionError(ex);
    }
    assertEquals(writerCore.length(), reader.core().length());
    assertArrayEquals(b("late"), Hyperbee.open(reader.core()).get(b("key99999")).value());
    reader.core().verify();
  }
}
