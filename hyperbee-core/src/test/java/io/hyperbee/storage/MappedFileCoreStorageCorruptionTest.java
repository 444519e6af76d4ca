package io.hyperbee.storage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Every {@link FileCoreStorageCorruptionTest} again with the damaged files read through mappings
 * (256-byte chunks, so records and blocks also straddle chunk boundaries): damage is reported with
 * the same codes, files and offsets.
 */
class MappedFileCoreStorageCorruptionTest extends FileCoreStorageCorruptionTest {
  @BeforeEach
  void mapEverything() {
    MappedSettings.use(8, 1);
  }

  @AfterEach
  void defaults() {
    MappedSettings.reset();
  }
}
