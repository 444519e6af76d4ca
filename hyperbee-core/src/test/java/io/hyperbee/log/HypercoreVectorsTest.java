package io.hyperbee.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.hyperbee.crypto.KeyPair;
import io.hyperbee.interop.Step;
import io.hyperbee.interop.VectorFile;
import io.hyperbee.interop.Vectors;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * For every interop vector: the Java core given the JS core's blocks and seed has the same key,
 * discovery key and manifest, and at every recorded step the same length, byte length, fork, tree
 * hash and signature container. A sparse replica of it then fetches and verifies every block.
 */
class HypercoreVectorsTest {
  private static final byte[] NO_SIGNATURE = new byte[0];

  @TestFactory
  Stream<DynamicTest> everyVectorFile() {
    List<String> names = Vectors.names();
    assertFalse(names.isEmpty(), "no interop vectors on the test classpath");
    return names.stream().map(name -> DynamicTest.dynamicTest(name, () -> check(Vectors.load(name))));
  }

  private static void check(VectorFile v) {
    KeyPair kp = KeyPair.fromSeed(v.scenario().seed());
    assertArrayEquals(v.publicKey(), kp.publicKey(), "publicKey");
    assertArrayEquals(v.secretKey(), kp.secretKey(), "secretKey");
    try (Hypercore core = Hypercore.inMemory(HypercoreOptions.builder().keyPair(kp).sync(false).build())) {
      assertArrayEquals(v.key(), core.key(), "key");
      assertArrayEquals(v.discoveryKey(), core.discoveryKey(), "discoveryKey");
      assertArrayEquals(v.manifest(), core.manifest().encode(), "manifest");
      for (Step step : v.steps()) {
        String at = v.file() + " op " + step.op() + " length " + step.length();
        assertEquals(0, step.fork(), at + ": vectors with forks are not replayed");
        if (step.length() > core.length()) {
          core.append(v.blocks().subList((int) core.length(), (int) step.length()));
        }
        assertEquals(step.length(), core.length(), at);
        assertEquals(step.byteLength(), core.byteLength(), at);
        assertEquals(step.fork(), core.fork(), at);
        assertArrayEquals(step.treeHash(), core.treeHash(), at + ": treeHash");
        byte[] sig = core.signature();
        assertArrayEquals(step.signature(), sig == null ? NO_SIGNATURE : sig, at + ": signature");
      }
      assertEquals(v.blocks().size(), core.length(), "every block appended by the last step");
      core.verify();

      try (Hypercore replica = Hypercore.sparseReplicaOf(core)) {
        for (long i = core.length() - 1; i >= 0; i--) {
          assertArrayEquals(v.blocks().get((int) i), replica.get(i), "replica block " + i);
        }
        assertArrayEquals(core.signature(), replica.signature());
        replica.verify();
      }
    }
  }
}
