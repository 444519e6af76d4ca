package io.hyperbee.btree;

import static io.hyperbee.btree.TestUtil.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every clear error the B-tree promises, and that bad input writes nothing. */
class ErrorsTest {

  private static void assertCode(ErrorCode code, Executable e) {
    assertEquals(code, assertThrows(HyperbeeException.class, e).code());
  }

  @Test
  void nullKeysAreRefusedNamingTheArgument() {
    MemoryLog log = new MemoryLog();
    Hyperbee db = Hyperbee.open(log);
    Batch batch = db.batch();
    for (Executable e : List.<Executable>of(
        () -> db.get(null), () -> db.put(null, b("v")), () -> db.del(null),
        () -> batch.put(null, b("v")), () -> batch.del(null), () -> batch.get(null),
        () -> db.sub(null), () -> db.range(null), () -> db.diff(1, null),
        () -> db.history(null), () -> Hyperbee.open(null))) {
      NullPointerException npe = assertThrows(NullPointerException.class, e);
      assertTrue(npe.getMessage().endsWith("is null"), npe.getMessage());
    }
    assertEquals(0, log.length());
  }

  @Test
  void oversizedKeysAndValuesAreRefusedBeforeAnythingIsWritten() {
    MemoryLog log = new MemoryLog();
    Hyperbee db = Hyperbee.open(log);
    byte[] big = new byte[Hyperbee.MAX_KEY_SIZE + 1];
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> db.put(big, b("v")));
    assertTrue(e.getMessage().contains("key is"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> db.del(big));
    assertThrows(IllegalArgumentException.class, () -> db.get(big));
    assertThrows(IllegalArgumentException.class, () -> db.batch().put(big, null));
    // the prefix counts: a key that fits alone is too long inside a sub
    byte[] edge = new byte[Hyperbee.MAX_KEY_SIZE];
    assertThrows(IllegalArgumentException.class, () -> db.sub(b("s")).put(edge, null));
    assertThrows(IllegalArgumentException.class,
        () -> db.put(b("k"), new byte[Hyperbee.MAX_VALUE_SIZE + 1]));
    assertEquals(0, log.length());
    db.put(edge, null); // exactly the maximum is fine
    assertEquals(1, TestUtil.collect(db.range(KeyRange.all())).size());
  }

  @Test
  void badArgumentsAreIllegalArgumentExceptions() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    assertThrows(IllegalArgumentException.class, () -> db.checkout(-1));
    assertThrows(IllegalArgumentException.class, () -> db.getBySeq(-1));
    assertThrows(IllegalArgumentException.class, () -> KeyRange.all().limit(-2));
    assertThrows(IllegalArgumentException.class, () -> HistoryRange.all().limit(-2));
    assertThrows(IllegalArgumentException.class, () -> BeeOptions.builder().cacheSize(0));
    assertThrows(IllegalArgumentException.class, () -> db.sub(b("s"), new byte[0]));
    Hyperbee other = Hyperbee.open(new MemoryLog());
    assertThrows(IllegalArgumentException.class, () -> db.diff(other, KeyRange.all()));
  }

  @Test
  void writesToReadOnlyBeesCheckoutsAndSnapshots() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    db.put(b("a"), b("1"));
    Hyperbee readonly = Hyperbee.open(db.core(), BeeOptions.builder().readonly(true).build());
    for (Hyperbee view : List.of(readonly, db.checkout(1), db.snapshot(), readonly.sub(b("x")))) {
      assertCode(ErrorCode.READ_ONLY, () -> view.put(b("a"), b("2")));
      assertCode(ErrorCode.READ_ONLY, () -> view.del(b("a")));
      assertCode(ErrorCode.READ_ONLY, () -> view.batch().del(b("a")));
    }
    assertEquals(2, db.version());
  }

  @Test
  void useAfterCloseIsAClosedError() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    db.put(b("a"), b("1"));
    BeeIterator<Entry> it = db.range(KeyRange.all());
    db.close();
    for (Executable e : List.<Executable>of(
        () -> db.get(b("a")), () -> db.put(b("a"), b("1")), () -> db.del(b("a")),
        () -> db.range(KeyRange.all()), db::batch, () -> db.checkout(1), db::snapshot,
        () -> db.sub(b("s")), () -> db.history(HistoryRange.all()), () -> db.getBySeq(1),
        db::version, () -> db.diff(1, KeyRange.all()), it::hasNext)) {
      assertCode(ErrorCode.CLOSED, e);
    }
    db.close(); // idempotent
  }

  @Test
  void corruptBlocksAreDecodingErrors() {
    MemoryLog log = new MemoryLog();
    Hyperbee db = Hyperbee.open(log);
    db.put(b("a"), b("1"));
    log.append(List.of(TestUtil.hexBytes("0a05ffffffffff"))); // truncated varint in the index
    assertCode(ErrorCode.DECODING_ERROR, () -> db.get(b("a")));
    log.append(List.of(TestUtil.hexBytes("1201611a0131"))); // no index field
    assertCode(ErrorCode.DECODING_ERROR, () -> db.get(b("a")));
    // a child pointer to a level the block does not have
    log.append(List.of(TestUtil.hexBytes("0a0a0a080a01011204010101051201621a0131")));
    assertCode(ErrorCode.DECODING_ERROR, () -> TestUtil.collect(db.range(KeyRange.all())));
  }

  @Test
  void aNonWritableCoreFailsInsideTheCore() {
    MemoryLog source = new MemoryLog();
    Hyperbee.open(source).put(b("a"), b("1"));
    Hyperbee replica = Hyperbee.open(MemoryLog.readOnlyCopy(source));
    assertCode(ErrorCode.SESSION_NOT_WRITABLE, () -> replica.put(b("b"), b("2")));
    // an empty non-writable core does not get a header either
    MemoryLog empty = new MemoryLog(false);
    Hyperbee.open(empty).del(b("x"));
    assertEquals(0, empty.length());
  }
}
