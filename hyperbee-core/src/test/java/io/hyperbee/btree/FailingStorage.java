package io.hyperbee.btree;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.merkle.Node;
import io.hyperbee.storage.CoreHead;
import io.hyperbee.storage.CoreIdentity;
import io.hyperbee.storage.CoreStorage;
import io.hyperbee.storage.MemoryCoreStorage;
import io.hyperbee.storage.StorageBatch;
import io.hyperbee.storage.WholeLengths;
import java.util.function.Predicate;

/**
 * Memory storage whose commits fail, with nothing stored, while a test arms it. Closing leaves
 * the memory as it is, so a test can reopen a core on it (a core refuses writes after a failed
 * commit until reopened).
 */
final class FailingStorage implements CoreStorage {
  private final MemoryCoreStorage inner = new MemoryCoreStorage();
  /** Commits this accepts fail (null: none does). */
  volatile Predicate<StorageBatch> fails;

  @Override public CoreIdentity identity() { return inner.identity(); }
  @Override public void create(CoreIdentity identity) { inner.create(identity); }
  @Override public CoreHead head() { return inner.head(); }
  @Override public byte[] readBlock(long index) { return inner.readBlock(index); }
  @Override public Node readNode(long index) { return inner.readNode(index); }
  @Override public WholeLengths wholeLengths() { return inner.wholeLengths(); }
  @Override public void close() {}

  @Override
  public void commit(StorageBatch batch) {
    Predicate<StorageBatch> f = fails;
    if (f != null && f.test(batch)) {
      throw new HyperbeeException(ErrorCode.IO_ERROR, "disk full (test)");
    }
    inner.commit(batch);
  }
}
