package io.hyperbee.merkle;

import io.hyperbee.crypto.KeyPair;
import io.hyperbee.crypto.Manifest;
import io.hyperbee.crypto.Verifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A signed tree over in-memory maps: a writer, or a sparse replica that stores verified proofs. */
final class TestTree implements NodeReader {
  static final KeyPair KEY_PAIR = KeyPair.fromSeed(new byte[32]);
  static final Verifier VERIFIER = Verifier.forManifest(Manifest.defaultSigner(KEY_PAIR.publicKey()));

  final Map<Long, Node> nodes = new HashMap<>();
  final Map<Long, byte[]> blocks = new HashMap<>();
  TreeState state = TreeState.empty();

  static TestTree ofBlocks(List<byte[]> values) {
    TestTree t = new TestTree();
    t.append(values);
    return t;
  }

  /** "block0".."block{n-1}" as the spec's proof examples use. */
  static TestTree named(int n) {
    List<byte[]> values = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      values.add(("block" + i).getBytes(StandardCharsets.UTF_8));
    }
    return ofBlocks(values);
  }

  void append(List<byte[]> values) {
    TreeBatch batch = new TreeBatch(state);
    for (byte[] v : values) {
      blocks.put(batch.length(), v);
      batch.append(v);
    }
    for (Node n : batch.nodes()) {
      nodes.put(n.index(), n);
    }
    TreeState unsigned = batch.toState(state.fork(), null);
    state = unsigned.withSignature(VERIFIER.sign(KEY_PAIR, unsigned.treeHash(), unsigned.length(), unsigned.fork()));
  }

  @Override
  public Node node(long index) {
    return nodes.get(index);
  }

  Proof proof(ProofRequest request) {
    return ProofBuilder.build(state, this, blocks::get, request);
  }

  VerifiedProof apply(Proof proof) {
    return apply(proof, null);
  }

  VerifiedProof apply(Proof proof, ProofRequest request) {
    VerifiedProof v = ProofVerifier.verify(state, this, VERIFIER, proof, request);
    for (Node n : v.nodes()) {
      nodes.put(n.index(), n);
    }
    if (v.blockValue() != null) {
      blocks.put(v.blockIndex(), v.blockValue());
    }
    if (v.state() != null) {
      state = v.state();
    }
    return v;
  }

  static List<Long> indexes(List<Node> nodes) {
    List<Long> out = new ArrayList<>();
    for (Node n : nodes) {
      out.add(n.index());
    }
    return out;
  }
}
