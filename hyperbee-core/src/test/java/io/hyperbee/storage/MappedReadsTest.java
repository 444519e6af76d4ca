package io.hyperbee.storage;

import static io.hyperbee.storage.CoreStorageContractTest.assertHolds;
import static io.hyperbee.storage.CoreStorageContractTest.identity;
import static io.hyperbee.storage.FileCoreStorageTest.flipByte;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Block, run and node reads served from mappings (read-write ones where the files are written through
 * them, read-only ones where that is off): growth, chunk edges, truncation, damage, fallback.
 */
class MappedReadsTest {
  @TempDir Path tmp;

  @AfterEach
  void defaults() {
    MappedSettings.reset();
  }

  /** Block {@code i} as written in generation {@code gen}: 1 to 700 bytes, so blocks straddle chunks. */
  static byte[] block(long i, int gen) {
    String head = "g" + gen + "-i" + i + "-";
    byte[] b = Arrays.copyOf(head.getBytes(StandardCharsets.UTF_8), head.length() + (int) ((i * 37 + gen * 11) % 690));
    Arrays.fill(b, head.length(), b.length, (byte) (i * 31 + gen));
    return b;
  }

  static List<byte[]> blocks(long from, long to, int gen) {
    List<byte[]> out = new ArrayList<>();
    for (long i = from; i < to; i++) {
      out.add(block(i, gen));
    }
    return out;
  }

  private static FileCoreStorage createAt(Path dir) {
    FileCoreStorage s = FileCoreStorage.open(dir, true, true, false);
    s.create(identity(false, true));
    return s;
  }

  private static void append(FileCoreStorage s, FakeTree t, List<byte[]> content, List<byte[]> add, int perCommit) {
    for (int k = 0; k < add.size(); k += perCommit) {
      List<byte[]> part = add.subList(k, Math.min(add.size(), k + perCommit));
      s.commit(t.appendBatch(0, part));
      content.addAll(part);
    }
  }

  private static StoreFile data(FileCoreStorage s) {
    return s.files().get(1);
  }

  private static StoreFile index(FileCoreStorage s) {
    return s.files().get(2);
  }

  private static StoreFile tree(FileCoreStorage s) {
    return s.files().get(3);
  }

  @Test
  void readsThroughMappingsEqualTheWrittenBlocksAcrossChunks() throws IOException {
    MappedSettings.use(12, 8192);
    Path dir = tmp.resolve("core");
    List<byte[]> content = new ArrayList<>();
    try (FileCoreStorage s = createAt(dir)) {
      append(s, new FakeTree(), content, blocks(0, 3000, 0), 100);
    }
    try (FileCoreStorage s = FileCoreStorage.open(dir, false, false, false)) {
      assertHolds(s, content, 0); // every block and node, one by one
      for (int start = 0; start + 50 <= content.size(); start += 37) { // runs, crossing commits and chunks
        byte[][] run = s.readBlocks(start, 50);
        for (int k = 0; k < 50; k++) {
          assertArrayEquals(content.get(start + k), run[k], "block " + (start + k));
        }
      }
      for (StoreFile f : List.of(data(s), index(s), tree(s))) {
        assertEquals(f.size(), f.mappedSize(), f.path().toString());
        assertTrue(f.mappedSize() > 4 << 12, "several chunks");
      }
    }
  }

  @Test
  void readsFollowTheFilesAsTheyGrow() throws IOException {
    MappedSettings.use(12, 4096);
    List<byte[]> content = new ArrayList<>();
    FakeTree t = new FakeTree();
    try (FileCoreStorage s = createAt(tmp.resolve("core"))) {
      append(s, t, content, blocks(0, 100, 0), 10);
      assertHolds(s, content, 0);
      long first = data(s).mappedSize();
      assertTrue(first > 0);
      for (int round = 0; round < 30; round++) {
        append(s, t, content, blocks(content.size(), content.size() + 100, 0), 25);
        int last = content.size() - 1; // just written: past the mapping, read positionally or remapped
        assertArrayEquals(content.get(last), s.readBlock(last));
        for (int k = 0; k < 20; k++) {
          int i = ThreadLocalRandom.current().nextInt(content.size());
          assertArrayEquals(content.get(i), s.readBlock(i), "block " + i);
        }
      }
      assertHolds(s, content, 0);
      assertTrue(data(s).mappedSize() > first, "the mapping grew with the file");
      assertTrue(data(s).size() - data(s).mappedSize() < Math.max(4096, data(s).size() / 4), "and kept up with it");
    }
  }

