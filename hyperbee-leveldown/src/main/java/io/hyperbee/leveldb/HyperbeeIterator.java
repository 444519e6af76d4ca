package io.hyperbee.leveldb;

import static io.hyperbee.leveldb.DbErrors.checkArgNotNull;

import com.google.common.collect.Iterators;
import com.google.common.collect.PeekingIterator;
import io.hyperbee.btree.Entry;
import io.hyperbee.btree.Hyperbee;
import io.hyperbee.btree.KeyRange;
import java.util.AbstractMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.iq80.leveldb.DBException;
import org.iq80.leveldb.DBIterator;

/**
 * A DBIterator over one pinned Hyperbee version (a checkout this iterator owns), so later writes
 * never show. It stands ON an entry ({@code current}) or past the end (null), as leveldbjni's does:
 * next() returns the current entry and moves forward, prev() moves back and returns the entry it
 * moved to, seekToLast() stands on the last entry.
 *
 * <p>Nothing is materialised: a forward Hyperbee range (gte current) and a reverse one (lt current)
 * are started lazily and restarted whenever the direction or position changes. Where leveldbjni's
 * behaviour is undefined (prev/peekPrev past the end) this throws NoSuchElementException,
 * consistent with its hasPrev() being false there. One thread at a time.
 */
final class HyperbeeIterator implements DBIterator {
  private final HyperbeeDB db;
  private final Hyperbee view;
  /** The entry we stand on; only meaningful while {@code currentKnown}. */
  private Entry current;

  /**
   * False while {@code current} is simply {@code forward}'s next entry and has not been needed
   * yet: next() then costs no read of the following entry, and a new iterator reads nothing
   * until it is used (a seek right after creation is the common case).
   */
  private boolean currentKnown;

  /**
   * Whether the caller already holds {@code current}'s arrays. Entries come from fresh ranges
   * (arrays of their own), so each one is handed out without a copy the first time and copied
   * after that: every array the caller gets is its own, as LevelDB's are.
   */
  private boolean currentGiven;

  /** True until the first operation: a new iterator stands on the first entry. */
  private boolean unpositioned = true;

  /** Yields {@code current} and then its successors; null until needed. */
  private PeekingIterator<Entry> forward;

  /** Yields the predecessors of {@code current}, nearest first; null until needed. */
  private PeekingIterator<Entry> backward;

  private boolean closed;

  HyperbeeIterator(HyperbeeDB db, Hyperbee view) {
    this.db = db;
    this.view = view;
  }

  @Override
  public void seekToFirst() {
    call(() -> seekTo(KeyRange.all()));
  }

  @Override
  public void seek(byte[] key) {
    checkArgNotNull(key, "key");
    byte[] target = key.clone();
    call(() -> seekTo(KeyRange.all().gte(target)));
  }

  @Override
  public void seekToLast() {
    call(
        () -> {
          unpositioned = false;
          Iterator<Entry> last = view.range(KeyRange.all().reverse(true).limit(1), true);
          current = last.hasNext() ? last.next() : null;
          currentKnown = true;
          currentGiven = false;
          forward = null;
          backward = null;
          return null;
        });
  }

  @Override
  public boolean hasNext() {
    return call(() -> current() != null);
  }

  @Override
  public Map.Entry<byte[], byte[]> peekNext() {
    return call(
        () -> {
          Entry entry = requireCurrent();
          boolean copy = currentGiven;
          currentGiven = true;
          return toMapEntry(entry, copy);
        });
  }

  @Override
  public Map.Entry<byte[], byte[]> next() {
    return call(
        () -> {
          Entry entry = requireCurrent();
          forward().next(); // the entry we stand on
          currentKnown = false; // forward's next entry, read only when needed
          backward = null;
          boolean copy = currentGiven;
          currentGiven = false;
          return toMapEntry(entry, copy);
        });
  }

  @Override
  public boolean hasPrev() {
    return call(() -> current() != null && backward().hasNext());
  }

  @Override
  public Map.Entry<byte[], byte[]> peekPrev() {
    return call(() -> toMapEntry(requirePrevious().peek(), true));
  }

  @Override
  public Map.Entry<byte[], byte[]> prev() {
    return call(
        () -> {
          current = requirePrevious().next();
          currentKnown = true;
          currentGiven = true;
          forward = null;
          return toMapEntry(current, false);
        });
  }

  /** Both LevelDBs refuse remove. */
  @Override
  public void remove() {
    throw new UnsupportedOperationException("DBIterator.remove is not supported; use DB.delete");
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    current = null;
    currentKnown = true;
    unpositioned = false;
    forward = null;
    backward = null;
    db.closeView(view);
  }

  private Void seekTo(KeyRange range) {
    unpositioned = false;
    forward = Iterators.peekingIterator(view.range(range, true));
    backward = null;
    currentKnown = false;
    currentGiven = false;
    return null;
  }

  /** The entry we stand on (null past the end), reading it now if it was left for later. */
  private Entry current() {
    if (unpositioned) {
      seekTo(KeyRange.all());
    }
    if (!currentKnown) {
      current = forward.hasNext() ? forward.peek() : null;
      currentKnown = true;
      currentGiven = false;
    }
    return current;
  }

  private PeekingIterator<Entry> forward() {
    if (forward == null) { // only after prev() or seekToLast(), which leave current known
      forward = Iterators.peekingIterator(view.range(KeyRange.all().gte(current.key()), true));
    }
    return forward;
  }

  private PeekingIterator<Entry> backward() {
    if (backward == null) {
      backward =
          Iterators.peekingIterator(
              view.range(KeyRange.all().lt(current.key()).reverse(true), true));
    }
    return backward;
  }

  private Entry requireCurrent() {
    Entry e = current();
    if (e == null) {
      throw new NoSuchElementException();
    }
    return e;
  }

  private PeekingIterator<Entry> requirePrevious() {
    requireCurrent();
    PeekingIterator<Entry> it = backward();
    if (!it.hasNext()) {
      throw new NoSuchElementException();
    }
    return it;
  }

  private <T> T call(Supplier<T> op) {
    if (closed) {
      throw new DBException("iterator is closed");
    }
    return db.call(op);
  }

  /** {@code e} as LevelDB returns it; {@code copy} when the caller may already hold its arrays. */
  private static Map.Entry<byte[], byte[]> toMapEntry(Entry e, boolean copy) {
    if (copy) {
      return new AbstractMap.SimpleImmutableEntry<>(e.key().clone(), HyperbeeDB.valueOf(e));
    }
    byte[] value = e.value() == null ? new byte[0] : e.value();
    return new AbstractMap.SimpleImmutableEntry<>(e.key(), value);
  }
}
