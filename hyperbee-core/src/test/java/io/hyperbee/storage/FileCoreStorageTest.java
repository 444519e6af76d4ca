package io.hyperbee.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.storage.StorageBatch.BlockWrite;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class FileCoreStorageTest extends CoreStorageContractTest {
  private static final AtomicInteger DIRS = new AtomicInteger();

  @TempDir Path tmp;

  @Override
  protected CoreStorage newStorage() {
    return FileCoreStorage.open(tmp.resolve("core-" + DIRS.incrementAndGet()), true, false, true);
  }

  private static FileCoreStorage createAt(Path dir, boolean sync) {
    FileCoreStorage s = FileCoreStorage.open(dir, true, true, sync);
    s.create(identity(false, true));
    return s;
  }

  @Test
  void everythingSurvivesReopening() {
    for (boolean sync : new boolean[] {true, false}) {
      Path dir = tmp.resolve("reopen-" + sync);
      FakeTree t = new FakeTree();
      List<byte[]> content = new ArrayList<>();
      try (FileCoreStorage s = createAt(dir, sync)) {
        for (int batch = 0; batch < 10; batch++) {
          List<byte[]> add = blocks(content.size(), content.size() + 3);
          s.commit(t.appendBatch(0, add));
          content.addAll(add);
        }
      }
      try (FileCoreStorage s = FileCoreStorage.open(dir, false, false, sync)) {
        CoreIdentity id = identity(false, true);
        assertArrayEquals(id.key(), s.identity().key());
        assertArrayEquals(id.manifest(), s.identity().manifest());
        assertArrayEquals(id.secretKey(), s.identity().secretKey());
        assertHolds(s, content, 0);
        // and it keeps growing where it stopped
        List<byte[]> add = blocks(content.size(), content.size() + 4);
        s.commit(t.appendBatch(0, add));
        content.addAll(add);
      }
      try (FileCoreStorage s = FileCoreStorage.open(dir, false, false, sync)) {
        assertHolds(s, content, 0);
      }
    }
  }

  @Test
  void truncationAndSparseBlocksSurviveReopening() {
    Path dir = tmp.resolve("core");
    List<byte[]> content = blocks(0, 9);
    FakeTree kept = FakeTree.of(content.subList(0, 5));
    try (FileCoreStorage s = createAt(dir, true)) {
      s.commit(new FakeTree().appendBatch(0, content));
      s.commit(new StorageBatch(5, List.of(), List.of(), kept.head(1)));
    }
    try (FileCoreStorage s = FileCoreStorage.open(dir, false, false, true)) {
      assertHolds(s, content.subList(0, 5), 1);
      assertNull(s.readNode(7));
    }
    Path replica = tmp.resolve("replica");
    FakeTree full = FakeTree.of(content);
    try (FileCoreStorage s = createAt(replica, false)) {
      s.commit(new StorageBatch(-1, List.of(), full.roots(), full.head(0)));
      s.commit(new StorageBatch(-1, List.of(new BlockWrite(6, content.get(6))), List.of(), null));
    }
    try (FileCoreStorage s = FileCoreStorage.open(replica, false, false, false)) {
      assertArrayEquals(content.get(6), s.readBlock(6));
      assertNull(s.readBlock(5));
      assertEquals(9, s.head().length());
    }
  }

  @Test
  void aSparseBlockIsNotHeldBeforeItCanBeRead() {
    // a replica's reader asks hasAll whether to fetch; a true answer while readBlock still gave
    // null made a read fail ("not available from the source") during the commit of that block
    List<byte[]> content = blocks(0, 9);
    FakeTree full = FakeTree.of(content);
    List<String> seen = new ArrayList<>();
    FileCoreStorage[] storage = new FileCoreStorage[1];
    WriteHookFiles hooked = new WriteHookFiles("index", (position, bytes) -> {
      FileCoreStorage s = storage[0];
      if (s != null && s.hasAll(6, 7) && s.readBlock(6) == null) {
        seen.add("held but unreadable before the index write at " + position);
      }
    });
    try (FileCoreStorage s = FileCoreStorage.open(tmp.resolve("hooked"), true, true, false, hooked)) {
      s.create(identity(false, false));
      s.commit(new StorageBatch(-1, List.of(), full.roots(), full.head(0)));
      assertFalse(s.hasAll(6, 7)); // (builds the map before the hook asks: the writer thread may not)
      storage[0] = s;
      s.commit(new StorageBatch(-1, List.of(new BlockWrite(6, content.get(6))), List.of(), null));
      assertTrue(s.hasAll(6, 7));
      s.clear(6, 7); // and fetched again after a clear
      assertFalse(s.hasAll(6, 7));
      s.commit(new StorageBatch(-1, List.of(new BlockWrite(6, content.get(6))), List.of(), null));
      assertArrayEquals(content.get(6), s.readBlock(6));
    }
    assertEquals(List.of(), seen);
  }

  @Test
  void anUnsyncedSparseCommitForcesItsFilesTogether() {
    // a replica opened with sync(false) forces every read-through block (a rewrite below the
    // length); one force after another per file made each block cost several device flushes
    Path replica = tmp.resolve("unsynced-replica");
    List<byte[]> content = blocks(0, 9);
    FakeTree full = FakeTree.of(content);
    try (FileCoreStorage s = createAt(replica, false)) {
      s.commit(new StorageBatch(-1, List.of(), full.roots(), full.head(0)));
      s.commit(new StorageBatch(-1, List.of(new BlockWrite(6, content.get(6))), List.of(), null));
      String forcer = "hyperbee-storage-sync " + replica.getFileName();
      assertTrue(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(forcer)),
          "the files were forced together, from the storage's sync threads");
      assertArrayEquals(content.get(6), s.readBlock(6));
    }
  }

  @Test
  void openFlagsAreHonoured() {
    Path dir = tmp.resolve("flags");
    assertCode(ErrorCode.STORAGE_CONFLICT, () -> FileCoreStorage.open(dir, false, false, true));
    assertTrue(Files.notExists(dir));
    createAt(dir, true).close();
    assertCode(ErrorCode.STORAGE_CONFLICT, () -> FileCoreStorage.open(dir, true, true, true));
    try (FileCoreStorage s = FileCoreStorage.open(dir, false, false, true)) {
      assertCode(ErrorCode.LOCKED, () -> FileCoreStorage.open(dir, false, false, true)); // locked
      assertEquals(dir, s.directory());
    }
    Path empty = tmp.resolve("empty");
    FileCoreStorage.open(empty, true, false, true).close(); // opened, never created
    assertCode(ErrorCode.STORAGE_CONFLICT, () -> FileCoreStorage.open(empty, false, false, true));
  }

  @Test
  void secretKeyIsOwnerOnly() throws IOException {
    Path dir = tmp.resolve("keys");
    createAt(dir, true).close();
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("secret-key"))));
    assertTrue(Files.notExists(dir.resolve("secret-key.tmp")));
    Path readOnly = tmp.resolve("read-only");
    try (FileCoreStorage s = FileCoreStorage.open(readOnly, true, true, true)) {
      s.create(identity(true, false));
    }
    assertTrue(Files.notExists(readOnly.resolve("secret-key")));
    try (FileCoreStorage s = FileCoreStorage.open(readOnly, false, false, true)) {
      assertNull(s.identity().secretKey());
      assertTrue(s.identity().compat());
    }
  }

  @Test
  void aTornAppendIsRolledBack() throws IOException {
    Path dir = tmp.resolve("torn");
    List<byte[]> content = blocks(0, 5);
    try (FileCoreStorage s = createAt(dir, true)) {
      s.commit(new FakeTree().appendBatch(0, content));
    }
    // what a crash between the data writes and the head write leaves: bytes past the head everywhere
    long dataSize = Files.size(dir.resolve("data"));
    appendJunk(dir.resolve("data"), 100);
    appendJunk(dir.resolve("index"), 16 * 3);
    appendJunk(dir.resolve("tree"), 48 * 7);
    try (FileCoreStorage s = FileCoreStorage.open(dir, false, false, true)) {
      assertHolds(s, content, 0);
      assertEquals(dataSize, Files.size(dir.resolve("data")));
      assertEquals(16 * 5, Files.size(dir.resolve("index")));
      FakeTree t = FakeTree.of(content);
      s.commit(t.appendBatch(0, blocks(5, 9)));
      assertHolds(s, blocks(0, 9), 0);
    }
  }

  private static void appendJunk(Path file, int n) throws IOException {
    byte[] junk = filled(n, n);
    Files.write(file, junk, StandardOpenOption.APPEND);
  }

  @Test
  void aJournalledCommitInterruptedBeforeItsHeadIsReplayed() throws IOException {
    Path dir = tmp.resolve("journal");
    List<byte[]> content = blocks(0, 6);
    FakeTree full = FakeTree.of(content);
    long seq;
    try (FileCoreStorage s = createAt(dir, true)) {
      s.commit(new StorageBatch(-1, List.of(), full.roots(), full.head(0)));
      seq = new HeadFile(StoreFile.open(dir.resolve("head"))).readNewest().seq();
    }
    // the journal record of the next commit is complete, nothing of it reached the other files
    try (StoreFile journalFile = StoreFile.open(dir.resolve("journal"))) {
      long dataEnd = Files.size(dir.resolve("data"));
      CommitPlan plan = new CommitPlan(-1, dataEnd, List.of(new BlockWrite(4, content.get(4))), List.of(),
          new HeadRecord(seq + 1, full.head(0), dataEnd + content.get(4).length));
      new Journal(journalFile).write(plan);
    }
    try (FileCoreStorage s = FileCoreStorage.open(dir, false, false, true)) {
      assertArrayEquals(content.get(4), s.readBlock(4));
      assertNull(s.readBlock(3));
    }
    // replayed once: a stale record is ignored on the next open
    try (FileCoreStorage s = FileCoreStorage.open(dir, false, false, true)) {
      s.commit(new StorageBatch(-1, List.of(new BlockWrite(3, content.get(3))), List.of(), null));
      assertArrayEquals(content.get(4), s.readBlock(4));
    }
    try (FileCoreStorage s = FileCoreStorage.open(dir, false, false, true)) {
      assertArrayEquals(content.get(3), s.readBlock(3));
      assertArrayEquals(content.get(4), s.readBlock(4));
    }
  }

  @Test
  void anInterruptedReaderDoesNotCloseTheStorage() throws Exception {
    try (FileCoreStorage s = createAt(tmp.resolve("interrupt"), false)) {
      s.commit(new FakeTree().appendBatch(0, blocks(0, 4)));
      Thread reader = new Thread(() -> {
        Thread.currentThread().interrupt();
        for (int i = 0; i < 100; i++) {
          assertArrayEquals(block(i % 4), s.readBlock(i % 4));
        }
        assertTrue(Thread.currentThread().isInterrupted(), "interrupt status kept");
      });
      List<Throwable> failures = new ArrayList<>();
      reader.setUncaughtExceptionHandler((t, e) -> failures.add(e));
      reader.start();
      reader.join();
      assertEquals(List.of(), failures);
      assertArrayEquals(block(2), s.readBlock(2));
      s.commit(FakeTree.of(blocks(0, 4)).appendBatch(0, blocks(4, 5)));
      assertArrayEquals(block(4), s.readBlock(4));
    }
  }

  @Test
  void theFirstIoFailureIsLatched() throws IOException {
    Path dir = tmp.resolve("latch");
    FakeTree t = new FakeTree();
    try (FileCoreStorage s = createAt(dir, false)) {
      s.commit(t.appendBatch(0, blocks(0, 3)));
      s.files().get(1).close(); // the data file fails under the storage's feet
      HyperbeeException first = assertThrows(HyperbeeException.class, () -> s.commit(t.appendBatch(0, blocks(3, 4))));
      assertEquals(ErrorCode.IO_ERROR, first.code());
      for (Executable later : List.<Executable>of(s::head, () -> s.readNode(0), () -> s.readBlock(0),
          () -> s.commit(new StorageBatch(-1, List.of(), List.of(), null)))) {
        HyperbeeException e = assertThrows(HyperbeeException.class, later);
        assertEquals(ErrorCode.IO_ERROR, e.code());
        assertSame(first, e.getCause());
      }
    }
    try (FileCoreStorage s = FileCoreStorage.open(dir, false, false, false)) { // nothing of the failed commit
      assertHolds(s, blocks(0, 3), 0);
    }
  }

  static void flipByte(Path file, long offset) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, offset);
      b.put(0, (byte) (b.get(0) ^ 0x5A)).rewind();
      ch.write(b, offset);
    }
  }
}
