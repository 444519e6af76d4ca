package io.hyperbee.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Hypercore#clear} and {@link Hypercore#reclaim} on file storage (issue 16): cleared blocks
 * read as "not available locally" while the tree and signature still verify; a reclaim gives the
 * space back to the file system (the directory shrinks) and every live block reads back, also
 * after a reopen and while readers run.
 */
class ReclaimTest {
  private static final long SEGMENT = 16 * 1024;

  @TempDir Path tmp;
  private long savedSegmentBytes;

  @BeforeEach
  void smallSegments() {
    savedSegmentBytes = FileCoreStorage.segmentBytes;
    FileCoreStorage.segmentBytes = SEGMENT;
  }

  @AfterEach
  void restore() {
    FileCoreStorage.segmentBytes = savedSegmentBytes;
  }

  private static List<byte[]> fill(Hypercore core, int count, int size, long seed) {
    Random random = new Random(seed);
    List<byte[]> blocks = new ArrayList<>();
    for (int i = 0; i < count; i += 10) {
      List<byte[]> batch = new ArrayList<>();
      for (int k = 0; k < 10 && i + k < count; k++) {
        byte[] b = new byte[size];
        random.nextBytes(b);
        batch.add(b);
      }
      core.append(batch);
      blocks.addAll(batch);
    }
    return blocks;
  }

  @Test
  void clearedBlocksAreGoneButTheTreeStillVerifies() {
    Path dir = tmp.resolve("core");
    List<byte[]> blocks;
    try (Hypercore core = Hypercore.open(dir, HypercoreOptions.defaults())) {
      blocks = fill(core, 50, 100, 1);
      byte[] signature = core.signature();
      assertTrue(core.has(0, 50));
      core.clear(10, 20);
      core.clear(30);
      assertFalse(core.has(10));
      assertFalse(core.has(5, 15));
      assertTrue(core.has(0, 10));
      assertTrue(core.has(20, 30));
      assertFalse(core.has(30));
      assertTrue(core.has(31, 50));
      assertFalse(core.has(49, 51), "past the length");
      HyperbeeException e = assertThrows(HyperbeeException.class, () -> core.get(15));
      assertEquals(ErrorCode.BLOCK_NOT_AVAILABLE, e.code());
      assertTrue(e.getMessage().contains("not available locally"), e.getMessage());
      assertArrayEquals(blocks.get(9), core.get(9));
      assertArrayEquals(signature, core.signature());
      core.verify();
      StorageStats stats = core.storageStats();
      assertEquals(11, stats.clearedBlocks());
      assertEquals(0, stats.missingBlocks());
      assertEquals(39 * 100, stats.liveBytes());
      assertEquals(11 * 100, stats.reclaimableBytes());
      core.clear(10, 20); // again: nothing left to clear there
      core.append(new byte[] {1, 2, 3}); // appends go on after a clear
      assertTrue(core.has(50));
    }
    try (Hypercore core = Hypercore.open(dir, HypercoreOptions.defaults())) {
      assertFalse(core.has(10, 11));
      assertFalse(core.has(30));
      assertTrue(core.has(31, 51));
      assertEquals(11, core.storageStats().clearedBlocks());
      assertArrayEquals(blocks.get(40), core.get(40));
      assertThrows(HyperbeeException.class, () -> core.get(12));
      core.verify();
    }
  }

