package io.hyperbee.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TreeBatchTest {
  @Test
  void nodesByIndexIsEveryCreatedNodeSortedByIndex() {
    Random random = new Random(18);
    TreeState state = TreeState.empty();
    int checkedUnsorted = 0;
    for (int round = 0; round < 300; round++) {
      TreeBatch batch = new TreeBatch(state);
      int count = 1 + random.nextInt(round % 10 == 0 ? 1100 : 40);
      for (int i = 0; i < count; i++) {
        byte[] block = new byte[random.nextInt(20)];
        random.nextBytes(block);
        batch.append(block);
      }
      List<Node> expected = new ArrayList<>(batch.nodes());
      if (!expected.equals(sorted(expected))) {
        checkedUnsorted++;
      }
      expected.sort(Comparator.comparingLong(Node::index));
      assertEquals(expected, batch.nodesByIndex(), "round " + round + " from length " + state.length());
      state = batch.toState(0, null);
    }
    assertNotEquals(0, checkedUnsorted, "creation order was always sorted: the test checks nothing");
  }

  @Test
  void nodesByIndexOfReceivedRootsBelowTheBase() {
    TestTree tree = TestTree.named(13);
    TreeBatch batch = new TreeBatch(TreeState.empty());
    for (Node root : tree.state.roots()) {
      batch.appendRoot(root, FlatTree.iterator(root.index()));
    }
    List<Node> expected = sorted(batch.nodes());
    assertEquals(expected, batch.nodesByIndex());
  }

  @Test
  void oneBlockAppendMakesWhatABatchOfOneMakes() {
    Random random = new Random(1818);
    TreeState state = TreeState.empty();
    for (int i = 0; i < 1100; i++) {
      byte[] block = new byte[random.nextInt(300)];
      random.nextBytes(block);
      TreeBatch batch = new TreeBatch(state);
      batch.append(block);
      TreeState expected = batch.toState(3, null);
      TreeBatch.OneBlock one = TreeBatch.appendOne(state, 3, block);
      assertEquals(batch.nodesByIndex(), one.nodesByIndex(), "nodes at length " + state.length());
      assertEquals(expected.roots(), one.state().roots(), "roots at length " + state.length());
      assertEquals(expected.length(), one.state().length());
      assertEquals(expected.byteLength(), one.state().byteLength());
      assertEquals(3, one.state().fork());
      assertArrayEquals(expected.treeHash(), one.state().treeHash());
      state = one.state();
    }
  }

  private static List<Node> sorted(List<Node> nodes) {
    List<Node> copy = new ArrayList<>(nodes);
    copy.sort(Comparator.comparingLong(Node::index));
    return copy;
  }
}
