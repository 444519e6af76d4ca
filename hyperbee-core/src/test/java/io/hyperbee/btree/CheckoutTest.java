package io.hyperbee.btree;

import static io.hyperbee.btree.TestUtil.b;
import static io.hyperbee.btree.TestUtil.kv;
import static io.hyperbee.btree.TestUtil.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Mirrors hyperbee's test/checkout.js and the checkout parts of basic.js. */
class CheckoutTest {

  @Test
  void checkoutAndSnapshotNeverChangeAsTheBeeGrows() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    db.put(b("a"), b("1"));
    Hyperbee snap = db.snapshot();
    Hyperbee v2 = db.checkout(2);
    db.put(b("a"), b("2"));
    db.put(b("b"), b("3"));
    db.del(b("a"));
    for (Hyperbee view : List.of(snap, v2)) {
      assertEquals(2, view.version());
      assertEquals("1", s(view.get(b("a")).value()));
      assertNull(view.get(b("b")));
      assertEquals(List.of("a=1"), kv(view.range(KeyRange.all())));
      assertFalse(view.writable());
    }
    assertEquals(List.of("a=2"), kv(db.checkout(3).range(KeyRange.all())));
    assertEquals(List.of("a=2", "b=3"), kv(db.checkout(4).range(KeyRange.all())));
    assertEquals(List.of("b=3"), kv(db.range(KeyRange.all())));
  }

  @Test
  void checkoutZeroIsVersionOneAndEmpty() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    db.put(b("a"), b("1"));
    Hyperbee empty = db.checkout(0);
    assertEquals(1, empty.version());
    assertNull(empty.get(b("a")));
    assertEquals(List.of(), kv(empty.range(KeyRange.all())));
  }

  @Test
  void writesToACheckoutOrSnapshotAreReadOnlyErrors() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    db.put(b("a"), b("1"));
    for (Hyperbee view : List.of(db.checkout(2), db.snapshot(), db.snapshot().sub(b("s")))) {
      assertEquals(ErrorCode.READ_ONLY,
          assertThrows(HyperbeeException.class, () -> view.put(b("x"), b("1"))).code());
      assertEquals(ErrorCode.READ_ONLY,
          assertThrows(HyperbeeException.class, () -> view.del(b("a"))).code());
      assertEquals(ErrorCode.READ_ONLY,
          assertThrows(HyperbeeException.class, () -> view.batch().put(b("x"), b("1"))).code());
    }
    assertEquals(2, db.version());
  }

  @Test
  void closingAViewLeavesTheBeeOpenButClosingTheBeeClosesViews() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    db.put(b("a"), b("1"));
    Hyperbee snap = db.snapshot();
    snap.close();
    assertEquals(ErrorCode.CLOSED,
        assertThrows(HyperbeeException.class, () -> snap.get(b("a"))).code());
    assertEquals("1", s(db.get(b("a")).value()));
    Hyperbee sub = db.sub(b("s"));
    db.close();
    assertEquals(ErrorCode.CLOSED,
        assertThrows(HyperbeeException.class, () -> sub.get(b("a"))).code());
  }

  @Test
  void aRangeIteratorKeepsItsVersionWhileTheBeeIsWritten() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    for (int i = 0; i < 50; i++) {
      db.put(b(String.format("%02d", i)), b("old"));
    }
    BeeIterator<Entry> it = db.range(KeyRange.all());
    it.next();
    for (int i = 0; i < 50; i++) {
      db.put(b(String.format("%02d", i)), b("new"));
    }
    int n = 1;
    while (it.hasNext()) {
      assertEquals("old", s(it.next().value()));
      n++;
    }
    assertEquals(50, n);
  }
}
