package io.hyperbee.storage;

import java.util.Arrays;

/**
 * The lengths of a core known to be whole versions: where its appends ended. An append of several
 * blocks (a B-tree batch) is atomic, and a length strictly inside it names no state the writer
 * ever had. The writer records the end of every append; a replica records the signed lengths it
 * verified (a writer signs only lengths it reached).
 *
 * <p>{@link #knownFrom()} is the length from which the record is complete (-1: nowhere, as on a
 * replica): from there on a length is whole exactly when it is recorded. Below it, a recorded
 * length is whole and any other is {@link Status#UNKNOWN}. A store made before lengths were
 * recorded starts its record at its length when it first appends.
 *
 * <p>Immutable: a snapshot of the storage's record. Snapshots share one append-only array; a
 * snapshot's own prefix of it never changes, so appending costs no copy (one writer appends).
 */
public final class WholeLengths {
  /** What the record says of a length. */
  public enum Status {
    /** An append ended there. */
    WHOLE,
    /** In the span the record covers completely, and no append ended there. */
    INSIDE,
    /** Below the span the record covers, and not recorded: the record cannot tell. */
    UNKNOWN
  }

  /** No record at all. */
  public static final WholeLengths NONE = new WholeLengths(-1, new Buffer(new long[0]), 0);

  /** The array snapshots share; {@code used} is how far the newest snapshot fills it. */
  private static final class Buffer {
    final long[] values;
    int used;

    Buffer(long[] values) {
      this.values = values;
    }
  }

  private final long knownFrom;
  private final Buffer buffer;
  private final int size;

  private WholeLengths(long knownFrom, Buffer buffer, int size) {
    this.knownFrom = knownFrom;
    this.buffer = buffer;
    this.size = size;
  }

  /** The length from which every whole length is recorded, or -1 when the record is nowhere complete. */
  public long knownFrom() {
    return knownFrom;
  }

  /** How many lengths are recorded (the known-from length counts as one). */
  public int size() {
    return size;
  }

  /** Recorded length {@code i}, in ascending order. */
  public long get(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException("length " + i + " of " + size);
    }
    return buffer.values[i];
  }

  /** The largest recorded length, or -1 when none is. */
  public long last() {
    return size == 0 ? -1 : buffer.values[size - 1];
  }

  /** Whether {@code length} is recorded as whole. */
  public boolean contains(long length) {
    return Arrays.binarySearch(buffer.values, 0, size, length) >= 0;
  }

  /** What the record says of {@code length}. */
  public Status status(long length) {
    if (contains(length)) {
      return Status.WHOLE;
    }
    return knownFrom >= 0 && length > knownFrom ? Status.INSIDE : Status.UNKNOWN;
  }

  /**
   * The largest whole length at or below {@code limit} when the record can tell it exactly (the
   * answer lies in the complete span), else -1.
   */
  public long lastWholeAtOrBelow(long limit) {
    if (knownFrom < 0 || limit < knownFrom) {
      return -1;
    }
    int i = Arrays.binarySearch(buffer.values, 0, size, limit);
    return buffer.values[i >= 0 ? i : -i - 2];
  }

  /**
   * This record with {@code added} (ascending, each above {@link #last()}) recorded, starting the
   * complete span at {@code newKnownFrom} first when it is not negative and the record has no span
   * yet (a record complete from earlier already is from there too: the start is then ignored).
   *
   * @throws IllegalArgumentException when the lengths are not ascending past the record
   */
  public WholeLengths with(long newKnownFrom, long[] added) {
    long[] all = lengthsToAdd(newKnownFrom, added);
    long from = newKnownFrom >= 0 && knownFrom < 0 ? newKnownFrom : knownFrom;
    if (all.length == 0 && from == knownFrom) {
      return this;
    }
    Buffer b = buffer;
    synchronized (b) {
      if (b.used != size || size + all.length > b.values.length) {
        Buffer grown = new Buffer(Arrays.copyOf(b.values, Math.max(16, 2 * (size + all.length))));
        grown.used = size;
        b = grown;
      }
      System.arraycopy(all, 0, b.values, size, all.length);
      b.used = size + all.length;
    }
    return new WholeLengths(from, b, size + all.length);
  }

  /**
   * Checks that {@link #with} would take these lengths, changing nothing.
   *
   * @throws IllegalArgumentException when the lengths are not ascending past the record
   */
  public void checkAddable(long newKnownFrom, long[] added) {
    lengthsToAdd(newKnownFrom, added);
  }

  private long[] lengthsToAdd(long newKnownFrom, long[] added) {
    long[] all = added;
    if (newKnownFrom >= 0 && knownFrom < 0) {
      if (newKnownFrom != last()) {
        all = new long[added.length + 1];
        all[0] = newKnownFrom;
        System.arraycopy(added, 0, all, 1, added.length);
      }
    }
    long previous = last();
    for (long v : all) {
      if (v <= previous) {
        throw new IllegalArgumentException(
            "whole length " + v + " is not above the last recorded one, " + previous);
      }
      previous = v;
    }
    return all;
  }

  /**
   * The record after a truncation to {@code length}: lengths above it are dropped, and when the
   * record has a complete span, {@code length} (the new head, whole from now on) is recorded and
   * the span starts no later than it.
   */
  public WholeLengths truncatedTo(long length) {
    int i = Arrays.binarySearch(buffer.values, 0, size, length);
    int kept = i >= 0 ? i + 1 : -i - 1;
    long[] values = Arrays.copyOf(buffer.values, kept + 1);
    long from = knownFrom;
    if (knownFrom >= 0) {
      from = Math.min(knownFrom, length);
      if (i < 0) {
        values[kept++] = length;
      }
    }
    Buffer b = new Buffer(values);
    b.used = kept;
    return new WholeLengths(from, b, kept);
  }

  /** The record of the first {@code count} lengths, the span being complete from {@code from}. */
  static WholeLengths of(long from, long[] values, int count) {
    Buffer b = new Buffer(Arrays.copyOf(values, Math.max(count, 16)));
    b.used = count;
    return new WholeLengths(from, b, count);
  }

  @Override
  public String toString() {
    return "WholeLengths{knownFrom=" + knownFrom + ", " + size + " recorded, last=" + last() + "}";
  }
}
