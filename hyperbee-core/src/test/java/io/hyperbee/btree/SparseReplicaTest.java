package io.hyperbee.btree;

import static io.hyperbee.btree.TestUtil.b;
import static io.hyperbee.btree.TestUtil.keys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.crypto.KeyPair;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A bee on a sparse read-only replica (JS checkout.js "future checkout"): reads fetch, verify and
 * keep only the blocks a query touches.
 */
class SparseReplicaTest {

  @Test
  void futureCheckoutOnASparseReplicaFetchesOnlyTouchedBlocks() {
    try (Hypercore origin = Hypercore.inMemory(
        HypercoreOptions.builder().keyPair(KeyPair.fromSeed(new byte[32])).sync(false).build())) {
      Hyperbee writer = Hyperbee.open(origin);
      Batch batch = writer.batch();
      for (int i = 0; i < 3000; i++) {
        batch.put(b(String.format("key%05d", i)), b("value " + i));
      }
      batch.flush();
      AtomicInteger fetches = new AtomicInteger();
      try (Hypercore replica = Hypercore.inMemory(HypercoreOptions.builder()
          .key(origin.key())
          .blockSource(request -> {
            fetches.incrementAndGet();
            return origin.proof(request);
          })
          .build())) {
        Hyperbee bee = Hyperbee.open(replica);
        assertFalse(bee.writable());
        Hyperbee view = bee.checkout(origin.length()); // a version the replica has not seen yet
        assertEquals("value 1234", TestUtil.s(view.get(b("key01234")).value()));
        int afterGet = fetches.get();
        // each tree level costs its node block plus the key blocks its binary search compares
        assertTrue(afterGet <= 20, "one get fetched " + afterGet + " of 3001 blocks");
        assertEquals(List.of("key02000", "key02001", "key02002"),
            keys(view.range(KeyRange.all().gte(b("key02000")).limit(3))));
        assertTrue(fetches.get() - afterGet <= 20, "a 3-entry range fetched too much");
      }
    }
  }
}
