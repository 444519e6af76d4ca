package io.hyperbee.leveldb;

import static io.hyperbee.leveldb.DbErrors.checkArgNotNull;

import io.hyperbee.HyperbeeException;
import io.hyperbee.btree.Entry;
import io.hyperbee.btree.Hyperbee;
import io.hyperbee.btree.KeyRange;
import java.util.AbstractMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.locks.Lock;
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
 *
 * <p>Reads take the database's read lock (so a concurrent close waits for them); a step served
 * from an entry already read (next() after hasNext(), prev() after hasPrev()) only checks that
 * nothing is closed.
 */
final class HyperbeeIterator implements DBIterator {
  /** A range with one entry of look-ahead. */
  private static final class Ahead {
    private final Iterator<Entry> range;
    private Entry next;

    Ahead(Iterator<Entry> range) {
      this.range = range;
    }

    /** Whether the next entry was read already (taking it then reads nothing). */
    boolean buffered() {
      return next != null;
    }

    boolean hasNext() {
      if (next == null && range.hasNext()) {
        next = range.next();
      }
      return next != null;
    }

    Entry peek() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return next;
    }

    Entry next() {
      Entry e = peek();
      next = null;
      return e;
    }
  }

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
   * Whether the caller holds {@code current}'s value array (prev() handed it out; the key is a
   * copy of our own, ranges restart from it): the entry is read afresh before it is handed out
   * again. Entries come from fresh ranges (arrays of their own), so an entry that moves out of
   * reach (next(), prev()) is handed out without a copy, one that stays (peekNext(), peekPrev())
   * as a copy: every array the caller gets is its own, as LevelDB's are.
   */
  private boolean currentGiven;

  /** True until the first operation: a new iterator stands on the first entry. */
  private boolean unpositioned = true;

  /** Yields {@code current} and then its successors; null until needed. */
  private Ahead forward;

  /** Yields the predecessors of {@code current}, nearest first; null until needed. */
  private Ahead backward;

  private boolean closed;

  HyperbeeIterator(HyperbeeDB db, Hyperbee view) {
    this.db = db;
    this.view = view;
  }

  @Override
  public void seekToFirst() {
    Lock lock = enter();
    try {
      seekTo(KeyRange.all());
    } catch (HyperbeeException e) {
      throw DbErrors.toDbException(e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void seek(byte[] key) {
    checkArgNotNull(key, "key");
    byte[] target = key.clone();
    Lock lock = enter();
    try {
      seekTo(KeyRange.all().gte(target));
    } catch (HyperbeeException e) {
      throw DbErrors.toDbException(e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void seekToLast() {
    Lock lock = enter();
    try {
      unpositioned = false;
      Iterator<Entry> last = view.range(KeyRange.all().reverse(true).limit(1), true);
      current = last.hasNext() ? last.next() : null;
      currentKnown = true;
      currentGiven = false;
      forward = null;
      backward = null;
    } catch (HyperbeeException e) {
      throw DbErrors.toDbException(e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean hasNext() {
    checkOpen();
    if (currentKnown) {
      return current != null;
    }
    if (!unpositioned && forward.buffered()) {
      return current() != null;
    }
    Lock lock = enter();
    try {
      return current() != null;
    } catch (HyperbeeException e) {
      throw DbErrors.toDbException(e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Map.Entry<byte[], byte[]> peekNext() {
    Lock lock = enter();
    try {
      requireCurrent();
      if (currentGiven) {
        standOnForward();
      }
      return toMapEntry(current, true);
    } catch (HyperbeeException e) {
      throw DbErrors.toDbException(e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Map.Entry<byte[], byte[]> next() {
    checkOpen();
    if (currentKnown && current != null && forward != null && forward.buffered()) {
      return step(); // current is forward's next entry, read already
    }
    Lock lock = enter();
    try {
      requireCurrent();
      if (forward == null) { // only after prev() or seekToLast(), which leave current known
        standOnForward();
      }
      return step();
    } catch (HyperbeeException e) {
      throw DbErrors.toDbException(e);
    } finally {
      lock.unlock();
    }
  }

  /** Moves past {@code current}, forward's next entry (read, never handed out), and returns it. */
  private Map.Entry<byte[], byte[]> step() {
    Entry entry = forward.next();
    currentKnown = false; // forward's next entry, read only when needed
    backward = null;
    return toMapEntry(entry, false);
  }

  /**
   * Starts forward at the entry we stand on (after prev() or seekToLast()) and stands on its
   * fresh copy of it: the pinned version has not changed, so it is the same entry.
   */
  private void standOnForward() {
    forward = new Ahead(view.range(KeyRange.all().gte(current.key()), true));
    current = forward.peek();
    currentGiven = false;
  }

  @Override
  public boolean hasPrev() {
    checkOpen();
    if (currentKnown && current != null && backward != null && backward.buffered()) {
      return true;
    }
    Lock lock = enter();
    try {
      return current() != null && backward().hasNext();
    } catch (HyperbeeException e) {
      throw DbErrors.toDbException(e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Map.Entry<byte[], byte[]> peekPrev() {
    Lock lock = enter();
    try {
      return toMapEntry(requirePrevious().peek(), true);
    } catch (HyperbeeException e) {
      throw DbErrors.toDbException(e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Map.Entry<byte[], byte[]> prev() {
    checkOpen();
    if (currentKnown && current != null && backward != null && backward.buffered()) {
      return stepBack(); // the previous entry was read already
    }
    Lock lock = enter();
    try {
      requirePrevious();
      return stepBack();
    } catch (HyperbeeException e) {
      throw DbErrors.toDbException(e);
    } finally {
      lock.unlock();
    }
  }

  /** Moves to backward's next entry, which is read already, and returns it. */
  private Map.Entry<byte[], byte[]> stepBack() {
    Entry entry = backward.next();
    current = new Entry(entry.seq(), entry.key().clone(), entry.value());
    currentKnown = true;
    currentGiven = true;
    forward = null;
    return toMapEntry(entry, false);
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

  private void seekTo(KeyRange range) {
    unpositioned = false;
    forward = new Ahead(view.range(range, true));
    backward = null;
    currentKnown = false;
    currentGiven = false;
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

  private Ahead backward() {
    if (backward == null) {
      backward = new Ahead(view.range(KeyRange.all().lt(current.key()).reverse(true), true));
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

  private Ahead requirePrevious() {
    requireCurrent();
    Ahead it = backward();
    if (!it.hasNext()) {
      throw new NoSuchElementException();
    }
    return it;
  }

  private void checkOpen() {
    if (closed) {
      throw new DBException("iterator is closed");
    }
    if (db.isClosed()) {
      throw DbErrors.closed();
    }
  }

  /** Takes the database's read lock for a step that may read; fails when anything is closed. */
  private Lock enter() {
    if (closed) {
      throw new DBException("iterator is closed");
    }
    return db.enter();
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
