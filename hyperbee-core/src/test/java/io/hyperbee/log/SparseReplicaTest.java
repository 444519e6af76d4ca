package io.hyperbee.log;

import static io.hyperbee.log.HypercoreTest.TV1;
import static io.hyperbee.log.HypercoreTest.block;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.merkle.Proof;
import io.hyperbee.merkle.ProofCodec;
import io.hyperbee.merkle.ProofRequest;
import io.hyperbee.storage.MemoryCoreStorage;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SparseReplicaTest {
  private static final Set<ErrorCode> REFUSALS =
      EnumSet.of(ErrorCode.INVALID_PROOF, ErrorCode.INVALID_SIGNATURE, ErrorCode.DECODING_ERROR);

  private static Hypercore writer(int blocks, boolean compat) {
    Hypercore w = Hypercore.inMemory(HypercoreOptions.builder().keyPair(TV1).compat(compat).build());
    List<byte[]> list = new ArrayList<>();
    for (int i = 0; i < blocks; i++) {
      list.add(block(i));
    }
    w.append(list);
    return w;
  }

  @Test
  void aReplicaFetchesVerifiesAndKeepsWhatItRead() {
    try (Hypercore w = writer(50, false)) {
      List<ProofRequest> asked = new ArrayList<>();
      MemoryCoreStorage storage = new MemoryCoreStorage();
      Hypercore r = Hypercore.open(storage, HypercoreOptions.builder().key(w.key()).blockSource(req -> {
        asked.add(req);
        return w.proof(req);
      }).build());
      assertEquals(0, r.length());
      assertArrayEquals(block(17), r.get(17)); // past the length: block + upgrade + manifest
      assertEquals(50, r.length());
      assertEquals(w.manifest(), r.manifest());
      assertTrue(asked.get(0).manifest());
      assertEquals(false, r.has(3));
      assertArrayEquals(block(3), r.get(3));
      assertTrue(r.has(3));
      assertArrayEquals(block(3), r.get(3));
      assertEquals(2, asked.size(), "a stored block is not fetched again");
      assertNull(storage.readBlock(4));
      assertArrayEquals(w.treeHash(), r.treeHash());
      assertArrayEquals(w.signature(), r.signature());
      r.verify();
      assertEquals(ErrorCode.INVALID_OPERATION, assertThrows(HyperbeeException.class,
          () -> w.applyProof(w.proof(ProofRequest.block(0, 1, 0)))).code());
      r.close();
    }
  }

  @Test
  void proofsAppliedTogetherAreStoredExceptTheOneThatFails() {
    try (Hypercore w = writer(40, false)) {
      List<ProofRequest> asked = new ArrayList<>();
      java.util.concurrent.atomic.AtomicBoolean serve = new java.util.concurrent.atomic.AtomicBoolean(true);
      MemoryCoreStorage storage = new MemoryCoreStorage();
      Hypercore r = Hypercore.open(storage, HypercoreOptions.builder().key(w.key()).blockSource(req -> {
        asked.add(req);
        return serve.get() ? w.proof(req) : null;
      }).build());
      assertArrayEquals(block(0), r.get(0)); // learns the length and the manifest
      serve.set(false);
      List<Proof> proofs = new ArrayList<>();
      List<ProofRequest> requests = new ArrayList<>();
      for (int i : new int[] {7, 8, 21, 39}) {
        asked.clear();
        assertThrows(HyperbeeException.class, () -> r.get(i)); // only to capture the request a replica makes
        requests.add(asked.get(0));
        proofs.add(w.proof(asked.get(0)));
      }
      proofs.set(2, proofs.get(2).withBlockValue("forged".getBytes())); // block 21
      List<RuntimeException> outcomes = r.applyProofs(proofs, requests);

      assertNull(outcomes.get(0));
      assertNull(outcomes.get(1));
      assertEquals(ErrorCode.INVALID_PROOF, ((HyperbeeException) outcomes.get(2)).code());
      assertNull(outcomes.get(3));
      for (int i : new int[] {7, 8, 39}) {
        assertArrayEquals(block(i), storage.readBlock(i), "block " + i);
      }
      assertNull(storage.readBlock(21), "the forged block is not stored");
      r.verify();
      assertEquals(ErrorCode.INVALID_OPERATION, ((HyperbeeException) w.applyProofs(List.of(proofs.get(0)),
          java.util.Collections.singletonList(null)).get(0)).code(), "a writable core takes no proofs");
      r.close();
    }
  }

  @Test
  void forgedAnswersAreRefusedAndNeverStored() {
    try (Hypercore w = writer(20, false)) {
      AtomicReference<java.util.function.UnaryOperator<Proof>> forge = new AtomicReference<>(p -> p);
      MemoryCoreStorage storage = new MemoryCoreStorage();
      Hypercore r = Hypercore.open(storage, HypercoreOptions.builder().key(w.key())
          .blockSource(req -> forge.get().apply(w.proof(req))).build());
      forge.set(p -> p.withBlockValue("forged".getBytes()));
      HyperbeeException e = assertThrows(HyperbeeException.class, () -> r.get(5));
      assertTrue(REFUSALS.contains(e.code()), e.toString());
      assertEquals(0, r.length());
      assertNull(storage.identity(), "nothing stored, not even the identity");

      forge.set(p -> p);
      assertArrayEquals(block(5), r.get(5));
      forge.set(p -> p.withBlockValue("forged".getBytes()));
      e = assertThrows(HyperbeeException.class, () -> r.get(9));
      assertEquals(ErrorCode.INVALID_PROOF, e.code());
      assertNull(storage.readBlock(9));
      // an honest proof for another block is not an answer either
      forge.set(p -> w.proof(ProofRequest.block(0, 8, p.block().nodes().size())));
      assertEquals(ErrorCode.INVALID_PROOF, assertThrows(HyperbeeException.class, () -> r.get(9)).code());
      assertNull(storage.readBlock(8));
      forge.set(p -> null);
      assertEquals(ErrorCode.BLOCK_NOT_AVAILABLE, assertThrows(HyperbeeException.class, () -> r.get(9)).code());
      forge.set(p -> p);
      assertArrayEquals(block(9), r.get(9));
      r.verify();
      r.close();
    }
  }

  @Test
  void aManifestThatIsNotTheKeysIsRefused() {
    try (Hypercore w = writer(4, false); Hypercore other = Hypercore.inMemory(HypercoreOptions.defaults())) {
      other.append(block(0));
      Hypercore r = Hypercore.inMemory(HypercoreOptions.builder().key(w.key()).build());
      Proof withoutManifest = w.proof(ProofRequest.upgrade(0, 0, 4));
      // no manifest: the key is taken as a compat public key, and the signature fails
      assertTrue(REFUSALS.contains(assertThrows(HyperbeeException.class, () -> r.applyProof(withoutManifest)).code()));
      Proof foreign = withoutManifest.withManifest(other.manifest());
      assertEquals(ErrorCode.INVALID_PROOF, assertThrows(HyperbeeException.class, () -> r.applyProof(foreign)).code());
      r.applyProof(withoutManifest.withManifest(w.manifest()));
      assertEquals(4, r.length());
      r.close();
    }
  }

  @Test
  void compatCoresReplicateWithoutAManifest() {
    try (Hypercore w = writer(9, true)) {
      Hypercore r = Hypercore.sparseReplicaOf(w);
      assertArrayEquals(block(8), r.get(8));
      assertTrue(r.compat());
      for (int i = 0; i < 9; i++) {
        assertArrayEquals(block(i), r.get(i));
      }
      r.verify();
      r.close();
    }
  }

  @Test
  void aReplicaGivenTheManifestUpFrontAndGrowingInSteps() {
    Hypercore w = writer(3, false);
    Hypercore r = Hypercore.inMemory(HypercoreOptions.builder().key(w.key()).manifest(w.manifest()).build());
    r.applyProof(w.proof(ProofRequest.upgrade(0, 0, 3)));
    for (int n = 3; n < 40; n++) {
      w.append(block(n));
      ProofRequest req = ProofRequest.upgrade(0, r.length(), w.length() - r.length());
      r.applyProof(ProofCodec.encode(w.proof(req)), req);
      assertArrayEquals(w.treeHash(), r.treeHash());
    }
    r.verify();
    w.close();
    r.close();
  }

  @Test
  void everySingleByteMutationOfASerializedProofIsRefused() {
    try (Hypercore w = writer(11, false)) {
      ProofRequest req = ProofRequest.upgrade(0, 0, 11).withBlock(6, 0).withManifest(true);
      byte[] bytes = ProofCodec.encode(w.proof(req));
      // one replica takes every mutation: a refused proof must leave it exactly as it was
      MemoryCoreStorage storage = new MemoryCoreStorage();
      Hypercore r = Hypercore.open(storage, HypercoreOptions.builder().key(w.key()).build());
      for (int i = 0; i < bytes.length; i++) {
        for (int x = 1; x < 256; x++) {
          byte[] m = bytes.clone();
          m[i] ^= (byte) x;
          try {
            r.applyProof(m, req);
            fail("mutation accepted at byte " + i + " xor " + x);
          } catch (HyperbeeException e) {
            assertTrue(REFUSALS.contains(e.code()), e.toString());
          }
          assertEquals(0, r.length());
          assertNull(storage.identity());
        }
      }
      r.applyProof(bytes, req);
      assertArrayEquals(block(6), r.get(6));
      r.verify();
      r.close();
    }
  }
}
