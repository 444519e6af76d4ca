package io.hyperbee.storage;

import static io.hyperbee.storage.CoreStorageContractTest.assertCode;
import static io.hyperbee.storage.CoreStorageContractTest.identity;
import static io.hyperbee.storage.FileCoreStorageTest.flipByte;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.merkle.Node;
import io.hyperbee.storage.StorageBatch.BlockWrite;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica's fills (blocks and nodes stored into holes below the length, no new head): written
 * without journal and, unsynced, with no force but the fill mark once per checkpoint; after a
 * power loss a torn fill reads as missing (repaired by a writable open, hidden by a read-only
 * one), while damage to what was durable before is still reported as it always was.
 */
class SparseFillTest {
  private static final int BLOCKS = 16;

  @TempDir Path tmp;

  private final List<byte[]> blocks = new ArrayList<>();
  private final List<Node> nodes = new ArrayList<>();
  private StorageBatch upgrade; // the head of all blocks, with the tree, but only the even blocks

  @BeforeEach
  void tree() {
    Random random = new Random(14);
    for (int i = 0; i < BLOCKS; i++) {
      byte[] b = new byte[1 + random.nextInt(100)];
      random.nextBytes(b);
      blocks.add(b);
    }
    StorageBatch all = new FakeTree().appendBatch(0, blocks);
    nodes.addAll(all.nodes());
    List<BlockWrite> even = new ArrayList<>();
    for (int i = 0; i < BLOCKS; i += 2) {
      even.add(new BlockWrite(i, blocks.get(i)));
    }
    upgrade = new StorageBatch(-1, even, all.nodes(), all.head());
  }

  /** A fill of block {@code i}, with its leaf node as a proof carries it (already stored: skipped). */
  private StorageBatch fill(int i) {
    return new StorageBatch(-1, List.of(new BlockWrite(i, blocks.get(i))), List.of(leaf(i)), null);
  }

  private FileCoreStorage replica(Path dir, FileOpener files) {
    FileCoreStorage s = FileCoreStorage.open(dir, true, false, false, files);
    s.create(identity(false, false));
    s.commit(upgrade);
    return s;
  }

  @Test
  void fillsAreNotJournaledAndForceOnlyTheFillMarkOncePerCheckpoint() throws IOException {
    AtomicInteger forces = new AtomicInteger();
    FileOpener counting = (path, writable) -> new ForwardingFileChannel(FileOpener.DEFAULT.open(path, writable)) {
      @Override
      public void force(boolean metaData) throws IOException {
        forces.incrementAndGet();
        real.force(metaData);
      }
    };
    Path dir = tmp.resolve("replica");
    try (FileCoreStorage s = replica(dir, counting)) {
      s.sync();
      forces.set(0);
      s.commit(fill(1));
      assertEquals(1, forces.get(), "the first fill after a checkpoint forces its fill mark");
      s.commit(fill(3));
      s.commit(fill(5));
      assertEquals(1, forces.get(), "later fills force nothing");
      assertEquals(0, Files.size(dir.resolve("journal")), "fills are not journaled");
      s.sync();
      forces.set(0);
      s.commit(fill(7));
      assertEquals(1, forces.get(), "a new checkpoint: a new fill mark");
      for (int i = 0; i < 8; i++) {
        assertArrayEquals(blocks.get(i), s.readBlock(i), "block " + i);
      }
      assertTrue(s.hasAll(0, 8));
      assertFalse(s.hasAll(8, 10));
    }
  }

  @Test
  void aFillIntoAClearedSlotIsAJournaledRewrite() {
    try (FileCoreStorage s = replica(tmp.resolve("replica"), FileOpener.DEFAULT)) {
      s.clear(2, 3);
      assertTrue(s.isCleared(2));
      s.commit(fill(2));
      assertArrayEquals(blocks.get(2), s.readBlock(2));
      assertFalse(s.isCleared(2));
    }
  }

  @Test
  void aNodeUnlikeTheStoredOneIsAJournaledRewriteNotAFill() throws IOException {
    Path dir = tmp.resolve("replica");
    try (FileCoreStorage s = replica(dir, FileOpener.DEFAULT)) {
      Node leaf = s.readNode(2);
      Node other = new Node(2, leaf.size(), new byte[32]);
      s.commit(new StorageBatch(-1, List.of(), List.of(other), null));
      assertEquals(other, s.readNode(2));
      assertTrue(Files.size(dir.resolve("journal")) > 0, "journaled");
    }
  }

  /**
   * Leaves {@code dir} as a power loss would that kept every write: fills 1, 3 and 5 (with sync
   * off) after a checkpoint, the fill mark forced, nothing else forced.
   */
  private Path unclean(String name) throws IOException {
    Path dir = tmp.resolve(name);
    PowerLossFiles files = new PowerLossFiles();
    FileCoreStorage s = replica(dir, files);
    s.sync();
    s.commit(fill(1));
    s.commit(fill(3));
    s.commit(fill(5));
    powerLossKeepingEveryWrite(s, files);
    return dir;
  }

