package io.hyperbee.btree;

import java.util.Iterator;

/**
 * An iterator over a bee read that can be closed early. Closing is only required for live
 * history iterators (it wakes a thread blocked in {@link #hasNext()}); closing others is harmless.
 */
public interface BeeIterator<T> extends Iterator<T>, AutoCloseable {
  @Override
  void close();
}
