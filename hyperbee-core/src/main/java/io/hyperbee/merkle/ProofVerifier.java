package io.hyperbee.merkle;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.crypto.NodeHasher;
import io.hyperbee.crypto.Verifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Verifies a {@link Proof} against a trusted local tree (hypercore {@code verifyTree},
 * {@code verifyUpgrade}, {@code MerkleTree.verify}): (a) the block/hash/seek path is hashed into
 * one unverified node; (b) an upgrade grows the local roots with the upgrade nodes (or that
 * node) in the fixed order, then the additional nodes, and its signature must verify for the new
 * {@code (treeHash, length, fork)}; (c) an unverified node not absorbed by an upgrade must equal
 * the node stored locally. Nothing is stored here.
 *
 * <p>Stricter than JS so that a proof has exactly one accepted form: upgrades must start at the
 * local length, unused upgrade nodes are refused, a proof without upgrade must be on the local
 * fork, and sizes are compared along with hashes.
 */
public final class ProofVerifier {
  private ProofVerifier() {}

  /**
   * Verifies {@code proof} against the trusted {@code local} state and the nodes {@code reader}
   * holds; {@code verifier} checks the signature of an upgrade.
   *
   * @throws HyperbeeException {@code INVALID_PROOF} or {@code INVALID_SIGNATURE} naming the problem
   */
  public static VerifiedProof verify(TreeState local, NodeReader reader, Verifier verifier, Proof proof) {
    return verify(local, reader, verifier, proof, null);
  }

  /**
   * Like {@link #verify(TreeState, NodeReader, Verifier, Proof)}, and also checks that the proof
   * answers {@code request} (same block/hash index, seek offset, upgrade range) when it is not
   * null.
   */
  public static VerifiedProof verify(
      TreeState local, NodeReader reader, Verifier verifier, Proof proof, ProofRequest request) {
    if (request != null) {
      checkAnswers(proof, request);
    }
    try {
      return doVerify(local, reader, verifier, proof);
    } catch (ArithmeticException | IllegalArgumentException e) {
      throw invalid("malformed proof: " + e.getMessage());
    }
  }

  private static VerifiedProof doVerify(TreeState local, NodeReader reader, Verifier verifier, Proof proof) {
    Proof.UpgradeProof upgrade = proof.upgrade();
    if (proof.block() == null && proof.hash() == null && proof.seek() == null && upgrade == null) {
      throw invalid("proof proves nothing");
    }
    if (proof.block() != null && proof.hash() != null) {
      throw invalid("proof has both a block and a hash part");
    }
    if (upgrade == null && proof.fork() != local.fork()) {
      throw invalid("proof is for fork " + proof.fork() + ", local fork is " + local.fork());
    }
    if (upgrade != null) {
      if (proof.fork() < local.fork() || (proof.fork() != local.fork() && local.length() > 0)) {
        throw invalid("upgrade to fork " + proof.fork() + " from fork " + local.fork() + " (reorgs are not supported)");
      }
      if (upgrade.start() != local.length()) {
        throw invalid("upgrade starts at " + upgrade.start() + ", local length is " + local.length());
      }
      if (upgrade.length() <= 0) {
        throw invalid("upgrade of length " + upgrade.length());
      }
    }

    List<Node> nodes = new ArrayList<>();
    Node unverified = verifyTree(proof, nodes);

    TreeState state = null;
    if (upgrade != null) {
      TreeBatch batch = new TreeBatch(local);
      boolean absorbed = verifyUpgrade(upgrade, unverified, batch);
      if (absorbed) {
        unverified = null;
      }
      state = batch.toState(proof.fork(), upgrade.signature());
      if (!verifier.verify(state.treeHash(), state.length(), state.fork(), upgrade.signature())) {
        throw new HyperbeeException(
            ErrorCode.INVALID_SIGNATURE,
            "upgrade signature does not verify for length " + state.length() + ", fork " + state.fork());
      }
      nodes.addAll(batch.nodes());
    }

    if (unverified != null) {
      Node trusted = reader.node(unverified.index());
      if (trusted == null || (upgrade == null && unverified.index() >= 2 * local.length())) {
        throw invalid("node " + unverified.index() + " is not in the verified local tree");
      }
      if (trusted.size() != unverified.size() || !Arrays.equals(trusted.hash(), unverified.hash())) {
        throw invalid("node " + unverified.index() + " does not match the verified tree");
      }
    }

    if (proof.seek() != null) {
      checkSeek(proof.seek(), state != null ? state : local, reader, nodes);
    }

    Proof.BlockProof block = proof.block();
    return new VerifiedProof(state, nodes, block == null ? -1 : block.index(), block == null ? null : block.value());
  }