  private static void powerLossKeepingEveryWrite(FileCoreStorage s, PowerLossFiles files) throws IOException {
    files.failAfter(1);
    assertThrows(HyperbeeException.class, s::close, "the power is off: close cannot sync");
    files.powerLoss(new Random(0) {
      @Override
      public int nextInt(int bound) {
        return 0; // every pending write kept
      }
    });
  }

  @Test
  void tornFillsReadAsMissingWhileDurableDamageIsStillReported() throws IOException {
    Path dir = unclean("replica");
    flipByte(dir.resolve("index"), 16 * 1 + 12); // a torn entry: its CRC does not match
    try (FileChannel ch = FileChannel.open(dir.resolve("index"), StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.allocate(6), 16 * 3 + 10); // a prefix of the entry reached the disk
    }
    flipByte(dir.resolve("index"), 16 * 4 + 12); // block 4 was durable before the fills: damage
    try (FileCoreStorage ro = FileCoreStorage.openReadOnly(dir)) {
      assertNull(ro.readBlock(1));
      assertNull(ro.readBlock(3));
      assertArrayEquals(blocks.get(5), ro.readBlock(5));
      assertNull(ro.readBlocks(1, 3)[0]);
      assertFalse(ro.hasAll(1, 2));
      assertCode(ErrorCode.INVALID_CHECKSUM, () -> ro.readBlock(4));
      assertTrue(ro.recoveryFindings().toString().contains("would drop 2 block(s)"), ro.recoveryFindings().toString());
    }
    try (FileCoreStorage s = FileCoreStorage.open(dir, false, false, false)) {
      assertTrue(s.recoveryFindings().toString().contains("dropped 2 block(s)"), s.recoveryFindings().toString());
      assertNull(s.readBlock(1));
      assertNull(s.readBlock(3));
      assertArrayEquals(blocks.get(5), s.readBlock(5));
      assertCode(ErrorCode.INVALID_CHECKSUM, () -> s.readBlock(4));
      assertEquals(BLOCKS / 2 - 1, s.stats().missingBlocks(), "holes: the odd blocks but 5");
      s.commit(fill(1)); // fetched again
      assertArrayEquals(blocks.get(1), s.readBlock(1));
    }
    try (FileCoreStorage s = FileCoreStorage.open(dir, false, false, false)) {
      assertEquals(List.of(), s.recoveryFindings(), "repaired and checkpointed: a clean open");
      assertArrayEquals(blocks.get(1), s.readBlock(1));
    }
  }

  /** The fill mark is a slot of the head file, not a tail to cut (the mapped writes' zero tail is). */
  @Test
  void recoveryKeepsTheFillMark() throws IOException {
    Path dir = unclean("replica");
    try (FileCoreStorage ro = FileCoreStorage.openReadOnly(dir)) {
      assertEquals(List.of(), ro.recoveryFindings(), "every fill kept whole: nothing to repair");
    }
    try (FileCoreStorage s = FileCoreStorage.open(dir, false, false, false)) {
      assertEquals(List.of(), s.recoveryFindings(), "every fill kept whole: nothing to repair");
      assertArrayEquals(blocks.get(5), s.readBlock(5));
    }
  }

  @Test
  void withoutAFillMarkNothingIsScannedAsBeforeFillsExisted() throws IOException {
    Path dir = unclean("replica");
    flipByte(dir.resolve("index"), 16 * 1 + 12);
    try (FileChannel ch = FileChannel.open(dir.resolve("head"), StandardOpenOption.WRITE)) {
      ch.truncate(4L * HeadFile.SLOT_SIZE); // a store written before fill marks: slots 0 to 3 only
    }
    try (FileCoreStorage s = FileCoreStorage.open(dir, false, false, false)) {
      assertCode(ErrorCode.INVALID_CHECKSUM, () -> s.readBlock(1));
      assertArrayEquals(blocks.get(3), s.readBlock(3));
    }
  }

