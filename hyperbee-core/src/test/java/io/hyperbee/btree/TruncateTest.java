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

  @Test
  void aSnapshotTakenBeforeATruncationRefusesWhatItCanNoLongerRead() {
    try (Hypercore core = Hypercore.inMemory(
        HypercoreOptions.builder().keyPair(KeyPair.fromSeed(new byte[32])).sync(false).build())) {
      Hyperbee db = Hyperbee.open(core);
      for (String k : List.of("a", "b", "c", "d")) {
        db.put(b(k), b(k + "1"));
      }
      Hyperbee snap = db.snapshot(); // version 5
      Hyperbee old = db.checkout(3); // blocks 0..2: untouched by truncate(3)
      core.truncate(3);
      db.put(b("x"), b("x1"));
      db.put(b("y"), b("y1")); // length 5 again, other blocks
      // JS keeps reading the snapshot's own blocks; this log drops them: refused, never the new data
      io.hyperbee.HyperbeeException e = org.junit.jupiter.api.Assertions.assertThrows(
          io.hyperbee.HyperbeeException.class, () -> snap.get(b("c")));
      assertEquals(io.hyperbee.ErrorCode.SNAPSHOT_NOT_AVAILABLE, e.code());
      assertEquals(true, e.getMessage().contains("truncated to length 3"), e.getMessage());
      org.junit.jupiter.api.Assertions.assertThrows(
          io.hyperbee.HyperbeeException.class, () -> kv(snap.range(KeyRange.all())));
      org.junit.jupiter.api.Assertions.assertThrows(
          io.hyperbee.HyperbeeException.class, () -> snap.diff(1, KeyRange.all()).hasNext());
      assertEquals(List.of("a=a1", "b=b1"), kv(old.range(KeyRange.all())));
      assertEquals(List.of("a=a1", "b=b1", "x=x1", "y=y1"), kv(db.range(KeyRange.all())));
      assertEquals(List.of("a=a1", "b=b1", "x=x1", "y=y1"), kv(db.snapshot().range(KeyRange.all())));
    }
  }
}
