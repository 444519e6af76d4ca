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

  /** How many operations close() discarded: writing the batch after that is refused. */
  private int discarded;

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

  /**
   * The operations to write. A batch closed while empty writes as empty, as in iq80 and leveldbjni.
   * One closed while holding operations is refused: iq80 would write them and leveldbjni silently
   * writes nothing (its close freed them), so either answer is wrong for some client.
   */
  List<Op> ops() {
    if (closed && discarded > 0) {
      throw new DBException(
          "write batch was closed holding "
              + discarded
              + " operation(s), which closing discarded: nothing written (write before close)");
    }
    return Collections.unmodifiableList(ops);
  }

  private void checkOpen() {
    if (closed) {
      throw new DBException("write batch is closed");
    }
  }

  @Override
  public void close() {
    if (!closed) {
      discarded = ops.size();
    }
    closed = true;
    ops.clear();
  }
}