  /** Several ranges in one call: exactly their stored blocks go (the others stay), also after a reopen. */
  @Test
  void clearRunsDropsEveryRangeAndNothingElse() {
    Path dir = tmp.resolve("core");
    long[] runs = {0, 2, 5, 5, 7, 12, 30, 31, 45, 80}; // an empty range, one past the length
    try (Hypercore core = Hypercore.open(dir, HypercoreOptions.defaults());
        Hypercore memory = Hypercore.inMemory(HypercoreOptions.defaults())) {
      for (Hypercore c : List.of(core, memory)) {
        List<byte[]> blocks = fill(c, 50, 40, 3);
        c.clear(8); // already cleared blocks inside a range are fine
        c.clearRuns(runs);
        for (int i = 0; i < 50; i++) {
          boolean gone = i < 2 || (i >= 7 && i < 12) || i == 30 || i >= 45;
          assertEquals(!gone, c.has(i), "block " + i);
          if (!gone) {
            assertArrayEquals(blocks.get(i), c.get(i), "block " + i);
          }
        }
        assertEquals(13, c.storageStats().clearedBlocks());
        assertThrows(IllegalArgumentException.class, () -> c.clearRuns(new long[] {5, 9, 8, 10}));
        assertThrows(IllegalArgumentException.class, () -> c.clearRuns(new long[] {3}));
        assertThrows(IllegalArgumentException.class, () -> c.clearRuns(new long[] {4, 3}));
      }
      core.verify();
    }
    try (Hypercore core = Hypercore.open(dir, HypercoreOptions.defaults())) {
      assertEquals(13, core.storageStats().clearedBlocks());
      assertFalse(core.has(31 - 1));
      assertTrue(core.has(31));
    }
  }

  @Test
  void aTruncationForgetsClearedBlocksPastTheCut() {
    try (Hypercore core = Hypercore.open(tmp.resolve("core"), HypercoreOptions.defaults())) {
      fill(core, 30, 50, 2);
      core.clear(20, 30);
      assertEquals(10, core.storageStats().clearedBlocks());
      core.truncate(25);
      assertEquals(5, core.storageStats().clearedBlocks());
      core.append(new byte[] {7});
      assertTrue(core.has(25));
      assertFalse(core.has(24));
      core.verify();
    }
  }

  @Test
  void reclaimShrinksTheDirectoryAndKeepsEveryLiveBlock() throws IOException {
    // compares the stats with the sizes of the open files: positional writes, so that no file holds
    // the zero tail of a write mapping's pre-extension (MappedWritesTest checks the stats with it)
    MappedSettings.positionalWrites();
    try {
      reclaimShrinksTheDirectory();
    } finally {
      MappedSettings.reset();
    }
  }

  private void reclaimShrinksTheDirectory() throws IOException {
    Path dir = tmp.resolve("core");
    List<byte[]> blocks;
    try (Hypercore core = Hypercore.open(dir, HypercoreOptions.defaults())) {
      blocks = fill(core, 2000, 200, 3);
      for (int i = 0; i < 2000; i += 10) {
        core.clear(i + 1, i + 10);
      }
      long dataBefore = dataBytes(dir);
      StorageStats stats = core.storageStats();
      assertEquals(200 * 200, stats.liveBytes());
      assertEquals(dataBefore, stats.blockBytesOnDisk());
      Reclaimed r = core.reclaim(true);
      assertTrue(r.segmentsDropped() > 0, r.toString());
      long dataAfter = dataBytes(dir);
      assertEquals(dataBefore - dataAfter, r.bytesFreed());
      assertTrue(dataAfter <= 1.5 * stats.liveBytes(), dataAfter + " bytes of data for " + stats.liveBytes() + " live");
      assertEquals(0, core.storageStats().reclaimableBytes());
      assertFalse(Files.exists(dir.resolve("data")), "the old first segment is gone");
      for (int i = 0; i < 2000; i++) {
        if (i % 10 == 0) {
          assertArrayEquals(blocks.get(i), core.get(i), "block " + i);
        } else {
          assertFalse(core.has(i));
        }
      }
      core.verify();
      assertEquals(Reclaimed.NOTHING.segmentsDropped(), core.reclaim(true).segmentsDropped(), "nothing left");
      fill(core, 100, 200, 4); // appends go on into the new tail
    }
    try (Hypercore core = Hypercore.open(dir, HypercoreOptions.defaults())) {
      assertEquals(2100, core.length());
      for (int i = 0; i < 2000; i += 10) {
        assertArrayEquals(blocks.get(i), core.get(i), "block " + i);
      }
      core.verify();
    }
  }

