package io.hyperbee.storage;

/** The storage contract on the in-memory storage. */
class MemoryCoreStorageTest extends CoreStorageContractTest {
  @Override
  protected CoreStorage newStorage() {
    return new MemoryCoreStorage();
  }

  @Override
  protected boolean validatesArguments() {
    return false; // MemoryCoreStorage does not apply CheckedBatch yet (see the storage report)
  }
}
