package io.hyperbee.btree;

import java.util.NoSuchElementException;

/** Pull-one-ahead base: subclasses implement {@link #advance()}, returning null at the end. */
abstract class AbstractBeeIterator<T> implements BeeIterator<T> {
  private T next;
  private boolean done;

  /** The next element, or null when there is none. */
  protected abstract T advance();

  @Override
  public final boolean hasNext() {
    if (next == null && !done) {
      next = advance();
      if (next == null) {
        done = true;
      }
    }
    return next != null;
  }

  @Override
  public final T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    T t = next;
    next = null;
    return t;
  }

  @Override
  public void close() {
    done = true;
    next = null;
  }
}
