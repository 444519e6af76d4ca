package io.hyperbee.leveldb;

import static io.hyperbee.leveldb.DbErrors.checkArgNotNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.iq80.leveldb.DBException;
import org.iq80.leveldb.WriteBatch;

/**
 * Puts and deletes buffered in order, applied by {@code DB.write} as one Hyperbee batch (one atomic
 * append). A buffer only: it can be written several times and to any HyperbeeDB, as LevelDB's
 * batches can. Keys and values are copied when added. One thread at a time.
 */
final class HyperbeeWriteBatch implements WriteBatch {
  /** One buffered operation; a null value means delete. */
  record Op(byte[] key, byte[] value) {}

  private final List<Op> ops = new ArrayList<>();
  private boolean closed;

  @Override
  public WriteBatch put(byte[] key, byte[] value) {
    checkArgNotNull(key, "key");
    checkArgNotNull(value, "value");
    checkOpen();
    ops.add(new Op(key.clone(), value.clone()));
    return this;
  }

  @Override
  public WriteBatch delete(byte[] key) {
    checkArgNotNull(key, "key");
    checkOpen();
    ops.add(new Op(key.clone(), null));
    return this;
  }

  List<Op> ops() {
    checkOpen();
    return Collections.unmodifiableList(ops);
  }

  private void checkOpen() {
    if (closed) {
      throw new DBException("write batch is closed");
    }
  }

  @Override
  public void close() {
    closed = true;
    ops.clear();
  }
}