  @Test
  void aTruncationZeroesMappedEntriesAndTheNextOpenCutsThem() throws IOException {
    MappedSettings.useReadOnly(12, 4096); // write-mapped files: MappedWritesTest
    Path dir = tmp.resolve("core");
    List<byte[]> content = new ArrayList<>();
    try (FileCoreStorage s = createAt(dir)) {
      append(s, new FakeTree(), content, blocks(0, 2000, 0), 500);
      assertHolds(s, content, 0);
      long indexSize = index(s).size();
      assertEquals(indexSize, index(s).mappedSize());
      content.subList(10, content.size()).clear();
      FakeTree kept = FakeTree.of(content);
      s.commit(new StorageBatch(10, List.of(), List.of(), kept.head(1)));
      assertEquals(indexSize, index(s).size(), "mapped entries are zeroed, not cut off");
      assertTrue(tree(s).size() >= tree(s).mappedSize());
      assertHolds(s, content, 1);
      assertNull(s.readBlocks(5, 10)[9]);
      for (long i = 10; i < 2000; i += 7) {
        assertNull(s.readBlock(i));
      }
      List<byte[]> add = blocks(10, 15, 1);
      for (byte[] b : add) {
        content.add(b);
      }
      s.commit(kept.appendBatch(1, add));
      assertHolds(s, content, 1);
    }
    try (FileCoreStorage s = FileCoreStorage.open(dir, false, false, false)) {
      assertEquals(15 * BlockFiles.ENTRY_SIZE, index(s).size(), "recovery cut the zeroed tail");
      assertEquals(2 * 15 * TreeFile.RECORD_SIZE, tree(s).size(), "recovery maps nothing, so it cuts");
      assertHolds(s, content, 1);
    }
  }

  @Test
  void truncationsWhileOtherThreadsReadNeverFaultNorReturnWrongBytes() throws Exception {
    MappedSettings.use(12, 4096);
    int length = 2000;
    AtomicLong generations = new AtomicLong(1); // generations 0 .. value-1 may be on disk
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    AtomicLong refused = new AtomicLong();
    AtomicLong reads = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    List<byte[]> content = new ArrayList<>();
    try (FileCoreStorage s = createAt(tmp.resolve("core"))) {
      append(s, new FakeTree(), content, blocks(0, length, 0), 500);
      List<Thread> readers = new ArrayList<>();
      for (int r = 0; r < 3; r++) {
        Thread reader = new Thread(() -> {
          Random random = new Random();
          while (!stop.get()) {
            int i = random.nextInt(length);
            try {
              if (random.nextBoolean()) {
                check(i, s.readBlock(i), generations.get());
              } else {
                int count = 1 + random.nextInt(Math.min(40, length - i));
                byte[][] run = s.readBlocks(i, count);
                for (int k = 0; k < count; k++) {
                  check(i + k, run[k], generations.get());
                }
              }
              reads.incrementAndGet();
            } catch (HyperbeeException e) {
              if (e.code() != ErrorCode.INVALID_CHECKSUM && e.code() != ErrorCode.CORRUPTION) {
                failures.add(e);
              }
              refused.incrementAndGet(); // a record rewritten under the reader, as with positional reads
            } catch (Throwable e) { // InternalError is what a fault on a mapped page becomes
              failures.add(e);
            }
          }
        });
        readers.add(reader);
        reader.start();
      }
      Random random = new Random(5);
      for (int gen = 1; gen <= 25; gen++) {
        int keep = random.nextInt(length);
        content.subList(keep, content.size()).clear();
        FakeTree kept = FakeTree.of(content);
        s.commit(new StorageBatch(keep, List.of(), List.of(), kept.head(gen)));
        generations.set(gen + 1);
        List<byte[]> add = blocks(keep, length, gen);
        for (int k = 0; k < add.size(); k += 300) {
          List<byte[]> part = add.subList(k, Math.min(add.size(), k + 300));
          s.commit(kept.appendBatch(gen, part));
          content.addAll(part);
        }
      }
      stop.set(true);
      for (Thread reader : readers) {
        reader.join();
      }
      assertEquals(List.of(), List.copyOf(failures));
      assertTrue(reads.get() > 0);
      assertHolds(s, content, 25);
      assertTrue(index(s).mappedSize() > 0 && data(s).mappedSize() > 0, "the reads went through mappings");
    }
  }

