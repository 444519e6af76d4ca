package io.hyperbee.storage;

import static io.hyperbee.storage.CoreStorageContractTest.identity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer per store (issue 12, defect 4): a core's directory lock is held from open to close
 * whatever else happens in the owning process, and is seen as held by every other process.
 */
class DirectoryLockTest {
  @TempDir Path tmp;

  private static FileCoreStorage create(Path dir, boolean sync) {
    FileCoreStorage s = FileCoreStorage.open(dir, true, true, sync);
    s.create(identity(false, true));
    return s;
  }

  private static void assertLocked(Runnable open, String inThe) {
    HyperbeeException e = assertThrows(HyperbeeException.class, open::run);
    assertEquals(ErrorCode.LOCKED, e.code(), e.getMessage());
    assertTrue(e.getMessage().contains(inThe), e.getMessage());
  }

  @Test
  void failedSecondOpensInTheOwningProcessKeepTheOwnersLock() throws Exception {
    Path dir = tmp.resolve("core");
    FakeTree tree = new FakeTree();
    try (FileCoreStorage owner = create(dir, true)) {
      for (int k = 0; k < 3; k++) {
        assertLocked(() -> FileCoreStorage.open(dir, false, false, false), "already open in this process");
        owner.commit(tree.appendBatch(0, CoreStorageContractTest.blocks(k, k + 1))); // synced: forces every file
        assertEquals("LOCKED", LockProbe.probe(dir, "lock"), "after failed open " + k + " and a synced commit");
      }
      assertEquals(3, owner.head().length());
    }
    assertEquals("FREE", LockProbe.probe(dir, "lock"), "after close");
    try (FileCoreStorage again = FileCoreStorage.open(dir, false, false, true)) {
      assertEquals(3, again.head().length());
    }
  }

  @Test
  void anotherProcessIsRefusedWhileTheCoreIsOpen() throws Exception {
    Path dir = tmp.resolve("core");
    create(dir, false).close();
    try (ChildJvm holder = ChildJvm.start(LockProbe.class, "hold", dir.toString())) {
      assertEquals("READY 0", holder.nextLine(120));
      assertLocked(() -> FileCoreStorage.open(dir, false, false, false), "another process has it open");
      assertLocked(() -> FileCoreStorage.open(dir, false, false, false), "another process has it open");
      holder.kill(); // kill -9: the OS drops the lock with the process
    }
    try (FileCoreStorage s = FileCoreStorage.open(dir, false, false, true)) {
      assertEquals(0, s.head().length());
    }
  }
}
