package io.hyperbee.storage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Every {@link FileCoreStorageTest} again, with each data, index and tree file mapped in 4 KiB chunks. */
class MappedFileCoreStorageTest extends FileCoreStorageTest {
  @BeforeEach
  void mapEverything() {
    MappedSettings.use(12, 1);
  }

  @AfterEach
  void defaults() {
    MappedSettings.reset();
  }
}
