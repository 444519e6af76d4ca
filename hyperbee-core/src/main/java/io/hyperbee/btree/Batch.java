package io.hyperbee.btree;

import java.util.Iterator;

/**
 * A group of writes appended atomically by {@link #flush()}; reads through the batch see its own
 * pending writes. Holds the bee's write lock from its first write until flush or close.
 * CONTRACT SKELETON: the B-tree work fills this in (methods may be added, none removed).
 */
public final class Batch implements AutoCloseable {
  private Batch() {}

  public void put(byte[] key, byte[] value) {
    throw new UnsupportedOperationException("skeleton");
  }

  public boolean put(byte[] key, byte[] value, Cas cas) {
    throw new UnsupportedOperationException("skeleton");
  }

  public void del(byte[] key) {
    throw new UnsupportedOperationException("skeleton");
  }

  public boolean del(byte[] key, Cas cas) {
    throw new UnsupportedOperationException("skeleton");
  }

  public Entry get(byte[] key) {
    throw new UnsupportedOperationException("skeleton");
  }

  public Entry peek(KeyRange range) {
    throw new UnsupportedOperationException("skeleton");
  }

  public Iterator<Entry> range(KeyRange range) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** Appends every pending block in one atomic append and releases the lock. */
  public void flush() {
    throw new UnsupportedOperationException("skeleton");
  }

  /** Discards pending writes and releases the lock. */
  @Override
  public void close() {
    throw new UnsupportedOperationException("skeleton");
  }
}
