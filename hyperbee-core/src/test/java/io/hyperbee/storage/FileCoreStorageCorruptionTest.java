package io.hyperbee.storage;

import static io.hyperbee.storage.CoreStorageContractTest.assertCode;
import static io.hyperbee.storage.CoreStorageContractTest.assertHeadEquals;
import static io.hyperbee.storage.CoreStorageContractTest.assertHolds;
import static io.hyperbee.storage.CoreStorageContractTest.blocks;
import static io.hyperbee.storage.CoreStorageContractTest.identity;
import static io.hyperbee.storage.FileCoreStorageTest.flipByte;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.merkle.Node;
import io.hyperbee.storage.StorageBatch.BlockWrite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damages each stored file and checks that the damage is reported (naming the file and offset) or,
 * for the newest head slot, rolls back to the previous commit; never that wrong data comes back.
 */
class FileCoreStorageCorruptionTest {
  private static final int BATCHES = 6;
  private static final int PER_BATCH = 5;

  @TempDir Path tmp;
  private Path original;
  private final List<byte[]> content = blocks(0, BATCHES * PER_BATCH);
  private final List<CoreHead> heads = new ArrayList<>();
  private final Map<Long, Node> nodes = new HashMap<>();

  @BeforeEach
  void buildCore() {
    original = tmp.resolve("original");
    FakeTree t = new FakeTree();
    try (FileCoreStorage s = FileCoreStorage.open(original, true, true, true)) {
      s.create(identity(false, true));
      for (int b = 0; b < BATCHES; b++) {
        StorageBatch batch = t.appendBatch(0, content.subList(b * PER_BATCH, (b + 1) * PER_BATCH));
        batch.nodes().forEach(n -> nodes.put(n.index(), n));
        s.commit(batch);
        heads.add(batch.head());
      }
    }
  }

  /** Where block {@code i} starts in the data file (blocks are stored back to back). */
  private long dataOffset(int i) {
    long offset = 0;
    for (int k = 0; k < i; k++) {
      offset += content.get(k).length;
    }
    return offset;
  }

