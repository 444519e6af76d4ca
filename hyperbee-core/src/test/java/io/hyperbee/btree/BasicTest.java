package io.hyperbee.btree;

import static io.hyperbee.btree.TestUtil.b;
import static io.hyperbee.btree.TestUtil.keys;
import static io.hyperbee.btree.TestUtil.kv;
import static io.hyperbee.btree.TestUtil.s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Mirrors hyperbee's test/basic.js. */
class BasicTest {

  /** JS helpers.createRange(n): zero-padded keys 00..n-1 with null values in one batch. */
  static Hyperbee createRange(MemoryLog log, int n) {
    Hyperbee db = Hyperbee.open(log);
    Batch batch = db.batch();
    for (int i = 0; i < n; i++) {
      batch.put(b(String.format("%02d", i)), null);
    }
    batch.flush();
    return db;
  }

  @Test
  void emptyBeeHasVersionOneAndNoHeaderUntilFirstWrite() {
    MemoryLog log = new MemoryLog();
    Hyperbee db = Hyperbee.open(log);
    assertEquals(1, db.version());
    assertTrue(db.writable());
    assertNull(db.getHeader());
    assertEquals(0, log.length());
    assertNull(db.get(b("a")));
    assertEquals(List.of(), keys(db.range(KeyRange.all())));
    db.put(b("a"), b("1"));
    assertEquals(2, log.length());
    assertEquals(2, db.version());
    assertEquals("hyperbee", db.getHeader().protocol());
    assertNull(db.getHeader().metadata());
  }

