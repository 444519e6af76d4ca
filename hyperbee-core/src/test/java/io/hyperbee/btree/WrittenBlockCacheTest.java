package io.hyperbee.btree;

import static io.hyperbee.btree.TestUtil.b;
import static io.hyperbee.btree.TestUtil.s;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Writers cache the blocks they append: the cached copy must not alias the caller's arrays. */
class WrittenBlockCacheTest {
  @Test
  void oneShotPutDoesNotKeepTheCallersArrays() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    byte[] key = b("k");
    byte[] value = b("v1");
    db.put(key, value);
    key[0] = 'x';
    value[1] = '9';
    assertEquals("v1", s(db.get(b("k")).value()));
    assertEquals("k", s(db.getBySeq(1).key()));
  }

  @Test
  void flushedBatchDoesNotKeepTheCallersArrays() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    byte[] value = b("a1");
    Batch batch = db.batch();
    batch.put(b("a"), value);
    batch.put(b("b"), b("b1"));
    batch.flush();
    value[1] = '9';
    assertEquals("a1", s(db.get(b("a")).value()));
    assertEquals("b1", s(db.get(b("b")).value()));
  }
}
