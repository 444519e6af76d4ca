package io.hyperbee.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.merkle.FlatTree;
import io.hyperbee.merkle.Node;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The storage contract on the in-memory storage, plus its own truncation check. */
class MemoryCoreStorageTest extends CoreStorageContractTest {
  @Override
  protected CoreStorage newStorage() {
    return new MemoryCoreStorage();
  }

  private static final CoreIdentity ID = new CoreIdentity(new byte[32], null, new byte[32], null, true);

  @Test
  void commitsBlocksNodesAndHeadThenTruncatesAcrossTheCut() {
    MemoryCoreStorage s = new MemoryCoreStorage();
    assertNull(s.identity());
    assertEquals(ErrorCode.STORAGE_CONFLICT, assertThrows(HyperbeeException.class,
        () -> s.commit(new StorageBatch(-1, List.of(), List.of(), null))).code());
    s.create(ID);
    assertEquals(ErrorCode.STORAGE_CONFLICT, assertThrows(HyperbeeException.class, () -> s.create(ID)).code());
    assertEquals(0, s.head().length());

    List<StorageBatch.BlockWrite> blocks = new ArrayList<>();
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < 10000; i++) {
      blocks.add(new StorageBatch.BlockWrite(i, new byte[] {(byte) i}));
    }
    for (long i = 0; i < 2 * 10000 - 1; i++) {
      if (FlatTree.rightSpan(i) < 2 * 10000) { // every node inside the tree of 10000 blocks
        nodes.add(new Node(i, 1, new byte[32]));
      }
    }
    CoreHead head = new CoreHead(0, 10000, 10000, new byte[32], new byte[68]);
    s.commit(new StorageBatch(-1, blocks, nodes, head));
    assertHeadEquals(head, s.head());
    assertArrayEquals(new byte[] {(byte) 9999}, s.readBlock(9999));
    assertNull(s.readBlock(10000));
    assertThrows(IllegalArgumentException.class, () -> s.readBlock(-1));

    CoreHead truncated = new CoreHead(1, 5, 5, new byte[32], new byte[68]);
    s.commit(new StorageBatch(5, List.of(), List.of(), truncated));
    assertHeadEquals(truncated, s.head());
    assertNotNull(s.readBlock(4));
    assertNull(s.readBlock(5));
    assertNull(s.readBlock(9999));
    // length 5: leaves 0..8 stay; 7 (spans 0..14) and 9 (spans 8..10) cross the cut, 3 and 8 do not
    assertNotNull(s.readNode(3));
    assertNotNull(s.readNode(8));
    assertNull(s.readNode(7));
    assertNull(s.readNode(9));
    assertNull(s.readNode(10));
    assertNull(s.readNode(15));
    assertNull(s.readNode(19997));
    s.close();
    assertEquals(ErrorCode.CLOSED, assertThrows(HyperbeeException.class, () -> s.readBlock(0)).code());
  }
}
