package io.hyperbee.storage;

import static io.hyperbee.storage.CoreStorageContractTest.identity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A power loss at every file operation of creating a core: afterwards the directory holds either
 * no core or a whole empty one, never an identity without its files (the store files' directory
 * entries are forced before the identity is written).
 */
class CreationPowerLossTest {
  @TempDir Path tmp;

  @Test
  void aCoreIsCreatedWholeOrNotAtAll() throws Exception {
    Random random = new Random(42);
    int none = 0;
    int whole = 0;
    long unlinked = 0;
    for (int n = 1; n <= 40; n++) {
      Path dir = tmp.resolve("core-" + n);
      PowerLossFiles files = new PowerLossFiles();
      files.failAfter(n);
      try (FileCoreStorage s = FileCoreStorage.open(dir, true, true, true, files)) {
        s.create(identity(false, true));
      } catch (HyperbeeException e) {
        assertTrue(files.dead(), "failed without a power cut: " + e);
      }
      files.powerLoss(random);
      unlinked += files.filesUnlinked;
      try (FileCoreStorage s = FileCoreStorage.open(dir, false, false, true)) {
        assertNotNull(s.identity());
        assertEquals(0, s.head().length());
        whole++;
      } catch (HyperbeeException e) {
        assertEquals(ErrorCode.STORAGE_CONFLICT, e.code(), "cut at operation " + n + ": " + e.getMessage());
        none++;
      }
    }
    System.out.printf("power loss while creating: %d cut points, %d left no core, %d a whole one, %d files"
        + " unlinked%n", none + whole, none, whole, unlinked);
    assertTrue(none > 0 && whole > 0 && unlinked > 0, "the cuts covered both outcomes and lost created files");
  }
}
