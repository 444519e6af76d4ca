package io.hyperbee.btree;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;

/**
 * Blocks in seq order as put/del records (spec 6). A live iterator has no end: {@code hasNext()}
 * blocks until the next block is appended (woken by the core's append event, local or from a
 * peer) or the iterator (or bee) is closed.
 */
final class HistoryIterator extends AbstractBeeIterator<HistoryEntry> {
  private final BeeContext bee;
  private final Runnable guard;
  private final int prefixLength;
  private final boolean reverse;
  private final boolean live;
  private final long limitReadable;
  private long limit;
  private long gte;
  private long lt;
  private volatile boolean closed;

  HistoryIterator(
      BeeContext bee, HistoryRange range, long version, long limitReadable, int prefixLength,
      Runnable guard) {
    this.bee = bee;
    this.guard = guard;
    this.prefixLength = prefixLength;
    this.reverse = range.reverse();
    this.live = range.live();
    this.limit = range.limit();
    this.limitReadable = limitReadable;
    this.gte = range.start(version);
    this.lt = live ? Long.MAX_VALUE : range.end(version);
  }

  @Override
  protected HistoryEntry advance() {
    guard.run();
    if (limit == 0) {
      return null;
    }
    if (limit > 0) {
      limit--;
    }
    if (gte >= lt) {
      return null;
    }
    if (reverse) {
      if (lt <= 1) {
        return null;
      }
      return entry(--lt, limitReadable);
    }
    long seq = gte++;
    if (!live) {
      return entry(seq, limitReadable);
    }
    while (true) {
      long seen = bee.changes.count(); // before looking: a later append moves it
      if (closed || bee.closed()) {
        return null;
      }
      if (bee.core.length() > seq) {
        return entry(seq, seq + 1);
      }
      try {
        bee.changes.await(seen, Long.MAX_VALUE, () -> closed);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new HyperbeeException(ErrorCode.CLOSED, "interrupted while waiting for new blocks", e);
      }
    }
  }

  private HistoryEntry entry(long seq, long readable) {
    DecodedBlock b = bee.load(seq, readable);
    Entry e = Hyperbee.entryOf(b, prefixLength);
    HistoryEntry.Type type = b.isDeletion() ? HistoryEntry.Type.DEL : HistoryEntry.Type.PUT;
    return new HistoryEntry(type, e.seq(), e.key(), e.value());
  }

  @Override
  public void close() {
    closed = true;
    bee.changes.wake();
    super.close();
  }
}
