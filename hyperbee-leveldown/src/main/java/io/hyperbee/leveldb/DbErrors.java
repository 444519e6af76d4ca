package io.hyperbee.leveldb;

import io.hyperbee.HyperbeeException;
import org.iq80.leveldb.DBException;

/** Argument checks and the one place where project exceptions become DBExceptions. */
final class DbErrors {
  private DbErrors() {}

  static DBException toDbException(HyperbeeException e) {
    return new DBException(e.getMessage(), e);
  }

  /** leveldbjni's wording for null arguments, which Hyperbee follows. */
  static <T> T checkArgNotNull(T value, String name) {
    if (value == null) {
      throw new IllegalArgumentException("The " + name + " argument cannot be null");
    }
    return value;
  }

  static DBException closed() {
    return new DBException("Closed");
  }
}
