package io.hyperbee.btree;

import static io.hyperbee.btree.TestUtil.b;
import static io.hyperbee.btree.TestUtil.kv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.hyperbee.crypto.KeyPair;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A truncated core (new fork) must not be read through blocks cached before the truncation. */
class TruncateTest {

  @Test
  void cachedBlocksAreDroppedWhenTheCoreIsTruncated() {
    try (Hypercore core = Hypercore.inMemory(
        HypercoreOptions.builder().keyPair(KeyPair.fromSeed(new byte[32])).sync(false).build())) {
      Hyperbee db = Hyperbee.open(core);
      db.put(b("a"), b("1"));
      db.put(b("b"), b("2"));
      assertEquals(List.of("a=1", "b=2"), kv(db.range(KeyRange.all()))); // caches block 2
      core.truncate(2);
      db.put(b("c"), b("3")); // seq 2 again, different bytes
      assertNull(db.get(b("b")));
      assertEquals(List.of("a=1", "c=3"), kv(db.range(KeyRange.all())));
    }
  }
}