  /** A read block is absent (truncated) or exactly what some generation wrote at {@code i}. */
  private static void check(long i, byte[] got, long generations) {
    if (got == null) {
      return;
    }
    String text = new String(got, StandardCharsets.ISO_8859_1);
    int dash = text.indexOf('-');
    int gen = Integer.parseInt(text.substring(1, dash));
    if (gen >= generations || !Arrays.equals(block(i, gen), got)) {
      throw new AssertionError("block " + i + " read back wrong: " + text.substring(0, Math.min(40, text.length())));
    }
  }

  @Test
  void damageUnderAMappingIsReported() throws IOException {
    MappedSettings.use(8, 1);
    Path dir = tmp.resolve("core");
    List<byte[]> content = new ArrayList<>();
    try (FileCoreStorage s = createAt(dir)) {
      append(s, new FakeTree(), content, blocks(0, 300, 0), 50);
    }
    long offset = 0;
    for (int i = 0; i < 137; i++) {
      offset += content.get(i).length;
    }
    flipByte(dir.resolve("data"), offset + content.get(137).length - 1);
    flipByte(dir.resolve("index"), 200 * BlockFiles.ENTRY_SIZE + 13);
    try (FileCoreStorage s = FileCoreStorage.open(dir, false, false, false)) {
      HyperbeeException e = assertThrows(HyperbeeException.class, () -> s.readBlock(137));
      assertEquals(ErrorCode.INVALID_CHECKSUM, e.code());
      assertTrue(e.getMessage().contains(dir.resolve("data") + " offset " + offset), e.getMessage());
      e = assertThrows(HyperbeeException.class, () -> s.readBlocks(130, 10));
      assertEquals(ErrorCode.INVALID_CHECKSUM, e.code());
      assertTrue(e.getMessage().contains(dir.resolve("data") + " offset " + offset), e.getMessage());
      e = assertThrows(HyperbeeException.class, () -> s.readBlock(200));
      assertEquals(ErrorCode.INVALID_CHECKSUM, e.code());
      assertTrue(e.getMessage().contains(dir.resolve("index") + " offset " + 200 * BlockFiles.ENTRY_SIZE), e.getMessage());
      assertThrows(HyperbeeException.class, () -> s.readBlocks(195, 10));
      assertArrayEquals(content.get(136), s.readBlock(136));
      assertArrayEquals(content.get(201), s.readBlock(201));
      assertEquals(data(s).size(), data(s).mappedSize(), "read through the mapping");
      assertEquals(index(s).size(), index(s).mappedSize());
    }
  }

