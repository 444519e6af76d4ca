package io.hyperbee.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.merkle.Node;
import io.hyperbee.storage.StorageBatch.BlockWrite;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The behaviour every {@link CoreStorage} shares. Each implementation runs it through a subclass
 * that says how to make a fresh, empty storage: {@code FileCoreStorageTest} now, and the in-memory
 * storage's test once it exists ({@code class MemoryCoreStorageTest extends
 * CoreStorageContractTest}).
 */
abstract class CoreStorageContractTest {
  private final List<CoreStorage> opened = new ArrayList<>();

  /** A new storage holding no core. */
  protected abstract CoreStorage newStorage();

  protected final CoreStorage fresh() {
    CoreStorage s = newStorage();
    opened.add(s);
    return s;
  }

  @AfterEach
  void closeAll() {
    opened.forEach(CoreStorage::close);
  }

  static CoreIdentity identity(boolean compat, boolean writable) {
    byte[] pk = filled(32, 7);
    return new CoreIdentity(compat ? pk : filled(32, 1), compat ? null : filled(97, 3), pk,
        writable ? filled(64, 9) : null, compat);
  }

  static byte[] filled(int n, int seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static byte[] block(long i) {
    return ("block-" + i + "-" + "x".repeat((int) (i % 13))).getBytes(StandardCharsets.UTF_8);
  }

  static List<byte[]> blocks(long from, long to) {
    List<byte[]> out = new ArrayList<>();
    for (long i = from; i < to; i++) {
      out.add(block(i));
    }
    return out;
  }

  protected final CoreStorage created() {
    CoreStorage s = fresh();
    s.create(identity(false, true));
    return s;
  }

  static void assertCode(ErrorCode code, Executable call) {
    HyperbeeException e = assertThrows(HyperbeeException.class, call);
    assertEquals(code, e.code(), e.getMessage());
  }

  static void assertHeadEquals(CoreHead expected, CoreHead actual) {
    assertEquals(expected.fork(), actual.fork());
    assertEquals(expected.length(), actual.length());
    assertEquals(expected.byteLength(), actual.byteLength());
    assertArrayEquals(expected.treeHash(), actual.treeHash());
    assertArrayEquals(expected.signature(), actual.signature());
  }

  /** Checks that {@code s} holds exactly the tree of {@code content}: blocks, nodes and head. */
  static void assertHolds(CoreStorage s, List<byte[]> content, long fork) {
    FakeTree expected = new FakeTree();
    for (int i = 0; i < content.size(); i++) {
      assertArrayEquals(content.get(i), s.readBlock(i), "block " + i);
      for (Node n : expected.append(content.get(i))) {
        assertEquals(n, s.readNode(n.index()), "node " + n.index());
      }
    }
    assertNull(s.readBlock(content.size()));
    assertNull(s.readNode(2L * content.size()));
    assertHeadEquals(expected.head(fork), s.head());
  }

  @Test
  void newStorageHoldsNoCore() {
    CoreStorage s = fresh();
    assertNull(s.identity());
    assertEquals(0, s.head().length());
    assertNull(s.readBlock(0));
    assertNull(s.readNode(0));
  }

  @Test
  void createStoresTheIdentity() {
    for (boolean compat : new boolean[] {false, true}) {
      for (boolean writable : new boolean[] {false, true}) {
        CoreStorage s = fresh();
        CoreIdentity id = identity(compat, writable);
        s.create(id);
        CoreIdentity got = s.identity();
        assertArrayEquals(id.key(), got.key());
        assertArrayEquals(id.manifest(), got.manifest());
        assertArrayEquals(id.publicKey(), got.publicKey());
        assertArrayEquals(id.secretKey(), got.secretKey());
        assertEquals(compat, got.compat());
        assertEquals(0, s.head().length());
        assertEquals(0, s.head().fork());
        assertNull(s.head().signature());
      }
    }
  }

  @Test
  void createTwiceIsAConflict() {
    CoreStorage s = created();
    assertCode(ErrorCode.STORAGE_CONFLICT, () -> s.create(identity(false, true)));
  }

  @Test
  void commitBeforeCreateIsAConflict() {
    CoreStorage s = fresh();
    assertCode(ErrorCode.STORAGE_CONFLICT, () -> s.commit(new FakeTree().appendBatch(0, blocks(0, 1))));
  }

  @Test
  void appendedBlocksNodesAndHeadAreReadBack() {
    CoreStorage s = created();
    FakeTree t = new FakeTree();
    List<byte[]> content = new ArrayList<>();
    for (int batch = 0; batch < 20; batch++) {
      List<byte[]> add = blocks(content.size(), content.size() + 1 + batch % 5);
      s.commit(t.appendBatch(0, add));
      content.addAll(add);
      assertHolds(s, content, 0);
    }
  }

  @Test
  void emptyAndLargeBlocksRoundTrip() {
    CoreStorage s = created();
    byte[] large = filled(3 * 1024 * 1024 + 17, 5);
    List<byte[]> content = List.of(new byte[0], large, new byte[0], new byte[] {0});
    s.commit(new FakeTree().appendBatch(0, content));
    assertHolds(s, content, 0);
  }

  @Test
  void nothingPastTheLengthIsVisible() {
    CoreStorage s = created();
    s.commit(new FakeTree().appendBatch(0, blocks(0, 3)));
    assertNull(s.readBlock(3));
    assertNull(s.readBlock(Long.MAX_VALUE));
    assertNotNull(s.readNode(1));
    assertNotNull(s.readNode(4));
    assertNull(s.readNode(3)); // spans blocks 0..3
    assertNull(s.readNode(5));
    assertNull(s.readNode(Long.MAX_VALUE));
  }

  @Test
  void truncationDropsBlocksNodesAndSpanningAncestors() {
    CoreStorage s = created();
    List<byte[]> content = blocks(0, 8);
    s.commit(new FakeTree().appendBatch(0, content));
    FakeTree kept = FakeTree.of(content.subList(0, 3));
    s.commit(new StorageBatch(3, List.of(), List.of(), kept.head(1)));
    assertHolds(s, content.subList(0, 3), 1);
    assertNull(s.readNode(3)); // spans the cut
    assertNull(s.readNode(7));
    // the fork grows again with other data
    List<byte[]> next = new ArrayList<>(content.subList(0, 3));
    List<byte[]> other = List.of("other-3".getBytes(), "other-4".getBytes());
    s.commit(kept.appendBatch(1, other));
    next.addAll(other);
    assertHolds(s, next, 1);
  }

  @Test
  void truncateAndAppendInOneBatch() {
    CoreStorage s = created();
    List<byte[]> content = blocks(0, 6);
    s.commit(new FakeTree().appendBatch(0, content));
    FakeTree t = FakeTree.of(content.subList(0, 2));
    List<byte[]> replaced = List.of("r2".getBytes(), "r3".getBytes(), "r4".getBytes(), "r5".getBytes(), "r6".getBytes());
    StorageBatch append = t.appendBatch(4, replaced);
    s.commit(new StorageBatch(2, append.blocks(), append.nodes(), append.head()));
    List<byte[]> expected = new ArrayList<>(content.subList(0, 2));
    expected.addAll(replaced);
    assertHolds(s, expected, 4);
  }

  @Test
  void truncateToZero() {
    CoreStorage s = created();
    s.commit(new FakeTree().appendBatch(0, blocks(0, 5)));
    s.commit(new StorageBatch(0, List.of(), List.of(), new FakeTree().head(1)));
    assertHolds(s, List.of(), 1);
    assertNull(s.readNode(1));
    s.commit(new FakeTree().appendBatch(1, blocks(10, 12)));
    assertHolds(s, blocks(10, 12), 1);
  }

  @Test
  void readBlocksMatchesReadBlockOverEveryRun() {
    CoreStorage s = created();
    List<byte[]> content = blocks(0, 30);
    FakeTree t = new FakeTree();
    s.commit(t.appendBatch(0, content.subList(0, 10)));
    s.commit(t.appendBatch(0, content.subList(10, 30)));
    for (int start = 0; start <= 32; start += 3) {
      for (int count : new int[] {0, 1, 7, 30}) {
        byte[][] run = s.readBlocks(start, count);
        assertEquals(count, run.length);
        for (int k = 0; k < count; k++) {
          assertArrayEquals(s.readBlock(start + k), run[k], "block " + (start + k));
        }
      }
    }
  }

  @Test
  void readBlocksOfScatteredIndexesMatchesReadBlock() {
    CoreStorage s = created();
    List<byte[]> content = blocks(0, 30);
    FakeTree t = new FakeTree();
    s.commit(t.appendBatch(0, content.subList(0, 10)));
    s.commit(t.appendBatch(0, content.subList(10, 30)));
    long[][] cases = {{}, {7}, {29, 0, 13, 4}, {3, 28, 3, 11}, {5, 31, 40, 2}};
    for (long[] indexes : cases) {
      byte[][] read = s.readBlocks(indexes);
      assertEquals(indexes.length, read.length);
      for (int k = 0; k < indexes.length; k++) {
        assertArrayEquals(s.readBlock(indexes[k]), read[k], "block " + indexes[k]);
      }
    }
    assertThrows(IllegalArgumentException.class, () -> s.readBlocks(new long[] {2, -1}));
  }

  @Test
  void readBlocksOfScatteredIndexesLeavesHolesOfASparseCoreEmpty() {
    CoreStorage s = created();
    List<byte[]> content = blocks(0, 12);
    FakeTree full = FakeTree.of(content);
    s.commit(new StorageBatch(-1, List.of(), full.roots(), full.head(0)));
    s.commit(new StorageBatch(-1, List.of(new BlockWrite(3, content.get(3)), new BlockWrite(7, content.get(7))),
        List.of(), null));
    byte[][] read = s.readBlocks(new long[] {9, 7, 0, 3, 11});
    assertNull(read[0]);
    assertArrayEquals(content.get(7), read[1]);
    assertNull(read[2]);
    assertArrayEquals(content.get(3), read[3]);
    assertNull(read[4]);
  }

  @Test
  void readBlocksLeavesHolesOfASparseCoreEmpty() {
    CoreStorage s = created();
    List<byte[]> content = blocks(0, 12);
    FakeTree full = FakeTree.of(content);
    s.commit(new StorageBatch(-1, List.of(), full.roots(), full.head(0)));
    s.commit(new StorageBatch(-1, List.of(new BlockWrite(3, content.get(3)), new BlockWrite(4, content.get(4)),
        new BlockWrite(7, content.get(7))), List.of(), null));
    byte[][] run = s.readBlocks(2, 7);
    for (int k = 0; k < 7; k++) {
      int i = 2 + k;
      assertArrayEquals(i == 3 || i == 4 || i == 7 ? content.get(i) : null, run[k], "block " + i);
    }
  }

  @Test
  void sparseBlocksAreStoredAtAnyIndexBelowTheLength() {
    CoreStorage s = created();
    List<byte[]> content = blocks(0, 40);
    FakeTree full = FakeTree.of(content);
    // a replica learns the signed head and the roots first, then fetches blocks in any order
    s.commit(new StorageBatch(-1, List.of(), full.roots(), full.head(0)));
    assertEquals(40, s.head().length());
    assertNull(s.readBlock(0));
    for (int i : new int[] {33, 2, 17, 39, 0}) {
      s.commit(new StorageBatch(-1, List.of(new BlockWrite(i, content.get(i))), List.of(), null));
    }
    for (int i = 0; i < 40; i++) {
      boolean stored = i == 33 || i == 2 || i == 17 || i == 39 || i == 0;
      assertArrayEquals(stored ? content.get(i) : null, s.readBlock(i), "block " + i);
    }
    for (Node root : full.roots()) {
      assertEquals(root, s.readNode(root.index()));
    }
    assertNull(s.readNode(2));
    assertHeadEquals(full.head(0), s.head());
    // several sparse blocks and their nodes at once, and storing a block again
    FakeTree shadow = new FakeTree();
    List<Node> leaves = new ArrayList<>();
    for (byte[] b : content) {
      leaves.add(shadow.append(b).get(0));
    }
    s.commit(new StorageBatch(-1, List.of(new BlockWrite(5, content.get(5)), new BlockWrite(2, content.get(2))),
        List.of(leaves.get(5), leaves.get(2)), null));
    assertArrayEquals(content.get(5), s.readBlock(5));
    assertArrayEquals(content.get(2), s.readBlock(2));
    assertEquals(leaves.get(5), s.readNode(10));
  }

  @Test
  void rejectedBatchesChangeNothing() {
    CoreStorage s = created();
    FakeTree t = new FakeTree();
    s.commit(t.appendBatch(0, blocks(0, 4)));
    CoreHead before = s.head();
    FakeTree longer = FakeTree.of(blocks(0, 6));
    List<Executable> bad = List.of(
        () -> s.commit(null),
        () -> s.commit(new StorageBatch(-1, List.of(new BlockWrite(4, block(4))), List.of(), null)), // past the length
        () -> s.commit(new StorageBatch(-1, List.of(new BlockWrite(-1, block(4))), List.of(), null)),
        () -> s.commit(new StorageBatch(-1, List.of(new BlockWrite(1, null)), List.of(), null)),
        () -> s.commit(new StorageBatch(-1,
            List.of(new BlockWrite(4, block(4)), new BlockWrite(4, block(5))), List.of(), longer.head(0))),
        () -> s.commit(new StorageBatch(-1, List.of(),
            List.of(new Node(8, 1, new byte[32]), new Node(8, 2, new byte[32])), longer.head(0))),
        () -> s.commit(new StorageBatch(-1, List.of(), List.of(new Node(11, 1, new byte[32])), longer.head(0))),
        () -> s.commit(new StorageBatch(-1, List.of(), List.of(new Node(8, 1, new byte[31])), longer.head(0))),
        () -> s.commit(new StorageBatch(-1, List.of(), List.of(new Node(8, -1, new byte[32])), longer.head(0))),
        () -> s.commit(new StorageBatch(-1, List.of(), List.of(), FakeTree.of(blocks(0, 2)).head(0))), // shrinks
        () -> s.commit(new StorageBatch(2, List.of(), List.of(), null)), // truncation without head
        () -> s.commit(new StorageBatch(-1, List.of(), List.of(), new CoreHead(0, 6, 0, new byte[3], null))),
        () -> s.commit(new StorageBatch(-1, List.of(), List.of(), new CoreHead(-1, 6, 0, null, null))),
        () -> s.commit(new StorageBatch(-1, List.of(), List.of(), new CoreHead(0, 6, 0, null, new byte[100_000]))));
    for (Executable call : bad) {
      RuntimeException e = assertThrows(RuntimeException.class, call);
      assertTrue(e instanceof IllegalArgumentException || e instanceof NullPointerException, e.toString());
    }
    assertHeadEquals(before, s.head());
    assertHolds(s, blocks(0, 4), 0);
  }

  @Test
  void aBlockOrNodeGivenTwiceAlikeIsStoredOnce() {
    CoreStorage s = created();
    FakeTree t = new FakeTree();
    StorageBatch batch = t.appendBatch(0, blocks(0, 4));
    List<BlockWrite> blocks = new ArrayList<>(batch.blocks());
    blocks.add(new BlockWrite(2, block(2)));
    List<Node> nodes = new ArrayList<>(batch.nodes());
    nodes.addAll(batch.nodes().subList(0, 3));
    s.commit(new StorageBatch(-1, blocks, nodes, batch.head()));
    assertHolds(s, blocks(0, 4), 0);
  }

  @Test
  void badArgumentsAreNamed() {
    CoreStorage s = created();
    assertThrows(IllegalArgumentException.class, () -> s.readBlock(-1));
    assertThrows(IllegalArgumentException.class, () -> s.readNode(-1));
    CoreStorage other = fresh();
    assertThrows(NullPointerException.class, () -> other.create(null));
    assertThrows(IllegalArgumentException.class,
        () -> other.create(new CoreIdentity(new byte[31], null, new byte[32], null, true)));
    assertThrows(IllegalArgumentException.class,
        () -> other.create(new CoreIdentity(new byte[32], null, new byte[32], new byte[32], true)));
    assertNull(other.identity());
  }

  @Test
  void closeIsIdempotentAndEndsUse() {
    CoreStorage s = created();
    s.commit(new FakeTree().appendBatch(0, blocks(0, 2)));
    s.close();
    assertDoesNotThrow(s::close);
    assertCode(ErrorCode.CLOSED, s::head);
    assertCode(ErrorCode.CLOSED, s::identity);
    assertCode(ErrorCode.CLOSED, () -> s.readBlock(0));
    assertCode(ErrorCode.CLOSED, () -> s.readNode(0));
    assertCode(ErrorCode.CLOSED, () -> s.commit(new StorageBatch(-1, List.of(), List.of(), null)));
    assertCode(ErrorCode.CLOSED, () -> s.create(identity(true, true)));
  }

  @Test
  void readersRaceTheWriterWithoutSeeingPartialBatches() throws Exception {
    CoreStorage s = created();
    FakeTree t = new FakeTree();
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<Integer>> readers = new ArrayList<>();
      for (int r = 0; r < 3; r++) {
        int seed = r;
        readers.add(pool.submit(() -> {
          Random random = new Random(seed);
          int reads = 0;
          while (!done.get() || reads == 0) {
            CoreHead h = s.head();
            long length = h.length();
            // a batch is whole: the head's length is always a multiple of 7
            assertEquals(0, length % 7, "partial batch visible");
            if (length > 0) {
              long i = random.nextInt((int) length);
              assertArrayEquals(block(i), s.readBlock(i), "block " + i);
              assertNotNull(s.readNode(2 * i));
            }
            reads++;
          }
          return reads;
        }));
      }
      for (int batch = 0; batch < 150; batch++) {
        s.commit(t.appendBatch(0, blocks(t.length(), t.length() + 7)));
      }
      done.set(true);
      for (Future<Integer> f : readers) {
        assertTrue(f.get(60, TimeUnit.SECONDS) > 0);
      }
    } finally {
      done.set(true);
      pool.shutdownNow();
    }
  }
}
