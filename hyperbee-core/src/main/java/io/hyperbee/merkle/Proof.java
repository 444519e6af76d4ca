package io.hyperbee.merkle;

import io.hyperbee.crypto.Manifest;
import java.util.List;

/**
 * A peer's answer to a {@link ProofRequest} (the parts of hypercore's wire {@code data}
 * message). Node lists are in the exact order JS sends them; the verifier knows which index to
 * expect next and refuses anything else. Serialized by {@link ProofCodec}.
 */
public record Proof(
    long fork, BlockProof block, HashProof hash, SeekProof seek, UpgradeProof upgrade, Manifest manifest) {

  /** A block value and its uncles, from the leaf's sibling upward. */
  public record BlockProof(long index, byte[] value, List<Node> nodes) {
    public BlockProof {
      nodes = List.copyOf(nodes);
    }
  }

  /** A node (first in {@code nodes}) and its uncles. */
  public record HashProof(long index, List<Node> nodes) {
    public HashProof {
      nodes = List.copyOf(nodes);
    }
  }

  /** The node containing byte offset {@code bytes} and its uncles. */
  public record SeekProof(long bytes, List<Node> nodes) {
    public SeekProof {
      nodes = List.copyOf(nodes);
    }
  }

  /**
   * Nodes that grow a tree from {@code start} to {@code start + length}, then
   * {@code additionalNodes} up to the signer's full length, and the signature of that state.
   */
  public record UpgradeProof(
      long start, long length, List<Node> nodes, List<Node> additionalNodes, byte[] signature) {
    public UpgradeProof {
      nodes = List.copyOf(nodes);
      additionalNodes = List.copyOf(additionalNodes);
    }

    /** The length this upgrade proves (hypercore {@code upgradeLength}). */
    public long upgradeLength() {
      if (!additionalNodes.isEmpty()) {
        return FlatTree.rightSpan(additionalNodes.get(additionalNodes.size() - 1).index()) / 2 + 1;
      }
      return start + length;
    }
  }

  public Proof withBlockValue(byte[] value) {
    return new Proof(fork, new BlockProof(block.index(), value, block.nodes()), hash, seek, upgrade, manifest);
  }

  public Proof withManifest(Manifest manifest) {
    return new Proof(fork, block, hash, seek, upgrade, manifest);
  }
}
