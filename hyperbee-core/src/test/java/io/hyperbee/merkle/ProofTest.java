package io.hyperbee.merkle;

import static io.hyperbee.merkle.TestTree.indexes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Proof examples of spec 2.4 on an 11-block core, and randomized proof/verify properties. */
class ProofTest {
  private final TestTree core = TestTree.named(11);

  @Test
  void blockProofExamples() {
    Proof p = core.proof(ProofRequest.block(0, 2, 3));
    assertEquals(List.of(6L, 1L, 11L), indexes(p.block().nodes()));
    assertEquals(List.of(16L), indexes(core.proof(ProofRequest.block(0, 9, 1)).block().nodes()));
    assertArrayEquals("block2".getBytes(), p.block().value());
  }

  @Test
  void hashProofExample() {
    Proof p = core.proof(new ProofRequest(0, null, new ProofRequest.Index(5, 2), null, null, false));
    assertEquals(List.of(5L, 1L, 11L), indexes(p.hash().nodes()));
  }

  @Test
  void hashProofsVerifyAgainstTheStoredTree() {
    TestTree replica = new TestTree();
    replica.apply(core.proof(ProofRequest.upgrade(0, 0, 11)));
    ProofRequest req = new ProofRequest(0, null, new ProofRequest.Index(5, 2), null, null, false);
    VerifiedProof v = replica.apply(core.proof(req), req);
    assertEquals(core.nodes.get(5L), replica.nodes.get(5L));
    assertEquals(core.nodes.get(1L), replica.nodes.get(1L));
    assertNull(v.state());
    Proof p = core.proof(new ProofRequest(0, null, new ProofRequest.Index(9, 1), null, null, false));
    Node forged = new Node(9, p.hash().nodes().get(0).size(), new byte[32]);
    Proof bad = new Proof(0, null, new Proof.HashProof(9, List.of(forged, p.hash().nodes().get(1))), null, null, null);
    assertEquals(ErrorCode.INVALID_PROOF, assertThrows(HyperbeeException.class, () -> replica.apply(bad)).code());
  }

  @Test
  void proofsFromAnotherForkOrBeyondTheTreeAreRefused() {
    TestTree replica = new TestTree();
    replica.apply(core.proof(ProofRequest.upgrade(0, 0, 11)));
    Proof p = core.proof(ProofRequest.block(0, 4, 0));
    Proof otherFork = new Proof(1, p.block(), null, null, null, null);
    assertEquals(ErrorCode.INVALID_PROOF, assertThrows(HyperbeeException.class, () -> replica.apply(otherFork)).code());
    Proof nothing = new Proof(0, null, null, null, null, null);
    assertEquals(ErrorCode.INVALID_PROOF, assertThrows(HyperbeeException.class, () -> replica.apply(nothing)).code());
    TestTree longer = TestTree.named(12);
    Proof beyond = longer.proof(ProofRequest.block(0, 11, 0));
    assertEquals(ErrorCode.INVALID_PROOF, assertThrows(HyperbeeException.class, () -> replica.apply(beyond)).code());
    // a stale upgrade (starting below the local length) is refused too
    Proof stale = core.proof(ProofRequest.upgrade(0, 5, 6));
    assertEquals(ErrorCode.INVALID_PROOF, assertThrows(HyperbeeException.class, () -> replica.apply(stale)).code());
  }

  @Test
  void blockAndSeekProofWithoutUpgrade() {
    TestTree replica = new TestTree();
    replica.apply(core.proof(ProofRequest.upgrade(0, 0, 11)));
    ProofRequest req = ProofRequest.block(0, 0, 3).withSeek(20, 0);
    Proof p = core.proof(req);
    assertNotNull(p.seek());
    replica.apply(p, req);
    assertArrayEquals("block0".getBytes(), replica.blocks.get(0L));
    assertEquals(core.nodes.get(6L), replica.nodes.get(6L));
  }

  @Test
  void seekProofExample() {
    Proof p = core.proof(ProofRequest.upgrade(0, 0, 11).withSeek(20, 0));
    assertEquals(List.of(6L, 4L, 1L, 11L), indexes(p.seek().nodes()));
    assertEquals(List.of(17L, 20L), indexes(p.upgrade().nodes()));
    TestTree replica = new TestTree();
    replica.apply(p);
    assertEquals(11, replica.state.length());
  }

  @Test
  void upgradeProofExamples() {
    Proof p = core.proof(ProofRequest.upgrade(0, 0, 11));
    assertEquals(List.of(7L, 17L, 20L), indexes(p.upgrade().nodes()));
    assertEquals(List.of(), p.upgrade().additionalNodes());

    p = core.proof(ProofRequest.upgrade(0, 5, 3));
    assertEquals(List.of(10L, 13L), indexes(p.upgrade().nodes()));
    assertEquals(List.of(17L, 20L), indexes(p.upgrade().additionalNodes()));
    assertEquals(11, p.upgrade().upgradeLength());

    p = core.proof(ProofRequest.upgrade(0, 5, 6));
    assertEquals(List.of(10L, 13L, 17L, 20L), indexes(p.upgrade().nodes()));

    p = core.proof(ProofRequest.upgrade(0, 0, 11).withBlock(6, 0));
    assertEquals(List.of(14L, 9L, 3L), indexes(p.block().nodes()));
    assertEquals(List.of(17L, 20L), indexes(p.upgrade().nodes()));
  }

