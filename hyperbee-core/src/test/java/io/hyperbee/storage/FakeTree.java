package io.hyperbee.storage;

import io.hyperbee.merkle.FlatTree;
import io.hyperbee.merkle.Node;
import io.hyperbee.storage.StorageBatch.BlockWrite;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in Merkle tree for storage tests: the shape of the flat tree, with SHA-256 hashes and a
 * made-up 64-byte "signature" over (tree hash, length, fork). Lets storage tests build realistic
 * batches (leaves, parents, roots, heads) without the merkle and crypto packages.
 */
final class FakeTree {
  private final List<Node> roots = new ArrayList<>();
  private long length;
  private long byteLength;

  /** The tree of {@code blocks}. */
  static FakeTree of(List<byte[]> blocks) {
    FakeTree t = new FakeTree();
    for (byte[] b : blocks) {
      t.append(b);
    }
    return t;
  }

  /** The tree stored in {@code s}, read back from its roots (to keep appending to it). */
  static FakeTree resume(CoreStorage s) {
    FakeTree t = new FakeTree();
    CoreHead head = s.head();
    long offset = 0;
    for (long left = head.length(); left > 0; ) {
      long chunk = Long.highestOneBit(left);
      Node root = s.readNode(2 * offset + chunk - 1);
      if (root == null) {
        throw new IllegalStateException("root " + (2 * offset + chunk - 1) + " missing at length " + head.length());
      }
      t.roots.add(root);
      offset += chunk;
      left -= chunk;
    }
    t.length = head.length();
    t.byteLength = head.byteLength();
    return t;
  }

  long length() {
    return length;
  }

  /** Adds a leaf and the parents it completes; returns the new nodes. */
  List<Node> append(byte[] block) {
    List<Node> created = new ArrayList<>();
    Node leaf = new Node(2 * length, block.length, sha(block));
    created.add(leaf);
    roots.add(leaf);
    length++;
    byteLength += block.length;
    while (roots.size() >= 2) {
      Node a = roots.get(roots.size() - 2);
      Node b = roots.get(roots.size() - 1);
      long p = FlatTree.parent(a.index());
      if (p != FlatTree.parent(b.index())) {
        break;
      }
      Node parent = new Node(p, a.size() + b.size(), sha(a.hash(), b.hash()));
      roots.remove(roots.size() - 1);
      roots.set(roots.size() - 1, parent);
      created.add(parent);
    }
    return created;
  }

  /** A batch appending {@code blocks} to this tree (mutates it), with the resulting head. */
  StorageBatch appendBatch(long fork, List<byte[]> blocks) {
    List<BlockWrite> writes = new ArrayList<>();
    List<Node> nodes = new ArrayList<>();
    for (byte[] b : blocks) {
      writes.add(new BlockWrite(length, b));
      nodes.addAll(append(b));
    }
    return new StorageBatch(-1, writes, nodes, head(fork));
  }

  List<Node> roots() {
    return List.copyOf(roots);
  }

  byte[] treeHash() {
    ByteBuffer buf = ByteBuffer.allocate(roots.size() * 48);
    for (Node r : roots) {
      buf.putLong(r.index()).putLong(r.size()).put(r.hash());
    }
    return sha(buf.array());
  }

  CoreHead head(long fork) {
    return new CoreHead(fork, length, byteLength, treeHash(), signature(treeHash(), length, fork));
  }

  static byte[] signature(byte[] treeHash, long length, long fork) {
    byte[] half = sha(treeHash, ByteBuffer.allocate(16).putLong(length).putLong(fork).array());
    byte[] sig = new byte[64];
    System.arraycopy(half, 0, sig, 0, 32);
    System.arraycopy(sha(half), 0, sig, 32, 32);
    return sig;
  }

  static byte[] sha(byte[]... parts) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (byte[] p : parts) {
        md.update(p);
      }
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
