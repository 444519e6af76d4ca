package io.hyperbee.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FlatTreeTest {
  @Test
  void basics() {
    assertEquals(0, FlatTree.depth(0));
    assertEquals(1, FlatTree.depth(1));
    assertEquals(2, FlatTree.depth(3));
    assertEquals(1, FlatTree.parent(0));
    assertEquals(1, FlatTree.parent(2));
    assertEquals(3, FlatTree.parent(1));
    assertEquals(2, FlatTree.sibling(0));
    assertEquals(5, FlatTree.sibling(1));
    assertEquals(1, FlatTree.leftChild(3));
    assertEquals(5, FlatTree.rightChild(3));
    assertEquals(0, FlatTree.leftSpan(3));
    assertEquals(6, FlatTree.rightSpan(3));
    assertEquals(7, FlatTree.count(3));
    assertEquals(4, FlatTree.countLeaves(3));
    assertEquals(23, FlatTree.index(3, 1));
    assertArrayEquals(new long[] {1, 5}, FlatTree.children(3));
    assertEquals(null, FlatTree.children(4));
    assertArrayEquals(new long[] {8, 14}, FlatTree.spans(11));
    assertArrayEquals(new long[] {4, 4}, FlatTree.spans(4));
  }

  @Test
  void fullRootsExamplesFromTheSpec() {
    long[][] expected = {{}, {0}, {1}, {1, 4}, {3}, {3, 8}, {3, 9}, {3, 9, 12}, {7}};
    for (int len = 0; len < expected.length; len++) {
      assertArrayEquals(expected[len], FlatTree.fullRoots(2L * len), "length " + len);
    }
    assertArrayEquals(new long[] {7, 17, 20}, FlatTree.fullRoots(22));
    assertThrows(IllegalArgumentException.class, () -> FlatTree.fullRoots(3));
  }

  @Test
  void propertiesHoldForRandomIndexes() {
    Random r = new Random(7);
    for (int i = 0; i < 100_000; i++) {
      long index = r.nextLong() >>> (3 + r.nextInt(60));
      int d = FlatTree.depth(index);
      long offset = FlatTree.offset(index);
      assertEquals(index, FlatTree.index(d, offset));
      long parent = FlatTree.parent(index);
      long sibling = FlatTree.sibling(index);
      assertEquals(parent, FlatTree.parent(sibling));
      assertEquals(index, FlatTree.sibling(sibling));
      long left = Math.min(index, sibling);
      long right = Math.max(index, sibling);
      assertEquals(left, FlatTree.leftChild(parent));
      assertEquals(right, FlatTree.rightChild(parent));
      assertEquals(FlatTree.leftSpan(left), FlatTree.leftSpan(parent));
      assertEquals(FlatTree.rightSpan(right), FlatTree.rightSpan(parent));
      assertEquals(FlatTree.count(index), FlatTree.rightSpan(index) - FlatTree.leftSpan(index) + 1);
      assertEquals(FlatTree.countLeaves(index), (FlatTree.count(index) + 1) / 2);

      FlatTree.Iterator ite = FlatTree.iterator(index);
      assertEquals(sibling, ite.sibling());
      assertEquals(parent, ite.parent());
      assertTrue(ite.contains(index));
      assertTrue(ite.contains(FlatTree.leftSpan(parent)));
      assertTrue(ite.contains(FlatTree.rightSpan(parent)));
      assertFalse(ite.contains(FlatTree.rightSpan(parent) + 1));
      if (FlatTree.leftSpan(parent) > 0) {
        assertFalse(ite.contains(FlatTree.leftSpan(parent) - 1));
      }
      assertEquals(left, FlatTree.iterator(parent).leftChild());
      assertEquals(right, FlatTree.iterator(parent).rightChild());
    }
  }

  @Test
  void fullRootsMatchTheIteratorWalkAndCoverTheTree() {
    for (long len = 0; len < 2000; len++) {
      long[] roots = FlatTree.fullRoots(2 * len);
      List<Long> walked = new ArrayList<>();
      for (FlatTree.Iterator ite = FlatTree.iterator(0); ite.fullRoot(2 * len); ite.nextTree()) {
        walked.add(ite.index());
      }
      assertEquals(roots.length, walked.size());
      long next = 0;
      for (int i = 0; i < roots.length; i++) {
        assertEquals(roots[i], walked.get(i));
        assertEquals(next, FlatTree.leftSpan(roots[i]));
        next = FlatTree.rightSpan(roots[i]) + 2;
        if (i > 0) {
          assertTrue(FlatTree.depth(roots[i]) < FlatTree.depth(roots[i - 1]));
        }
      }
      assertEquals(2 * len, next);
    }
  }

  @Test
  void largeIndexesDoNotOverflow() {
    long big = (1L << 41) + 4;
    assertEquals(big, FlatTree.leftSpan(FlatTree.parent(big)));
    long[] roots = FlatTree.fullRoots(2 * ((1L << 40) + 3));
    assertArrayEquals(new long[] {(1L << 40) - 1, (1L << 41) + 1, (1L << 41) + 4}, roots);
  }
}
