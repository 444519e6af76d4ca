package io.hyperbee.storage;

import static io.hyperbee.storage.CoreStorageContractTest.assertHolds;
import static io.hyperbee.storage.CoreStorageContractTest.identity;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.storage.StorageBatch.BlockWrite;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes through read-write mappings ({@link StoreFile}'s mapped writes): pre-extension in steps,
 * the logical size, chunk edges, truncation, the zero tail a crash leaves, and that a power-loss
 * simulator sees such writes as volatile until forced.
 */
class MappedWritesTest {
  @TempDir Path tmp;

  @AfterEach
  void defaults() {
    MappedSettings.reset();
  }

  private static byte[] pattern(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    for (int i = 0; i < n; i++) {
      b[i] |= 1; // no zero byte: a zeroed range is never mistaken for written bytes
    }
    return b;
  }

  private static byte[] read(StoreFile f, long position, int length) throws IOException {
    byte[] got = new byte[length];
    assertEquals(length, f.read(got, 0, length, position));
    return got;
  }

  @Test
  void writesGoThroughTheMappingAcrossChunksAndTheFileGrowsInSteps() throws IOException {
    MappedSettings.use(12, 1L << 40); // 4 KiB chunks; the read threshold does not matter to writes
    Path path = tmp.resolve("f");
    byte[] p = pattern(300_000, 1);
    try (StoreFile f = StoreFile.open(path, true)) {
      assertTrue(f.isWriteMapped());
      f.write(ByteBuffer.wrap(p, 0, 100), 0);
      assertEquals(100, f.size(), "the logical size");
      assertEquals(StoreFile.MIN_WRITE_STEP, f.mappedSize(), "the first step");
      assertEquals(StoreFile.MIN_WRITE_STEP, Files.size(path), "pre-extended to it");
      f.write(ByteBuffer.wrap(p, 100, 9_900), 100); // crosses two chunk edges
      assertArrayEquals(Arrays.copyOf(p, 10_000), read(f, 0, 10_000));
      f.write(ByteBuffer.wrap(p, 10_000, 290_000), 10_000); // past the mapping: grows it
      assertEquals(300_000, f.size());
      assertTrue(f.mappedSize() >= 300_000 && f.mappedSize() % StoreFile.MIN_WRITE_STEP == 0, "" + f.mappedSize());
      assertArrayEquals(p, read(f, 0, p.length));
      f.trimToSize();
      assertEquals(300_000, Files.size(path), "the zero tail is cut before a clean close");
    }
    assertArrayEquals(p, Files.readAllBytes(path));
  }

  @Test
  void aTruncationZeroesTheMappedBytesAndLowersTheLogicalSize() throws IOException {
    MappedSettings.use(12, 1L << 40);
    Path path = tmp.resolve("f");
    byte[] p = pattern(40_000, 2);
    try (StoreFile f = StoreFile.open(path, true)) {
      f.write(ByteBuffer.wrap(p), 0);
      long mapped = f.mappedSize();
      assertTrue(f.truncate(5000));
      assertEquals(5000, f.size());
      assertEquals(mapped, f.mappedSize(), "never cut below the mapping");
      assertArrayEquals(new byte[35_000], read(f, 5000, 35_000), "zeroed");
      assertArrayEquals(Arrays.copyOf(p, 5000), read(f, 0, 5000));
      assertFalse(f.truncate(5000), "nothing left to zero");
      assertFalse(f.truncate(8000), "longer than the logical size: nothing to do");
      f.write(ByteBuffer.wrap(p, 0, 10), 5000);
      assertEquals(5010, f.size());
      f.trimToSize();
    }
    assertEquals(5010, Files.size(path));
  }

  @Test
  void cuttingAZeroTailIsNoChangeButCuttingWrittenBytesIs() throws IOException {
    Path path = tmp.resolve("f");
    byte[] p = pattern(1000, 3);
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(p), 0);
      ch.write(ByteBuffer.allocate(1), 100_000); // a crash left the zero tail of a pre-extension
    }
    try (StoreFile f = StoreFile.open(path, true)) {
      assertTrue(f.writtenPast(999));
      assertFalse(f.writtenPast(1000), "zeros only");
      assertFalse(f.writtenPast(200_000), "past the end of the file"); // a read-only open of a short index
      assertFalse(f.truncate(1000), "only zeros cut");
      assertEquals(1000, Files.size(path));
      assertTrue(f.truncate(999), "a written byte cut");
    }
  }

  /** A new core in {@code dir} with {@code n} appends of one block each (added to {@code content}). */
  private static FileCoreStorage createWithAppends(Path dir, FakeTree tree, List<byte[]> content, int n) {
    FileCoreStorage s = FileCoreStorage.open(dir, true, true, false);
    s.create(identity(false, true));
    for (int k = 0; k < n; k++) {
      byte[] b = pattern(10 + k * 7, 100 + k);
      content.add(b);
      s.commit(tree.appendBatch(0, List.of(b)));
    }
    return s;
  }

  /** A core whose files a crash left pre-extended: the next open cuts the zeros, finds nothing to repair. */
  @Test
  void theZeroTailsACrashLeavesAreCutWithoutAFindingAndTheCoreHoldsItsBlocks() throws IOException {
    Path dir = tmp.resolve("core");
    List<byte[]> content = new ArrayList<>();
    FakeTree tree = new FakeTree();
    try (FileCoreStorage s = createWithAppends(dir, tree, content, 50)) {
      for (StoreFile f : s.files()) {
        String name = f.path().getFileName().toString();
        if (!name.equals("journal") && !name.equals("whole-lengths")) { // FakeTree records no whole lengths
          assertTrue(f.isWriteMapped(), f.path().toString());
          assertTrue(Files.size(f.path()) > f.size(), "pre-extended: " + f.path());
        }
      }
    }
    List<Long> sizes = new ArrayList<>();
    for (String name : List.of("data", "index", "tree", "head", "whole-lengths")) {
      Path p = dir.resolve(name);
      sizes.add(Files.size(p));
      try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
        ch.write(ByteBuffer.allocate(1), Files.size(p) + StoreFile.MAX_WRITE_STEP - 1); // as a SIGKILL leaves them
      }
    }
    try (FileCoreStorage s = FileCoreStorage.openReadOnly(dir)) {
      assertEquals(List.of(), s.recoveryFindings(), "nothing but zeros to cut");
      assertHolds(s, content, 0);
    }
    try (FileCoreStorage s = FileCoreStorage.open(dir, false, false, false)) {
      assertEquals(List.of(), s.recoveryFindings());
      assertHolds(s, content, 0);
      assertTrue(s.files().get(0).size() <= HeadFile.FILE_SIZE, "the head file's zero tail is cut too");
      byte[] more = pattern(77, 999);
      content.add(more);
      s.commit(tree.appendBatch(0, List.of(more)));
      assertHolds(s, content, 0);
      assertEquals(sizes.get(0) + 77, s.stats().blockBytesOnDisk(), "the bytes written, not the pre-extension");
    }
    try (FileCoreStorage s = FileCoreStorage.open(dir, false, false, false)) {
      assertEquals(List.of(), s.recoveryFindings());
      assertHolds(s, content, 0);
    }
    assertEquals(sizes.get(0) + 77, Files.size(dir.resolve("data")), "trimmed at close");
  }

  /** A torn write in the zero tail is still found, cut and reported. */
  @Test
  void writtenBytesPastTheHeadAreStillCutAndReported() throws IOException {
    Path dir = tmp.resolve("core");
    List<byte[]> content = new ArrayList<>();
    createWithAppends(dir, new FakeTree(), content, 1).close();
    try (FileChannel ch = FileChannel.open(dir.resolve("data"), StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(pattern(5, 6)), 200_000);
    }
    try (FileCoreStorage s = FileCoreStorage.openReadOnly(dir)) {
      assertEquals(1, s.recoveryFindings().size(), s.recoveryFindings().toString());
    }
    try (FileCoreStorage s = FileCoreStorage.open(dir, false, false, false)) {
      assertEquals(1, s.recoveryFindings().size(), s.recoveryFindings().toString());
      assertHolds(s, content, 0);
    }
    assertEquals(10, Files.size(dir.resolve("data")), "the written bytes past the head are cut");
  }

  /** With every commit forced, mapped writes measured slower than positional ones: a synced core keeps those. */
  @Test
  void aSyncedCoreWritesPositionally() throws IOException {
    try (FileCoreStorage s = FileCoreStorage.open(tmp.resolve("synced"), true, true, true)) {
      s.create(identity(false, true));
      s.commit(new FakeTree().appendBatch(0, List.of(pattern(10, 8))));
      for (StoreFile f : s.files()) {
        assertFalse(f.isWriteMapped(), f.path().toString());
        assertEquals(Files.size(f.path()), f.size(), "no pre-extension: " + f.path());
      }
    }
  }

  /** The power-loss simulator must see mapped writes, or its runs prove nothing about them. */
  @Test
  void aPowerLossMayDropAnUnforcedMappedWriteButNeverAForcedOne() throws IOException {
    byte[] p = pattern(5000, 4);
    int lost = 0;
    for (int seed = 0; seed < 20; seed++) {
      for (boolean force : new boolean[] {false, true}) {
        PowerLossFiles files = new PowerLossFiles();
        Path dir = Files.createDirectories(tmp.resolve("run-" + seed + "-" + force));
        Path path = dir.resolve("f");
        StoreFile f = StoreFile.open(path, files, true, true);
        try (FileChannel d = files.open(dir, false)) {
          d.force(true); // the file's entry is durable
        }
        f.write(ByteBuffer.wrap(p), 0);
        assertTrue(f.isWriteMapped());
        if (force) {
          f.force();
        }
        f.close();
        files.powerLoss(new Random(seed));
        byte[] after = Files.readAllBytes(path);
        boolean kept = after.length >= p.length && Arrays.equals(p, Arrays.copyOf(after, p.length));
        if (force) {
          assertTrue(kept, "a forced mapped write was lost (seed " + seed + ")");
        } else if (!kept) {
          lost++;
        }
      }
    }
    assertTrue(lost > 0, "no power loss ever dropped or tore an unforced mapped write");
  }

  /**
   * An append commit writes no byte positionally: data, index, tree and head all go through
   * mappings (whole lengths too: FakeTree records none, the leveldown crash test does).
   */
  @Test
  void anAppendCommitMakesNoPositionalWrite() throws IOException {
    List<String> positional = new ArrayList<>();
    List<String> mapped = new ArrayList<>();
    FileOpener watching = (path, writable) -> new ForwardingFileChannel(FileOpener.DEFAULT.open(path, writable)) {
      @Override
      public int write(ByteBuffer src, long position) throws IOException {
        positional.add(path.getFileName().toString());
        return super.write(src, position);
      }

      @Override
      public void beforeMappedWrite(long position, ByteBuffer src) {
        mapped.add(path.getFileName().toString());
      }
    };
    FakeTree tree = new FakeTree();
    try (FileCoreStorage s = FileCoreStorage.open(tmp.resolve("core"), true, true, false, watching)) {
      s.create(identity(false, true));
      s.commit(tree.appendBatch(0, List.of(pattern(10, 7))));
      positional.clear();
      mapped.clear();
      for (int k = 0; k < 100; k++) {
        s.commit(tree.appendBatch(0, List.of(pattern(100, k))));
      }
      assertEquals(List.of(), positional);
      assertTrue(mapped.containsAll(List.of("data", "index", "tree", "head")), mapped.toString());
      s.commit(new StorageBatch(-1, List.of(new BlockWrite(0, pattern(10, 7))), List.of(), null));
    }
  }
}