  @Test
  void anIncrementalReclaimDropsOnlySegmentsAtLeastHalfDead() throws IOException {
    Path dir = tmp.resolve("core");
    try (Hypercore core = Hypercore.open(dir, HypercoreOptions.defaults())) {
      fill(core, 1000, 100, 5);
      core.clear(0, 100); // the first ~10 KiB: most of the first segment
      core.clear(500, 510); // a sliver of a later one
      long before = dataBytes(dir);
      Reclaimed r = core.reclaim(false);
      assertEquals(1, r.segmentsDropped(), r.toString());
      assertTrue(dataBytes(dir) < before);
      assertTrue(core.storageStats().reclaimableBytes() >= 1000, "the sliver stays");
      core.verify();
      for (int i = 100; i < 1000; i++) {
        assertEquals(i < 500 || i >= 510, core.has(i), "block " + i);
      }
    }
  }

  @Test
  void readersGoOnWhileBlocksMove() throws Exception {
    Path dir = tmp.resolve("core");
    try (Hypercore core = Hypercore.open(dir, HypercoreOptions.defaults())) {
      List<byte[]> blocks = fill(core, 3000, 150, 6);
      for (int i = 0; i < 3000; i += 3) {
        core.clear(i + 1, i + 3);
      }
      AtomicBoolean done = new AtomicBoolean();
      AtomicReference<Throwable> failed = new AtomicReference<>();
      long reads = 0;
      Thread reader = new Thread(() -> {
        Random random = new Random(7);
        try {
          while (!done.get()) {
            int i = 3 * random.nextInt(1000);
            if (!java.util.Arrays.equals(blocks.get(i), core.get(i))) {
              throw new AssertionError("block " + i + " read wrong");
            }
          }
        } catch (Throwable t) {
          failed.set(t);
        }
      });
      reader.start();
      try {
        core.reclaim(true);
      } finally {
        done.set(true);
        reader.join(60_000);
      }
      if (failed.get() != null) {
        throw new AssertionError("a reader failed during the reclaim", failed.get());
      }
      core.verify();
    }
  }

  @Test
  void aCrashBeforeTheDeleteLeavesASegmentTheNextReclaimDrops() throws IOException {
    Path dir = tmp.resolve("core");
    try (Hypercore core = Hypercore.open(dir, HypercoreOptions.defaults())) {
      fill(core, 500, 100, 8);
      core.clear(0, 500);
      core.reclaim(true);
    }
    // an unreferenced segment, as a crash between the moves and the delete leaves one
    Files.write(dir.resolve(DataSegments.nameOf(5)), new byte[1000]);
    try (Hypercore core = Hypercore.open(dir, HypercoreOptions.defaults())) {
      core.verify();
      assertEquals(1000, core.storageStats().reclaimableBytes());
      core.reclaim(false);
      assertFalse(Files.exists(dir.resolve(DataSegments.nameOf(5))));
    }
  }

  @Test
  void aReadOnlyCoreCannotClear() {
    Path dir = tmp.resolve("core");
    try (Hypercore core = Hypercore.open(dir, HypercoreOptions.defaults())) {
      fill(core, 10, 10, 9);
    }
    try (Hypercore core = Hypercore.open(FileCoreStorage.openReadOnly(dir), HypercoreOptions.defaults())) {
      HyperbeeException e = assertThrows(HyperbeeException.class, () -> core.clear(0, 5));
      assertEquals(ErrorCode.READ_ONLY, e.code());
      assertTrue(core.has(0, 10));
    }
  }

  @Test
  void inMemoryCoresClearToo() {
    try (Hypercore core = Hypercore.inMemory(HypercoreOptions.defaults())) {
      fill(core, 20, 10, 10);
      core.clear(3, 6);
      assertFalse(core.has(3, 4));
      assertTrue(core.has(6, 20));
      assertEquals(3, core.storageStats().clearedBlocks());
      HyperbeeException e = assertThrows(HyperbeeException.class, () -> core.get(4));
      assertTrue(e.getMessage().contains("not available locally"), e.getMessage());
      core.verify();
    }
  }

  /** Bytes of every data segment in {@code dir}. */
  static long dataBytes(Path dir) throws IOException {
    long total = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String name = p.getFileName().toString();
        if (name.equals("data") || name.startsWith("data-")) {
          total += Files.size(p);
        }
      }
    }
    return total;
  }
}
