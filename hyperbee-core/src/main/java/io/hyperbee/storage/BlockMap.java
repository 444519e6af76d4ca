package io.hyperbee.storage;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the index says, kept in memory so that "is this range stored?" and "how many live bytes
 * does each data segment hold?" cost no I/O: the ranges of blocks below the length that are not
 * stored (holes of a sparse replica, and separately the cleared ones), and the live bytes per
 * segment. Built from one scan of the index the first time it is needed, then kept up to date by
 * the writer with every commit; the index stays the persistent truth (its changes are journaled),
 * so nothing here needs a crash protocol of its own. Thread-safe (every method synchronized).
 */
final class BlockMap {
  private final Ranges holes = new Ranges();
  private final Ranges cleared = new Ranges();
  private final Map<Long, Long> liveBySegment = new HashMap<>();
  private long liveBytes;
  private long length;

  /** Adds what entry {@code e}, stored in segment {@code segment} (null: not stored), says. */
  synchronized void add(BlockFiles.Entry e, DataSegments.Segment segment) {
    length = Math.max(length, e.index() + 1);
    switch (e.state()) {
      case ABSENT -> holes.add(e.index());
      case CLEARED -> cleared.add(e.index());
      case PRESENT -> {
        liveBytes += e.length();
        liveBySegment.merge(segment == null ? -1L : segment.start(), (long) e.length(), Long::sum);
      }
    }
  }

  /** Takes back what {@link #add} added for {@code e}. */
  synchronized void remove(BlockFiles.Entry e, DataSegments.Segment segment) {
    switch (e.state()) {
      case ABSENT -> holes.remove(e.index());
      case CLEARED -> cleared.remove(e.index());
      case PRESENT -> {
        liveBytes -= e.length();
        liveBySegment.merge(segment == null ? -1L : segment.start(), (long) -e.length(), Long::sum);
      }
    }
  }

  /** The core grew to {@code newLength} without the blocks in between (yet): they are holes. */
  synchronized void grow(long newLength) {
    if (newLength > length) {
      holes.addRange(length, newLength);
      length = newLength;
    }
  }

  /** The core was cut to {@code newLength} (the dropped blocks' entries were {@link #remove}d). */
  synchronized void cut(long newLength) {
    holes.removeFrom(newLength);
    cleared.removeFrom(newLength);
    length = Math.min(length, newLength);
  }

  /** True when every block of {@code [start, end)} is stored. */
  synchronized boolean hasAll(long start, long end) {
    return end <= length && !holes.overlaps(start, end) && !cleared.overlaps(start, end);
  }

  synchronized boolean isCleared(long index) {
    return cleared.overlaps(index, index + 1);
  }

  synchronized long clearedBlocks() {
    return cleared.count();
  }

  synchronized long missingBlocks() {
    return holes.count();
  }

  synchronized long liveBytes() {
    return liveBytes;
  }

  /** Live bytes stored in the segment starting at {@code start}. */
  synchronized long liveIn(long start) {
    return liveBySegment.getOrDefault(start, 0L);
  }

  /** A set of block indexes as disjoint ranges {@code start -> end} (exclusive). */
  private static final class Ranges {
    private final TreeMap<Long, Long> ranges = new TreeMap<>();
    private long count;

    void add(long i) {
      addRange(i, i + 1);
    }

    void addRange(long start, long end) {
      Map.Entry<Long, Long> before = ranges.floorEntry(start);
      if (before != null && before.getValue() >= start) {
        start = before.getKey();
        end = Math.max(end, before.getValue());
        count -= before.getValue() - before.getKey();
        ranges.remove(before.getKey());
      }
      Map.Entry<Long, Long> next = ranges.ceilingEntry(start);
      while (next != null && next.getKey() <= end) {
        end = Math.max(end, next.getValue());
        count -= next.getValue() - next.getKey();
        ranges.remove(next.getKey());
        next = ranges.ceilingEntry(start);
      }
      ranges.put(start, end);
      count += end - start;
    }

    void remove(long i) {
      Map.Entry<Long, Long> r = ranges.floorEntry(i);
      if (r == null || r.getValue() <= i) {
        return;
      }
      ranges.remove(r.getKey());
      if (r.getKey() < i) {
        ranges.put(r.getKey(), i);
      }
      if (i + 1 < r.getValue()) {
        ranges.put(i + 1, r.getValue());
      }
      count--;
    }

    void removeFrom(long from) {
      Map.Entry<Long, Long> r = ranges.lowerEntry(from);
      if (r != null && r.getValue() > from) {
        ranges.put(r.getKey(), from);
        count -= r.getValue() - from;
      }
      for (Map.Entry<Long, Long> e : ranges.tailMap(from, true).entrySet()) {
        count -= e.getValue() - e.getKey();
      }
      ranges.tailMap(from, true).clear();
    }

    boolean overlaps(long start, long end) {
      Map.Entry<Long, Long> r = ranges.lowerEntry(end);
      return r != null && r.getValue() > start;
    }

    long count() {
      return count;
    }
  }
}