  private Path damagedCopy(String file, long... offsets) throws IOException {
    Path copy = tmp.resolve("copy-" + System.nanoTime());
    Files.createDirectories(copy);
    try (Stream<Path> files = Files.list(original)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, copy.resolve(f.getFileName()));
      }
    }
    for (long offset : offsets) {
      flipByte(copy.resolve(file), offset);
    }
    return copy;
  }

  private static FileCoreStorage open(Path dir) {
    return FileCoreStorage.open(dir, false, false, true);
  }

  private static void assertNames(HyperbeeException e, Path file, long offset) {
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("offset " + offset), e.getMessage());
  }

  @Test
  void aDamagedBlockIsReportedWithItsFileAndOffset() throws IOException {
    long offset = dataOffset(17);
    Path dir = damagedCopy("data", offset + 3);
    try (FileCoreStorage s = open(dir)) {
      HyperbeeException e = assertThrows(HyperbeeException.class, () -> s.readBlock(17));
      assertEquals(ErrorCode.INVALID_CHECKSUM, e.code());
      assertNames(e, dir.resolve("data"), offset);
      assertArrayEquals(content.get(16), s.readBlock(16));
      assertArrayEquals(content.get(18), s.readBlock(18));
    }
  }

  @Test
  void aDamagedBlockInsideARunReadIsReportedNeverReturned() throws IOException {
    long offset = dataOffset(17);
    Path dir = damagedCopy("data", offset + 3);
    try (FileCoreStorage s = open(dir)) {
      // 15..19 were committed together, so they are read back to back in one read
      HyperbeeException e = assertThrows(HyperbeeException.class, () -> s.readBlocks(15, 5));
      assertEquals(ErrorCode.INVALID_CHECKSUM, e.code());
      assertNames(e, dir.resolve("data"), offset);
      byte[][] before = s.readBlocks(10, 7);
      for (int k = 0; k < 7; k++) {
        assertArrayEquals(content.get(10 + k), before[k]);
      }
    }
  }

  @Test
  void aDamagedBlockAmongScatteredReadsIsReportedNeverReturned() throws IOException {
    long offset = dataOffset(17);
    Path dir = damagedCopy("data", offset + 3);
    try (FileCoreStorage s = open(dir)) {
      HyperbeeException e = assertThrows(HyperbeeException.class, () -> s.readBlocks(new long[] {21, 2, 17, 9}));
      assertEquals(ErrorCode.INVALID_CHECKSUM, e.code());
      assertNames(e, dir.resolve("data"), offset);
      byte[][] others = s.readBlocks(new long[] {21, 2, 16, 9});
      for (int k = 0; k < 4; k++) {
        assertArrayEquals(content.get(new int[] {21, 2, 16, 9}[k]), others[k]);
      }
    }
  }

  @Test
  void aDamagedIndexEntryAmongScatteredReadsIsReported() throws IOException {
    for (int field : new int[] {0, 7, 8, 11, 12, 15}) {
      Path dir = damagedCopy("index", 16 * 9 + field);
      try (FileCoreStorage s = open(dir)) {
        HyperbeeException e = assertThrows(HyperbeeException.class, () -> s.readBlocks(new long[] {12, 9, 3}),
            "byte " + field);
        assertTrue(e.code() == ErrorCode.INVALID_CHECKSUM || e.code() == ErrorCode.CORRUPTION, e.getMessage());
      }
    }
  }

  @Test
  void aDamagedIndexEntryInsideARunReadIsReported() throws IOException {
    for (int field : new int[] {0, 7, 8, 11, 12, 15}) {
      Path dir = damagedCopy("index", 16 * 9 + field);
      try (FileCoreStorage s = open(dir)) {
        HyperbeeException e = assertThrows(HyperbeeException.class, () -> s.readBlocks(6, 8), "byte " + field);
        assertTrue(e.code() == ErrorCode.INVALID_CHECKSUM || e.code() == ErrorCode.CORRUPTION, e.getMessage());
      }
    }
  }

  @Test
  void aDamagedIndexEntryIsReported() throws IOException {
    for (int field : new int[] {0, 1, 7, 8, 11, 12, 15}) { // offset, length and checksum bytes
      Path dir = damagedCopy("index", 16 * 9 + field);
      try (FileCoreStorage s = open(dir)) {
        HyperbeeException e = assertThrows(HyperbeeException.class, () -> s.readBlock(9), "byte " + field);
        assertTrue(e.code() == ErrorCode.INVALID_CHECKSUM || e.code() == ErrorCode.CORRUPTION, e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve("index").toString()), e.getMessage());
        assertArrayEquals(content.get(8), s.readBlock(8));
      }
    }
  }

  @Test
  void aDamagedTreeNodeIsReported() throws IOException {
    for (long index : new long[] {0, 7, 15, 40}) {
      for (int at : new int[] {0, 8, 39, 40, 47}) {
        long offset = 48 * index;
        Path dir = damagedCopy("tree", offset + at);
        try (FileCoreStorage s = open(dir)) {
          // the marker (byte 40) too: a damaged record never reads as a node that is not stored
          HyperbeeException e = assertThrows(HyperbeeException.class, () -> s.readNode(index));
          assertEquals(ErrorCode.INVALID_CHECKSUM, e.code());
          assertNames(e, dir.resolve("tree"), offset);
          assertEquals(nodes.get(index + 2), s.readNode(index + 2));
        }
      }
    }
  }

  /**
   * A durable record whose marker reads 0 (a fill torn before its marker), 2 (a fill's) or
   * anything else is damage, not a node that was never stored: on a writer's core every node below
   * the length is there, and reading one as missing would answer wrong or fetch it again unseen.
   */
  @Test
  void aDurableNodeWithADamagedMarkerIsReportedNotMissing() throws IOException {
    long index = 7;
    long offset = 48 * index;
    for (int marker : new int[] {0, 2, 3, 0xFF}) {
      Path dir = damagedCopy("tree");
      setByte(dir.resolve("tree"), offset + 40, marker);
      try (FileCoreStorage s = open(dir)) {
        HyperbeeException e = assertThrows(HyperbeeException.class, () -> s.readNode(index), "marker " + marker);
        assertEquals(ErrorCode.INVALID_CHECKSUM, e.code(), "marker " + marker);
        assertNames(e, dir.resolve("tree"), offset);
        assertEquals(nodes.get(index + 2), s.readNode(index + 2));
      }
      try (FileCoreStorage ro = FileCoreStorage.openReadOnly(dir)) {
        assertEquals(ErrorCode.INVALID_CHECKSUM,
            assertThrows(HyperbeeException.class, () -> ro.readNode(index), "marker " + marker).code());
      }
    }
  }

  /** A record that passes its CRC but holds a marker no write uses cannot be what was written. */
  @Test
  void aWholeRecordWithAnUnknownMarkerIsCorruption() throws IOException {
    long index = 8;
    Path dir = damagedCopy("tree");
    byte[] record = new byte[48];
    try (FileChannel ch = FileChannel.open(dir.resolve("tree"), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ch.read(ByteBuffer.wrap(record), 48 * index);
      ByteBuffer view = ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
      view.putInt(40, 3);
      view.putInt(44, Checksums.seeded(index, record, 0, 44));
      ch.write(ByteBuffer.wrap(record), 48 * index);
    }
    try (FileCoreStorage s = open(dir)) {
      HyperbeeException e = assertThrows(HyperbeeException.class, () -> s.readNode(index));
      assertEquals(ErrorCode.CORRUPTION, e.code(), e.getMessage());
      assertNames(e, dir.resolve("tree"), 48 * index);
    }
  }

  private static void setByte(Path file, long offset, int value) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {(byte) value}), offset);
    }
  }

  @Test
  void aDamagedNewestHeadSlotIsReplacedByItsCheckpoint() throws IOException {
    long newestSlot = (BATCHES + 1) & 1; // the create wrote seq 1, the batches 2..BATCHES+1
    for (long at : new long[] {0, 5, 13, 30, 44, 50, 100, 140}) {
      Path dir = damagedCopy("head", newestSlot * HeadFile.SLOT_SIZE + at);
      try (FileCoreStorage s = open(dir)) {
        assertHolds(s, content, 0); // a synced commit wrote its head twice: slot and checkpoint
      }
    }
  }

  @Test
  void aDamagedNewestHeadSlotAndCheckpointsRollBackToThePreviousCommit() throws IOException {
    long newestSlot = (BATCHES + 1) & 1;
    for (long at : new long[] {0, 5, 13, 30, 44, 50, 100, 140}) {
      Path dir = damagedCopy("head", newestSlot * HeadFile.SLOT_SIZE + at, 2 * HeadFile.SLOT_SIZE + at,
          3 * HeadFile.SLOT_SIZE + at); // both checkpoints: the newest head copy is in one of them
      try (FileCoreStorage s = open(dir)) {
        assertHolds(s, content.subList(0, (BATCHES - 1) * PER_BATCH), 0);
      }
    }
  }

  @Test
  void aDamagedOlderHeadSlotChangesNothing() throws IOException {
    long olderSlot = BATCHES & 1;
    Path dir = damagedCopy("head", olderSlot * HeadFile.SLOT_SIZE + 21);
    try (FileCoreStorage s = open(dir)) {
      assertHolds(s, content, 0);
    }
  }

  @Test
  void everyHeadSlotDamagedIsCorruption() throws IOException {
    Path dir = damagedCopy("head", 9, HeadFile.SLOT_SIZE + 9, 2 * HeadFile.SLOT_SIZE + 9, 3 * HeadFile.SLOT_SIZE + 9);
    HyperbeeException e = assertThrows(HyperbeeException.class, () -> open(dir).close());
    assertEquals(ErrorCode.CORRUPTION, e.code());
    assertTrue(e.getMessage().contains(dir.resolve("head").toString()), e.getMessage());
  }

  @Test
  void aDamagedIdentityOrSecretKeyFailsTheOpen() throws IOException {
    long identitySize = Files.size(original.resolve("identity"));
    for (long at : new long[] {0, 4, 5, 6, 40, 70, 74, identitySize - 1}) {
      Path dir = damagedCopy("identity", at);
      HyperbeeException e = assertThrows(HyperbeeException.class, () -> open(dir).close(), "byte " + at);
      assertTrue(e.code() == ErrorCode.INVALID_CHECKSUM || e.code() == ErrorCode.CORRUPTION, e.getMessage());
      assertTrue(e.getMessage().contains(dir.resolve("identity").toString()), e.getMessage());
    }
    for (long at : new long[] {0, 4, 37, 67, 70}) {
      Path dir = damagedCopy("secret-key", at);
      HyperbeeException e = assertThrows(HyperbeeException.class, () -> open(dir).close(), "byte " + at);
      assertTrue(e.getMessage().contains(dir.resolve("secret-key").toString()), e.getMessage());
    }
  }

  @Test
  void missingOrShortFilesAreCorruption() throws IOException {
    Path noKey = damagedCopy("identity");
    Files.delete(noKey.resolve("secret-key"));
    assertCode(ErrorCode.CORRUPTION, () -> open(noKey).close());

    Path noHead = damagedCopy("identity");
    Files.delete(noHead.resolve("head"));
    assertCode(ErrorCode.CORRUPTION, () -> open(noHead).close());

    Path shortData = damagedCopy("identity");
    try (var ch = Files.newByteChannel(shortData.resolve("data"), StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() - 1);
    }
    HyperbeeException e = assertThrows(HyperbeeException.class, () -> open(shortData).close());
    assertEquals(ErrorCode.CORRUPTION, e.code());
    assertTrue(e.getMessage().contains(shortData.resolve("data").toString()), e.getMessage());
  }

  @Test
  void aDamagedStaleJournalIsIgnored() throws IOException {
    try (FileCoreStorage s = open(original)) { // a sparse-style commit goes through the journal
      s.commit(new StorageBatch(-1, List.of(new BlockWrite(3, content.get(3))), List.of(), null));
    }
    Path dir = damagedCopy("journal", 3, 20, 40);
    try (FileCoreStorage s = open(dir)) {
      assertHolds(s, content, 0);
    }
  }

  /** Random single-byte damage anywhere: every read returns the right bytes or throws. */
  @Test
  void randomDamageNeverReturnsWrongData() throws IOException {
    Random random = new Random(42);
    for (String file : List.of("data", "index", "tree", "head", "identity", "secret-key")) {
      long size = Files.size(original.resolve(file));
      for (int round = 0; round < 12; round++) {
        long at = file.equals("head")
            ? (round & 1) * HeadFile.SLOT_SIZE + random.nextInt(120)
            : (long) (random.nextDouble() * size);
        checkNeverWrong(damagedCopy(file, at), file + "@" + at);
      }
    }
  }

  private void checkNeverWrong(Path dir, String what) {
    FileCoreStorage s;
    try {
      s = open(dir);
    } catch (HyperbeeException e) {
      return; // detected on open
    }
    try (s) {
      CoreHead head = s.head();
      int committed = heads.indexOf(heads.stream().filter(h -> h.length() == head.length()).findFirst().orElse(null));
      if (committed < 0) {
        fail(what + ": head length " + head.length() + " was never committed");
      }
      assertHeadEquals(heads.get(committed), head);
      for (int i = 0; i < content.size(); i++) {
        int index = i;
        byte[] got = readOrNull(() -> s.readBlock(index));
        if (i < head.length() && got != MARK) {
          assertArrayEquals(content.get(i), got, what + ": block " + i);
        } else if (i >= head.length()) {
          assertNull(got, what + ": block " + i + " past the head");
        }
      }
      for (long n = 0; n < 2L * content.size(); n++) {
        long index = n;
        try {
          Node got = s.readNode(index);
          if (got != null) {
            assertEquals(nodes.get(index), got, what + ": node " + index);
          }
        } catch (HyperbeeException expected) {
          // reported damage
        }
      }
    }
  }

  private static final byte[] MARK = new byte[0];

  private static byte[] readOrNull(java.util.function.Supplier<byte[]> read) {
    try {
      return read.get();
    } catch (HyperbeeException e) {
      return MARK;
    } catch (UncheckedIOException e) {
      throw e;
    }
  }
}
