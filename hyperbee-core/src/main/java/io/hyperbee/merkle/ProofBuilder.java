package io.hyperbee.merkle;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * Builds the proof answering a {@link ProofRequest} from a signed tree state and its stored
 * nodes, node for node as hypercore's {@code generateProof} does (so a JS reader accepts it).
 * The nodes needed are known statically from the request; a missing one raises
 * {@code BLOCK_NOT_AVAILABLE}, a request that makes no sense {@code INVALID_OPERATION}.
 */
public final class ProofBuilder {
  private static final int MAX_STEPS = 1024;

  private final TreeState state;
  private final NodeReader reader;

  // pending parts, null until started (mirrors the JS "p" object)
  private List<Node> node;
  private List<Node> seek;
  private List<Node> upgrade;

  private ProofBuilder(TreeState state, NodeReader reader) {
    this.state = state;
    this.reader = reader;
  }

  /**
   * Builds the proof for {@code request} at {@code state}; {@code blocks} supplies the block value
   * of a block request (returning null when it is not stored).
   */
  public static Proof build(
      TreeState state, NodeReader reader, LongFunction<byte[]> blocks, ProofRequest request) {
    return new ProofBuilder(state, reader).build(blocks, request);
  }

  private Proof build(LongFunction<byte[]> blocks, ProofRequest req) {
    long head = 2 * state.length();
    ProofRequest.Upgrade up = req.upgrade();
    if (head == 0) {
      throw new HyperbeeException(ErrorCode.BLOCK_NOT_AVAILABLE, "the core is empty");
    }
    long from = up != null ? up.start() * 2 : 0;
    long to = up != null ? from + up.length() * 2 : head;
    if (from >= to || to > head) {
      throw invalid("invalid upgrade " + up + " at length " + state.length());
    }

    Indexed indexed = Indexed.of(req);
    if (req.seek() != null && up != null && indexed != null && indexed.index >= from) {
      throw invalid("cannot both seek and request a block or hash when upgrading");
    }
    if (indexed != null && indexed.index >= head) {
      throw new HyperbeeException(ErrorCode.BLOCK_NOT_AVAILABLE, "index " + indexed.index + " is past the length");
    }

    long subTree = head;
    if (indexed != null && (up == null || indexed.lastIndex < up.start())) {
      subTree = nodesToRoot(indexed.index, indexed.nodes, to);
      long seekRoot = req.seek() != null ? seekUntrustedTree(subTree, req.seek()) : head;
      blockAndSeekProof(indexed, req.seek() != null, seekRoot, subTree);
    } else if ((indexed != null || req.seek() != null) && up != null) {
      subTree = req.seek() != null ? seekFromHead(to, req.seek()) : indexed.index;
    }

    List<Node> additional = null;
    if (up != null) {
      upgradeProof(indexed, req.seek() != null, from, to, subTree);
      if (head > to) {
        additional = additionalUpgradeProof(to, head);
      }
    }

    Proof.BlockProof blockProof = null;
    Proof.HashProof hashProof = null;
    if (req.block() != null) {
      if (node == null) {
        throw invalid("invalid block request");
      }
      byte[] value = blocks.apply(req.block().index());
      if (value == null) {
        throw new HyperbeeException(ErrorCode.BLOCK_NOT_AVAILABLE, "block " + req.block().index() + " is not stored");
      }
      blockProof = new Proof.BlockProof(req.block().index(), value, node);
    } else if (req.hash() != null) {
      if (node == null) {
        throw invalid("invalid hash request");
      }
      hashProof = new Proof.HashProof(req.hash().index(), node);
    }
    Proof.SeekProof seekProof =
        req.seek() != null && seek != null ? new Proof.SeekProof(req.seek().bytes(), seek) : null;
    Proof.UpgradeProof upgradeProof =
        up == null
            ? null
            : new Proof.UpgradeProof(
                up.start(), up.length(), upgrade, additional == null ? List.of() : additional, state.signature());
    return new Proof(state.fork(), blockProof, hashProof, seekProof, upgradeProof, null);
  }

  /** A block or hash request in flat-tree terms (hypercore {@code normalizeIndexed}). */
  private record Indexed(boolean value, long index, long nodes, long lastIndex) {
    static Indexed of(ProofRequest req) {
      if (req.block() != null) {
        return new Indexed(true, req.block().index() * 2, req.block().nodes(), req.block().index());
      }
      if (req.hash() != null) {
        long i = req.hash().index();
        return new Indexed(false, i, req.hash().nodes(), FlatTree.rightSpan(i) / 2);
      }
      return null;
    }
  }

  private static long nodesToRoot(long index, long nodes, long head) {
    FlatTree.Iterator ite = FlatTree.iterator(index);
    if (nodes > 64) {
      throw invalid("nodes is out of bounds");
    }
    for (long i = 0; i < nodes; i++) {
      ite.parent();
      if (ite.contains(head)) {
        throw invalid("nodes is out of bounds");
      }
    }
    return ite.index();
  }

  private void seekProof(long seekRoot, long root) {
    FlatTree.Iterator ite = FlatTree.iterator(seekRoot);
    seek = new ArrayList<>();
    seek.add(get(ite.index()));
    int steps = 0;
    while (ite.index() != root) {
      checkSteps(++steps);
      ite.sibling();
      seek.add(get(ite.index()));
      ite.parent();
    }
  }