  @Test
  void manyOpenCloseCyclesKeepReadingRight() {
    MappedSettings.use(16, 4096);
    Path dir = tmp.resolve("core");
    List<byte[]> content = new ArrayList<>();
    try (FileCoreStorage s = createAt(dir)) {
      append(s, new FakeTree(), content, blocks(0, 1000, 0), 250);
    }
    Random random = new Random(9);
    for (int cycle = 0; cycle < 300; cycle++) {
      try (FileCoreStorage s = FileCoreStorage.open(dir, false, false, false)) {
        for (int k = 0; k < 10; k++) {
          int i = random.nextInt(content.size());
          assertArrayEquals(content.get(i), s.readBlock(i), "block " + i);
        }
        assertTrue(data(s).mappedSize() > 0);
      }
    }
  }

  @Test
  void smallFilesDisabledMappingAndAnExhaustedBudgetReadPositionally() throws IOException {
    for (String mode : List.of("small", "disabled", "over budget")) {
      switch (mode) {
        case "small" -> MappedSettings.useReadOnly(12, 1L << 40); // nothing is that large
        case "disabled" -> MappedSettings.disable();
        default -> {
          MappedSettings.use(12, 1);
          MappingBudget.limit = 0; // as if the GC had released none of the mappings held
        }
      }
      List<byte[]> content = new ArrayList<>();
      try (FileCoreStorage s = createAt(tmp.resolve("core-" + mode.replace(' ', '-')))) {
        append(s, new FakeTree(), content, blocks(0, 1500, 0), 300);
        assertHolds(s, content, 0);
        byte[][] run = s.readBlocks(250, 100);
        for (int k = 0; k < 100; k++) {
          assertArrayEquals(content.get(250 + k), run[k]);
        }
        for (StoreFile f : s.files()) {
          assertEquals(0, f.mappedSize(), f.path().toString());
        }
        assertTrue(data(s).size() > 4096);
      }
    }
  }

  @Test
  void aStoreFileMapsWhatExistsAndZeroesInsteadOfCuttingIt() throws IOException {
    MappedSettings.useReadOnly(12, 4096); // write-mapped files: MappedWritesTest
    byte[] pattern = new byte[40_000];
    new Random(3).nextBytes(pattern);
    try (StoreFile f = StoreFile.open(tmp.resolve("f"), true); StoreFile plain = StoreFile.open(tmp.resolve("p"))) {
      f.write(java.nio.ByteBuffer.wrap(pattern, 0, 10_000), 0);
      byte[] got = new byte[3000];
      assertEquals(3000, f.read(got, 0, 3000, 3000));
      assertArrayEquals(Arrays.copyOfRange(pattern, 3000, 6000), got);
      assertEquals(10_000, f.mappedSize());
      assertNull(f.mappedChunk(4090, 16), "straddles two chunks");
      assertEquals(4, f.chunkOffset(4100));
      assertEquals(pattern[4100], f.mappedChunk(4096, 16).get(f.chunkOffset(4100)));
      f.write(java.nio.ByteBuffer.wrap(pattern, 10_000, 30_000), 10_000);
      assertEquals(100, f.read(got, 0, 100, 39_900)); // the file grew by far more than a quarter chunk
      assertArrayEquals(Arrays.copyOfRange(pattern, 39_900, 40_000), Arrays.copyOf(got, 100));
      assertEquals(40_000, f.mappedSize());
      assertEquals(50, f.read(got, 0, 100, 39_950), "short where the file ends");

      assertTrue(f.truncate(5000));
      assertEquals(40_000, f.size(), "mapped bytes stay, zeroed");
      byte[] tail = new byte[35_000];
      assertEquals(35_000, f.read(tail, 0, tail.length, 5000));
      assertArrayEquals(new byte[35_000], tail);
      assertEquals(pattern[4999], f.mappedChunk(4096, 1000).get(f.chunkOffset(4999)));
      assertTrue(!f.truncate(5000), "nothing left to zero");

      plain.write(java.nio.ByteBuffer.wrap(pattern), 0);
      assertEquals(40_000, plain.read(new byte[40_000], 0, 40_000, 0));
      assertEquals(0, plain.mappedSize());
      assertTrue(plain.truncate(5000));
      assertEquals(5000, plain.size());
    }
  }
}