  private static void checkAnswers(Proof proof, ProofRequest req) {
    if ((req.block() == null) != (proof.block() == null)
        || (req.block() != null && req.block().index() != proof.block().index())) {
      throw invalid("proof does not answer the block request " + req.block());
    }
    if ((req.hash() == null) != (proof.hash() == null)
        || (req.hash() != null && req.hash().index() != proof.hash().index())) {
      throw invalid("proof does not answer the hash request " + req.hash());
    }
    if (proof.seek() != null && (req.seek() == null || req.seek().bytes() != proof.seek().bytes())) {
      throw invalid("proof does not answer the seek request " + req.seek());
    }
    if ((req.upgrade() == null) != (proof.upgrade() == null)
        || (req.upgrade() != null
            && (req.upgrade().start() != proof.upgrade().start()
                || req.upgrade().length() != proof.upgrade().length()))) {
      throw invalid("proof does not answer the upgrade request " + req.upgrade());
    }
  }

  /** The seek node must cover the byte offset it claims (its end inclusive, as JS seeks). */
  private static void checkSeek(Proof.SeekProof seek, TreeState tree, NodeReader reader, List<Node> verified) {
    java.util.Map<Long, Node> overlay = new java.util.HashMap<>();
    for (Node n : verified) {
      overlay.put(n.index(), n);
    }
    NodeReader both = i -> {
      Node n = overlay.get(i);
      return n != null ? n : reader.node(i);
    };
    Node root = seek.nodes().get(0);
    if (FlatTree.rightSpan(root.index()) >= 2 * tree.length()) {
      throw invalid("seek node " + root.index() + " is outside the tree");
    }
    long offset;
    try {
      offset = MerkleTree.byteOffset(tree, both, root.index());
    } catch (HyperbeeException e) {
      throw invalid("cannot place seek node " + root.index() + ": " + e.getMessage());
    }
    if (seek.bytes() < offset || seek.bytes() > offset + root.size()) {
      throw invalid("seek node " + root.index() + " does not contain byte " + seek.bytes());
    }
  }

  /** Hashes the block/hash/seek path into one node (null when the proof has none). */
  private static Node verifyTree(Proof proof, List<Node> out) {
    NodeHasher hasher = NodeHasher.local();
    long untrustedIndex;
    byte[] value = null;
    List<Node> untrustedNodes;
    if (proof.block() != null) {
      untrustedIndex = checkedIndex(proof.block().index()) * 2;
      value = proof.block().value();
      untrustedNodes = proof.block().nodes();
      if (value == null) {
        throw invalid("block proof without a value");
      }
    } else if (proof.hash() != null) {
      untrustedIndex = checkedIndex(proof.hash().index());
      untrustedNodes = proof.hash().nodes();
    } else {
      untrustedIndex = -1;
      untrustedNodes = null;
    }
    Proof.SeekProof seek = proof.seek();
    if (untrustedNodes == null && (seek == null || seek.nodes().isEmpty())) {
      if (seek != null) {
        throw invalid("empty seek proof");
      }
      return null;
    }

    Node root = null;
    if (seek != null && !seek.nodes().isEmpty()) {
      FlatTree.Iterator ite = FlatTree.iterator(checkedIndex(seek.nodes().get(0).index()));
      NodeQueue q = new NodeQueue(seek.nodes(), null);
      root = climb(hasher, ite, q, q.shift(ite.index()), out);
    }
    if (untrustedNodes == null) {
      return root;
    }

    FlatTree.Iterator ite = FlatTree.iterator(untrustedIndex);
    NodeQueue q = new NodeQueue(untrustedNodes, root);
    Node start = value != null ? new Node(untrustedIndex, value.length, hasher.leaf(value)) : q.shift(ite.index());
    return climb(hasher, ite, q, start, out);
  }