  /**
   * A fill's node record torn by a power loss, in each way a disk may tear it: a writable open
   * zeroes it (it reads as missing and is fetched again), a read-only one hides it; durable
   * records damaged in the same store are still reported, a marker hit included.
   */
  @Test
  void aFillNodeTornByAPowerLossReadsAsMissing() throws IOException {
    Node leaf = leaf(9);
    Map<String, UnaryOperator<byte[]>> tears = new LinkedHashMap<>();
    tears.put("prefix", r -> zeroFrom(r, 20)); // marker 0
    tears.put("marker not written", r -> setMarkerByte(r, 0)); // marker 0, the rest the fill's
    tears.put("last bytes", r -> flip(r, 46)); // marker 2, a bad CRC
    tears.put("garbage", r -> {
      new Random(3).nextBytes(r);
      return r;
    });
    for (Map.Entry<String, UnaryOperator<byte[]>> tear : tears.entrySet()) {
      String what = tear.getKey();
      Path dir = uncleanWithFilledNode(what, leaf);
      rewriteRecord(dir, leaf.index(), tear.getValue());
      rewriteRecord(dir, 4, r -> flip(r, 46)); // durable (marker 1): damage
      rewriteRecord(dir, 6, r -> setMarkerByte(r, 0)); // durable, its marker hit: damage, not a torn fill
      try (FileCoreStorage ro = FileCoreStorage.openReadOnly(dir)) {
        assertNull(ro.readNode(leaf.index()), what);
        assertCode(ErrorCode.INVALID_CHECKSUM, () -> ro.readNode(4));
        assertCode(ErrorCode.INVALID_CHECKSUM, () -> ro.readNode(6));
        assertTrue(ro.recoveryFindings().toString().contains("would drop 1 tree node(s)"), ro.recoveryFindings().toString());
      }
      try (FileCoreStorage s = FileCoreStorage.open(dir, false, false, false)) {
        assertTrue(s.recoveryFindings().toString().contains("dropped 1 tree node(s)"), s.recoveryFindings().toString());
        assertNull(s.readNode(leaf.index()), what);
        assertCode(ErrorCode.INVALID_CHECKSUM, () -> s.readNode(4));
        assertCode(ErrorCode.INVALID_CHECKSUM, () -> s.readNode(6));
        assertArrayEquals(new byte[48], record(dir, leaf.index()), what + ": zeroed");
        s.commit(new StorageBatch(-1, List.of(), List.of(leaf), null)); // fetched again
        assertEquals(leaf, s.readNode(leaf.index()));
      }
      try (FileCoreStorage s = FileCoreStorage.open(dir, false, false, false)) {
        assertEquals(List.of(), s.recoveryFindings(), what + ": repaired and checkpointed: a clean open");
        assertEquals(leaf, s.readNode(leaf.index()));
      }
    }
  }

  /**
   * Once a checkpoint made a fill durable, its record is as durable as any other: damage to it,
   * its marker included, is reported, never read as a node that was not stored.
   */
  @Test
  void aDurableFillNodeHitIsDamageNotMissing() throws IOException {
    Node leaf = leaf(9);
    for (int at : new int[] {8, 40, 46}) {
      Path dir = tmp.resolve("durable-" + at);
      try (FileCoreStorage s = FileCoreStorage.open(dir, true, false, false)) {
        s.create(identity(false, false));
        s.commit(new StorageBatch(-1, List.of(), without(leaf), upgrade.head()));
        s.commit(new StorageBatch(-1, List.of(), List.of(leaf), null)); // a fill: marker 2
        assertEquals(leaf, s.readNode(leaf.index()));
      } // closed: a checkpoint
      flipByte(dir.resolve("tree"), 48 * leaf.index() + at);
      try (FileCoreStorage s = FileCoreStorage.open(dir, false, false, false)) {
        assertEquals(List.of(), s.recoveryFindings());
        assertCode(ErrorCode.INVALID_CHECKSUM, () -> s.readNode(leaf.index()));
      }
    }
  }

  private Node leaf(int i) {
    return nodes.stream().filter(n -> n.index() == 2L * i).findFirst().orElseThrow();
  }

  private List<Node> without(Node leaf) {
    List<Node> rest = new ArrayList<>(nodes);
    rest.remove(leaf);
    return rest;
  }

  /**
   * Leaves {@code name} as a power loss would that kept every write: every node but {@code leaf}
   * checkpointed, then {@code leaf} filled (marker 2) and nothing forced but the fill mark.
   */
  private Path uncleanWithFilledNode(String name, Node leaf) throws IOException {
    Path dir = tmp.resolve(name);
    PowerLossFiles files = new PowerLossFiles();
    FileCoreStorage s = FileCoreStorage.open(dir, true, false, false, files);
    s.create(identity(false, false));
    s.commit(new StorageBatch(-1, List.of(), without(leaf), upgrade.head()));
    s.sync();
    s.commit(new StorageBatch(-1, List.of(), List.of(leaf), null));
    powerLossKeepingEveryWrite(s, files);
    return dir;
  }

  private static byte[] record(Path dir, long index) throws IOException {
    byte[] r = new byte[48];
    try (FileChannel ch = FileChannel.open(dir.resolve("tree"), StandardOpenOption.READ)) {
      ch.read(ByteBuffer.wrap(r), 48 * index);
    }
    return r;
  }

  private static void rewriteRecord(Path dir, long index, UnaryOperator<byte[]> change) throws IOException {
    byte[] r = change.apply(record(dir, index));
    try (FileChannel ch = FileChannel.open(dir.resolve("tree"), StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(r), 48 * index);
    }
  }

  private static byte[] zeroFrom(byte[] r, int from) {
    Arrays.fill(r, from, r.length, (byte) 0);
    return r;
  }

  private static byte[] setMarkerByte(byte[] r, int value) {
    r[40] = (byte) value;
    return r;
  }

  private static byte[] flip(byte[] r, int at) {
    r[at] ^= 0x5A;
    return r;
  }
}