  private void blockAndSeekProof(Indexed indexed, boolean hasSeek, long seekRoot, long root) {
    if (indexed == null) {
      seekProof(seekRoot, root);
      return;
    }
    FlatTree.Iterator ite = FlatTree.iterator(indexed.index);
    node = new ArrayList<>();
    if (!indexed.value) {
      node.add(get(ite.index()));
    }
    int steps = 0;
    while (ite.index() != root) {
      checkSteps(++steps);
      ite.sibling();
      if (hasSeek && ite.contains(seekRoot) && ite.index() != seekRoot) {
        seekProof(seekRoot, ite.index());
      } else {
        node.add(get(ite.index()));
      }
      ite.parent();
    }
  }

  private void upgradeProof(Indexed indexed, boolean hasSeek, long from, long to, long subTree) {
    if (from == 0) {
      upgrade = new ArrayList<>();
    }
    for (FlatTree.Iterator ite = FlatTree.iterator(0); ite.fullRoot(to); ite.nextTree()) {
      if (ite.index() + ite.factor() / 2 < from) {
        continue; // the reader has this root already
      }
      if (upgrade == null && ite.contains(from - 2)) {
        // connect the reader's newest root to the new root covering it
        upgrade = new ArrayList<>();
        long root = ite.index();
        long target = from - 2;
        ite.seek(target);
        int steps = 0;
        while (ite.index() != root) {
          checkSteps(++steps);
          ite.sibling();
          if (ite.index() > target) {
            if (node == null && seek == null && ite.contains(subTree)) {
              blockAndSeekProof(indexed, hasSeek, subTree, ite.index());
            } else {
              upgrade.add(get(ite.index()));
            }
          }
          ite.parent();
        }
        continue;
      }
      if (upgrade == null) {
        upgrade = new ArrayList<>();
      }
      // a bundled block/seek proof inside this root replaces the root (no duplicate)
      if (node == null && seek == null && ite.contains(subTree)) {
        blockAndSeekProof(indexed, hasSeek, subTree, ite.index());
        continue;
      }
      upgrade.add(get(ite.index()));
    }
    if (upgrade == null) {
      upgrade = new ArrayList<>();
    }
  }

  private List<Node> additionalUpgradeProof(long from, long to) {
    List<Node> out = null;
    for (FlatTree.Iterator ite = FlatTree.iterator(0); ite.fullRoot(to); ite.nextTree()) {
      if (ite.index() + ite.factor() / 2 < from) {
        continue;
      }
      if (out == null && ite.contains(from - 2)) {
        out = new ArrayList<>();
        long root = ite.index();
        long target = from - 2;
        ite.seek(target);
        int steps = 0;
        while (ite.index() != root) {
          checkSteps(++steps);
          ite.sibling();
          if (ite.index() > target) {
            out.add(get(ite.index()));
          }
          ite.parent();
        }
        continue;
      }
      if (out == null) {
        out = new ArrayList<>();
      }
      out.add(get(ite.index()));
    }
    return out == null ? new ArrayList<>() : out;
  }

  /** The node containing byte {@code bytes} of the tree of {@code head} (hypercore {@code seekFromHead}). */
  private long seekFromHead(long head, ProofRequest.Seek s) {
    long bytes = s.bytes();
    for (long root : FlatTree.fullRoots(head)) {
      long size = unpaddedSize(get(root), s.padding());
      if (bytes == size) {
        return root;
      }
      if (bytes > size) {
        bytes -= size;
        continue;
      }
      return seekTrustedTree(root, bytes, s.padding());
    }
    return head;
  }

  private long seekTrustedTree(long root, long bytes, long padding) {
    if (bytes == 0) {
      return root;
    }
    FlatTree.Iterator ite = FlatTree.iterator(root);
    int steps = 0;
    while ((ite.index() & 1) != 0) {
      checkSteps(++steps);
      Node left = reader.node(ite.leftChild());
      if (left == null) {
        ite.parent();
        return ite.index();
      }
      long size = unpaddedSize(left, padding);
      if (size == bytes) {
        return ite.index();
      }
      if (size > bytes) {
        continue;
      }
      bytes -= size;
      ite.sibling();
    }
    return ite.index();
  }

  private long seekUntrustedTree(long root, ProofRequest.Seek s) {
    long offset = MerkleTree.byteOffset(state, reader, root)
        - (s.padding() != 0 ? s.padding() * FlatTree.leftSpan(root) / 2 : 0);
    long bytes = s.bytes();
    if (offset > bytes) {
      throw invalid("invalid seek");
    }
    if (offset == bytes) {
      return root;
    }
    bytes -= offset;
    if (unpaddedSize(get(root), s.padding()) <= bytes) {
      throw invalid("invalid seek");
    }
    return seekTrustedTree(root, bytes, s.padding());
  }

  private static long unpaddedSize(Node n, long padding) {
    return padding == 0 ? n.size() : n.size() - padding * FlatTree.countLeaves(n.index());
  }

  private Node get(long index) {
    return MerkleTree.require(reader, index);
  }

  private static void checkSteps(int steps) {
    if (steps >= MAX_STEPS) {
      throw invalid("proof walk does not terminate");
    }
  }

  private static HyperbeeException invalid(String message) {
    return new HyperbeeException(ErrorCode.INVALID_OPERATION, message);
  }
}
