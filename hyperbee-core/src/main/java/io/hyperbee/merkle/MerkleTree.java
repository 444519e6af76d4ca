package io.hyperbee.merkle;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import java.util.ArrayList;
import java.util.List;

/** Tree queries over stored nodes (hypercore {@code MerkleTree} static helpers). */
public final class MerkleTree {
  private MerkleTree() {}

  /** The roots of the tree at {@code length}, read from {@code reader}. */
  public static List<Node> rootsAt(NodeReader reader, long length) {
    long[] indexes = FlatTree.fullRoots(2 * length);
    List<Node> roots = new ArrayList<>(indexes.length);
    for (long index : indexes) {
      roots.add(require(reader, index));
    }
    return roots;
  }

  /**
   * The state after truncating {@code state} to {@code newLength} at fork {@code fork}
   * (unsigned): its roots are nodes that already exist below the cut.
   */
  public static TreeState truncate(TreeState state, NodeReader reader, long newLength, long fork) {
    if (newLength < 0 || newLength > state.length()) {
      throw new IllegalArgumentException(
          "newLength " + newLength + " outside 0.." + state.length());
    }
    long[] indexes = FlatTree.fullRoots(2 * newLength);
    List<Node> roots = new ArrayList<>(indexes.length);
    List<Node> old = state.roots();
    for (int i = 0; i < indexes.length; i++) {
      roots.add(i < old.size() && old.get(i).index() == indexes[i] ? old.get(i) : require(reader, indexes[i]));
    }
    return new TreeState(fork, roots, null);
  }

  /**
   * Byte offset of the first block under flat index {@code index} in the tree of {@code state}
   * (hypercore {@code getByteOffset}).
   */
  public static long byteOffset(TreeState state, NodeReader reader, long index) {
    if (index == 2 * state.length()) {
      return state.byteLength();
    }
    if ((index & 1) == 1) {
      index = FlatTree.leftSpan(index);
    }
    long head = 0;
    long offset = 0;
    for (Node root : state.roots()) {
      head += 2 * (root.index() - head + 1);
      if (index >= head) {
        offset += root.size();
        continue;
      }
      FlatTree.Iterator ite = FlatTree.iterator(root.index());
      while (ite.index() != index) {
        if (index < ite.index()) {
          ite.leftChild();
        } else {
          offset += require(reader, ite.leftChild()).size();
          ite.sibling();
        }
      }
      return offset;
    }
    throw new IllegalArgumentException("index " + index + " is outside the tree");
  }

  /**
   * How many levels above flat {@code index} a replica lacks in a tree of {@code length} blocks
   * (hypercore {@code missingNodes}): walk up until a stored node or a root.
   */
  public static int missingNodes(NodeReader reader, long index, long length) {
    long head = 2 * length;
    FlatTree.Iterator ite = FlatTree.iterator(index);
    if (ite.index() + ite.factor() / 2 - 1 >= head) {
      return 0;
    }
    int count = 0;
    while (!ite.contains(head) && reader.node(ite.index()) == null) {
      count++;
      ite.parent();
    }
    return count;
  }

  static Node require(NodeReader reader, long index) {
    Node n = reader.node(index);
    if (n == null) {
      throw new HyperbeeException(ErrorCode.BLOCK_NOT_AVAILABLE, "tree node " + index + " is not stored");
    }
    return n;
  }
}