  @Test
  void upgradesVerifyFromAnEarlierLength() {
    TestTree replica = new TestTree();
    replica.apply(TestTree.named(5).proof(ProofRequest.upgrade(0, 0, 5)));
    assertEquals(5, replica.state.length());
    // the writer's signature is only for 11: the additional nodes carry the replica there
    VerifiedProof v = replica.apply(core.proof(ProofRequest.upgrade(0, 5, 3)));
    assertEquals(11, v.state().length());
    assertArrayEquals(core.state.treeHash(), replica.state.treeHash());
    assertArrayEquals(core.state.signature(), replica.state.signature());
  }

  @Test
  void verifyingStoresNothingAndRefusesForgeries() {
    TestTree replica = new TestTree();
    Proof good = core.proof(ProofRequest.upgrade(0, 0, 11).withBlock(3, 0));
    Proof forged = good.withBlockValue("forged".getBytes());
    HyperbeeException e = assertThrows(HyperbeeException.class, () -> replica.apply(forged));
    assertEquals(ErrorCode.INVALID_SIGNATURE, e.code());
    assertEquals(0, replica.nodes.size());
    assertEquals(0, replica.state.length());
    replica.apply(good);
    assertArrayEquals("block3".getBytes(), replica.blocks.get(3L));
    // without an upgrade, a forged block must fail against the stored tree
    Proof blockOnly = core.proof(ProofRequest.block(0, 7, MerkleTree.missingNodes(replica, 14, 11)));
    e = assertThrows(HyperbeeException.class, () -> replica.apply(blockOnly.withBlockValue("nope".getBytes())));
    assertEquals(ErrorCode.INVALID_PROOF, e.code());
    assertNull(replica.blocks.get(7L));
    replica.apply(blockOnly);
    assertArrayEquals("block7".getBytes(), replica.blocks.get(7L));
  }

  @Test
  void everyBlockOfRandomCoresIsProvenAndVerified() {
    Random r = new Random(1234);
    for (int round = 0; round < 30; round++) {
      int n = 1 + r.nextInt(round < 10 ? 20 : 300);
      TestTree writer = TestTree.ofBlocks(randomBlocks(r, n));
      // a replica grows in random upgrade steps, then fetches every block sparsely
      TestTree replica = new TestTree();
      while (replica.state.length() < n) {
        long start = replica.state.length();
        long len = 1 + r.nextInt((int) (n - start));
        replica.apply(writer.proof(ProofRequest.upgrade(0, start, len)));
        assertEquals(n, replica.state.length(), "additional nodes carry the replica to the signed length");
      }
      assertArrayEquals(writer.state.treeHash(), replica.state.treeHash());
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        order.add(i);
      }
      Collections.shuffle(order, r);
      for (int i : order) {
        int missing = MerkleTree.missingNodes(replica, 2L * i, n);
        VerifiedProof v = replica.apply(writer.proof(ProofRequest.block(0, i, missing)));
        assertArrayEquals(writer.blocks.get((long) i), v.blockValue(), "seed round " + round + " block " + i);
      }
      for (long i = 0; i < 2L * n; i++) {
        if (FlatTree.rightSpan(i) < 2L * n) {
          assertNotNull(replica.nodes.get(i), "node " + i + " after fetching every block");
        }
      }
      // and a fresh replica can take any single block bundled with a full upgrade
      int b = r.nextInt(n);
      TestTree fresh = new TestTree();
      assertArrayEquals(writer.blocks.get((long) b),
          fresh.apply(writer.proof(ProofRequest.upgrade(0, 0, n).withBlock(b, 0))).blockValue());
    }
  }

  @Test
  void everySingleByteMutationOfSerializedProofsIsRefused() {
    TestTree writer = TestTree.named(11);
    List<ProofRequest> requests = List.of(
        ProofRequest.upgrade(0, 0, 11).withBlock(6, 0),
        ProofRequest.upgrade(0, 5, 3),
        ProofRequest.upgrade(0, 0, 11).withSeek(20, 0),
        ProofRequest.block(0, 2, 3));
    for (ProofRequest req : requests) {
      TestTree base = new TestTree();
      if (req.upgrade() == null || req.upgrade().start() > 0) {
        int start = req.upgrade() == null ? 11 : (int) req.upgrade().start();
        base.apply(TestTree.named(start).proof(ProofRequest.upgrade(0, 0, start)));
        if (req.upgrade() == null) {
          // keep node 3 and 11 for block 2's proof to end in a stored root
          base.nodes.remove(3L);
        }
      }
      byte[] bytes = ProofCodec.encode(writer.proof(req));
      Proof decoded = ProofCodec.decode(bytes);
      assertArrayEquals(bytes, ProofCodec.encode(decoded));
      TestTree check = copy(base);
      check.apply(decoded, req);
      int accepted = 0;
      for (int i = 0; i < bytes.length; i++) {
        for (int x = 1; x < 256; x++) {
          byte[] m = bytes.clone();
          m[i] ^= (byte) x;
          try {
            // verification is pure: the same base serves every mutation
            ProofVerifier.verify(base.state, base, TestTree.VERIFIER, ProofCodec.decode(m), req);
            accepted++;
            fail("mutation accepted: request " + req + " byte " + i + " xor " + x);
          } catch (HyperbeeException expected) {
            // refused
          }
        }
      }
      assertEquals(0, accepted);
    }
  }

  static TestTree copy(TestTree t) {
    TestTree c = new TestTree();
    c.nodes.putAll(t.nodes);
    c.blocks.putAll(t.blocks);
    c.state = t.state;
    return c;
  }

  static List<byte[]> randomBlocks(Random r, int n) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] b = new byte[r.nextInt(40)];
      r.nextBytes(b);
      out.add(b);
    }
    return out;
  }
}