  /** Hashes from {@code start} up through the siblings {@code q} gives; every node goes to {@code out}. */
  private static Node climb(NodeHasher hasher, FlatTree.Iterator ite, NodeQueue q, Node start, List<Node> out) {
    Node root = start;
    out.add(root);
    while (q.size() > 0) {
      Node node = q.shift(ite.sibling());
      root = parent(hasher, ite.parent(), root, node);
      out.add(node);
      out.add(root);
    }
    return root;
  }

  /** Grows {@code batch} per the upgrade; true when {@code blockRoot} was absorbed. */
  private static boolean verifyUpgrade(Proof.UpgradeProof upgrade, Node blockRoot, TreeBatch batch) {
    NodeQueue q = new NodeQueue(upgrade.nodes(), blockRoot);
    List<Node> localRoots = new ArrayList<>(batch.roots());
    boolean grow = !localRoots.isEmpty();
    int i = 0;
    long to = 2 * (upgrade.start() + upgrade.length());
    if (to < 0 || upgrade.start() + upgrade.length() < 0) {
      throw invalid("upgrade length overflows");
    }
    FlatTree.Iterator ite = FlatTree.iterator(0);
    for (; ite.fullRoot(to); ite.nextTree()) {
      if (i < localRoots.size() && localRoots.get(i).index() == ite.index()) {
        i++;
        continue;
      }
      if (grow) {
        grow = false;
        long root = ite.index();
        if (i < localRoots.size()) {
          ite.seek(localRoots.get(localRoots.size() - 1).index());
          while (ite.index() != root) {
            batch.appendRoot(q.shift(ite.sibling()), ite);
          }
          continue;
        }
      }
      batch.appendRoot(q.shift(ite.index()), ite);
    }
    if (q.remainingNodes() > 0) {
      throw invalid("upgrade proof has " + q.remainingNodes() + " unused nodes");
    }

    List<Node> extra = upgrade.additionalNodes();
    if (!extra.isEmpty()) {
      if (batch.roots().isEmpty()) {
        throw invalid("additional nodes without a tree");
      }
      ite.seek(batch.lastRoot().index());
      int j = 0;
      while (j < extra.size() && extra.get(j).index() == ite.sibling()) {
        batch.appendRoot(extra.get(j++), ite);
      }
      while (j < extra.size()) {
        Node node = extra.get(j++);
        while (node.index() != ite.index()) {
          if (ite.factor() == 2) {
            throw invalid("unexpected additional node " + node.index());
          }
          ite.leftChild();
        }
        batch.appendRoot(node, ite);
        ite.sibling();
      }
    }
    if (batch.length() != upgrade.upgradeLength()) {
      throw invalid("upgrade proves length " + batch.length() + ", expected " + upgrade.upgradeLength());
    }
    return q.extraTaken();
  }

  private static Node parent(NodeHasher hasher, long index, Node a, Node b) {
    Node left = a.index() < b.index() ? a : b;
    Node right = left == a ? b : a;
    long size = left.size() + right.size();
    if (size < 0) {
      throw invalid("node sizes overflow");
    }
    return new Node(index, size, hasher.parent(size, left.hash(), right.hash()));
  }

  private static long checkedIndex(long index) {
    // flat-tree indexes past 2^62 would overflow the iterator arithmetic
    if (index < 0 || index > (1L << 61)) {
      throw invalid("index " + index + " out of range");
    }
    return index;
  }

  private static HyperbeeException invalid(String message) {
    return new HyperbeeException(ErrorCode.INVALID_PROOF, message);
  }

  /** Nodes in the order the verifier expects them, plus one optional node slotted in by index. */
  private static final class NodeQueue {
    private final List<Node> nodes;
    private Node extra;
    private int i;

    NodeQueue(List<Node> nodes, Node extra) {
      this.nodes = nodes;
      this.extra = extra;
    }

    int size() {
      return nodes.size() - i + (extra == null ? 0 : 1);
    }

    int remainingNodes() {
      return nodes.size() - i;
    }

    boolean extraTaken() {
      return extra == null;
    }

    Node shift(long index) {
      if (extra != null && extra.index() == index) {
        Node n = extra;
        extra = null;
        return n;
      }
      if (i >= nodes.size()) {
        throw invalid("expected node " + index + ", got none");
      }
      Node n = nodes.get(i++);
      if (n.index() != index) {
        throw invalid("expected node " + index + ", got node " + n.index());
      }
      if (n.hash() == null || n.hash().length != 32) {
        throw invalid("node " + index + " has no 32-byte hash");
      }
      return n;
    }
  }
}
