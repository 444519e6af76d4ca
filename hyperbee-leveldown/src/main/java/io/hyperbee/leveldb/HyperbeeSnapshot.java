package io.hyperbee.leveldb;

import io.hyperbee.btree.Hyperbee;
import org.iq80.leveldb.DBException;
import org.iq80.leveldb.Snapshot;

/**
 * A LevelDB snapshot is a Hyperbee checkout: the tree as it was at one length of the append-only
 * log, which later writes never change. Closing makes further reads through it fail with a
 * DBException; iterators opened on it hold their own checkout and keep working.
 */
final class HyperbeeSnapshot implements Snapshot {
  private final HyperbeeDB owner;
  private final Hyperbee view;
  private final long version;
  private volatile boolean closed;

  HyperbeeSnapshot(HyperbeeDB owner, Hyperbee view) {
    this.owner = owner;
    this.view = view;
    this.version = view.version();
  }

  /** The checkout to read through for {@code db}, checked to belong to it and to be open. */
  Hyperbee viewFor(HyperbeeDB db) {
    if (!owner.sameStore(db)) {
      throw new DBException("snapshot belongs to another database");
    }
    if (closed) {
      throw new DBException("snapshot is closed");
    }
    return view;
  }

  long version() {
    return version;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    owner.closeView(view);
  }

  @Override
  public String toString() {
    return "HyperbeeSnapshot{version=" + version + (closed ? ", closed" : "") + "}";
  }
}