  @Test
  void outOfBoundsRangesReturnNothing() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    db.put(b("a"), b("1"));
    db.put(b("b"), b("2"));
    db.put(b("c"), b("3"));
    assertEquals(List.of(), keys(db.range(KeyRange.all().gt(b("c")))));
    assertEquals(List.of(), keys(db.range(KeyRange.all().lt(b("a")))));
    assertEquals(List.of(), keys(db.range(KeyRange.all().gte(b("d")))));
    assertEquals(List.of(), keys(db.range(KeyRange.all().gt(b("b")).lt(b("c")))));
    assertEquals(List.of(), keys(db.range(KeyRange.all().gt(b("c")).reverse(true))));
  }

  @Test
  void historyInReverse() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    db.put(b("a"), b("1"));
    db.put(b("b"), b("2"));
    db.del(b("a"));
    List<String> out = new ArrayList<>();
    db.history(HistoryRange.all().reverse(true))
        .forEachRemaining(h -> out.add(h.type() + " " + h.seq() + " " + s(h.key())));
    assertEquals(List.of("DEL 3 a", "PUT 2 b", "PUT 1 a"), out);
  }

  private static List<String> expectedKeys(int size, Integer lo, boolean loIncl, Integer hi,
      boolean hiIncl, boolean reverse) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      if (lo != null && (loIncl ? i < lo : i <= lo)) {
        continue;
      }
      if (hi != null && (hiIncl ? i > hi : i >= hi)) {
        continue;
      }
      out.add(String.format("%02d", i));
    }
    if (reverse) {
      java.util.Collections.reverse(out);
    }
    return out;
  }

  private static void exhaustiveRanges(Hyperbee db, int size) {
    for (int lo = -1; lo <= size; lo++) {
      for (int hi = lo; hi <= size; hi++) {
        for (int kind = 0; kind < 4; kind++) {
          for (boolean reverse : new boolean[] {false, true}) {
            boolean loIncl = (kind & 1) == 1;
            boolean hiIncl = (kind & 2) == 2;
            KeyRange r = KeyRange.all().reverse(reverse);
            Integer l = lo < 0 ? null : lo;
            Integer h = hi >= size ? null : hi;
            if (l != null) {
              r = loIncl ? r.gte(b(String.format("%02d", l))) : r.gt(b(String.format("%02d", l)));
            }
            if (h != null) {
              r = hiIncl ? r.lte(b(String.format("%02d", h))) : r.lt(b(String.format("%02d", h)));
            }
            assertEquals(expectedKeys(size, l, loIncl, h, hiIncl, reverse), keys(db.range(r)),
                "size " + size + " lo " + l + (loIncl ? "=" : "") + " hi " + h + (hiIncl ? "=" : "")
                    + " reverse " + reverse);
          }
        }
      }
    }
  }

  @Test
  void exhaustiveGtGteLtLteReverseRangesForSizes1To25() {
    for (int size = 1; size <= 25; size++) {
      exhaustiveRanges(createRange(new MemoryLog(), size), size);
    }
  }

  @Test
  void exhaustiveRangesInsideASub() {
    for (int size : new int[] {1, 8, 9, 17, 25}) {
      Hyperbee db = Hyperbee.open(new MemoryLog());
      db.put(b("0"), b("outside before"));
      Hyperbee sub = db.sub(b("sub"));
      Batch batch = sub.batch();
      for (int i = 0; i < size; i++) {
        batch.put(b(String.format("%02d", i)), null);
      }
      batch.flush();
      db.put(b("z"), b("outside after"));
      db.put(b("sub"), b("the prefix itself, without separator"));
      exhaustiveRanges(sub, size);
    }
  }

  @Test
  void subPutGetAndEntriesOutsideTheSub() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    Hyperbee sub = db.sub(b("sub"));
    sub.put(b("a"), b("in sub"));
    db.put(b("a"), b("in root"));
    assertEquals("in sub", s(sub.get(b("a")).value()));
    assertEquals("in root", s(db.get(b("a")).value()));
    assertEquals("a", s(sub.get(b("a")).key()));
    assertEquals("in sub", s(db.get(b("sub\0a")).value()));
    assertEquals(List.of("a=in root", "sub\0a=in sub"), kv(db.range(KeyRange.all())));
    assertEquals(List.of("a=in sub"), kv(sub.range(KeyRange.all())));
  }

  @Test
  void nestedSubsAccumulatePrefixesAndKeepTheParentsSeparator() {
    MemoryLog log = new MemoryLog();
    Hyperbee db = Hyperbee.open(log);
    Hyperbee ab = db.sub(b("a")).sub(b("b"), b("!"));
    ab.put(b("y"), b("1"));
    assertEquals("a\0b!y", s(db.getBySeq(1).key()));
    assertArrayEquals(b("a\0b!"), ab.prefix());
    // the child of a custom-sep sub defaults to its parent's separator (JS quirk)
    ab.sub(b("c")).put(b("z"), b("2"));
    assertEquals("a\0b!c\0z", s(db.getBySeq(2).key()));
    assertEquals(List.of("c\0z=2", "y=1"), kv(ab.range(KeyRange.all())));
  }

  @Test
  void subKeysStartingWithFfAndTheUnboundedRangeQuirk() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    Hyperbee sub = db.sub(b("s"));
    sub.put(new byte[] {(byte) 0xff}, b("ff"));
    sub.put(new byte[] {(byte) 0xff, (byte) 0xff}, b("ffff"));
    sub.put(new byte[0], b("empty"));
    sub.put(new byte[] {0}, b("zero"));
    sub.put(b("a"), b("a"));
    db.put(b("t"), b("after"));
    // JS: an unbounded sub range starts after prefix+0x00, so '' and '\0' are not listed
    assertEquals(List.of("a", "ff", "ffff"),
        TestUtil.collect(sub.range(KeyRange.all())).stream().map(e -> s(e.value())).toList());
    assertEquals("empty", s(sub.get(new byte[0]).value()));
    assertEquals("zero", s(sub.get(new byte[] {0}).value()));
    assertEquals(List.of("ffff", "ff", "a"),
        TestUtil.collect(sub.range(KeyRange.all().reverse(true))).stream()
            .map(e -> s(e.value())).toList());
  }

  @Test
  void readStreamsOnSubCheckoutsAndDoubleSnapshots() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    Hyperbee sub = db.sub(b("s"));
    sub.put(b("a"), b("1"));
    Hyperbee snap = sub.snapshot();
    Hyperbee snapOfSnap = snap.snapshot();
    sub.put(b("b"), b("2"));
    assertEquals(List.of("a=1"), kv(snap.range(KeyRange.all())));
    assertEquals(List.of("a=1"), kv(snapOfSnap.range(KeyRange.all())));
    assertEquals(List.of("a=1", "b=2"), kv(sub.range(KeyRange.all())));
    assertEquals(List.of("a=1"), kv(sub.checkout(2).range(KeyRange.all())));
    assertEquals(2, snapOfSnap.version());
  }

  @Test
  void readonlyBeeWritesNoHeaderAndRefusesPuts() {
    MemoryLog log = new MemoryLog();
    Hyperbee db = Hyperbee.open(log, BeeOptions.builder().readonly(true).build());
    assertFalse(db.writable());
    HyperbeeException e = assertThrows(HyperbeeException.class, () -> db.put(b("a"), b("1")));
    assertEquals(ErrorCode.READ_ONLY, e.code());
    assertThrows(HyperbeeException.class, () -> db.batch().put(b("a"), b("1")));
    assertEquals(0, log.length());
    assertNull(db.get(b("a")));
  }

  @Test
  void isHyperbeeTrueFalseAndThrowsOnEmptyCore() {
    MemoryLog log = new MemoryLog();
    HyperbeeException e = assertThrows(HyperbeeException.class, () -> Hyperbee.isHyperbee(log));
    assertEquals(ErrorCode.BLOCK_NOT_AVAILABLE, e.code());
    Hyperbee.open(log).put(b("a"), b("1"));
    assertTrue(Hyperbee.isHyperbee(log));
    MemoryLog other = new MemoryLog();
    other.append(List.of(b("not a header")));
    assertFalse(Hyperbee.isHyperbee(other));
    MemoryLog wrongProtocol = new MemoryLog();
    wrongProtocol.append(List.of(TestUtil.hexBytes("0a0568656c6c6f")));
    assertFalse(Hyperbee.isHyperbee(wrongProtocol));
  }

  @Test
  void getBySeqReturnsTheEntryOfABlock() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    db.put(b("a"), b("1"));
    db.put(b("b"), null);
    db.del(b("a"));
    Entry e = db.getBySeq(2);
    assertEquals(2, e.seq());
    assertEquals("b", s(e.key()));
    assertNull(e.value());
    assertEquals("a", s(db.getBySeq(3).key()));
    assertEquals(ErrorCode.DECODING_ERROR,
        assertThrows(HyperbeeException.class, () -> db.getBySeq(0)).code());
    assertEquals(ErrorCode.SNAPSHOT_NOT_AVAILABLE,
        assertThrows(HyperbeeException.class, () -> db.getBySeq(4)).code());
    assertEquals(ErrorCode.SNAPSHOT_NOT_AVAILABLE,
        assertThrows(HyperbeeException.class, () -> db.checkout(2).getBySeq(2)).code());
  }

  @Test
  void readOnlyReplicaReadsEverything() {
    MemoryLog log = new MemoryLog();
    Hyperbee db = createRange(log, 30);
    MemoryLog replica = MemoryLog.readOnlyCopy(log);
    Hyperbee clone = Hyperbee.open(replica);
    assertFalse(clone.writable());
    assertEquals(keys(db.range(KeyRange.all())), keys(clone.range(KeyRange.all())));
    assertEquals(ErrorCode.SESSION_NOT_WRITABLE,
        assertThrows(HyperbeeException.class, () -> clone.put(b("x"), b("y"))).code());
    assertEquals(30, keys(clone.range(KeyRange.all())).size());
  }
}
