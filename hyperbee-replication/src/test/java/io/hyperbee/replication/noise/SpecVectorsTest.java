package io.hyperbee.replication.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hyperbee.crypto.KeyPair;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** TV4 of spec section 9: the Noise XX transcript with fixed static and ephemeral seeds. */
class SpecVectorsTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void tv4NoiseXxTranscript() throws Exception {
    NoiseXX i = NoiseXX.withEphemeral(true, seeded(2), seeded(4));
    NoiseXX r = NoiseXX.withEphemeral(false, seeded(3), seeded(5));
    byte[] m1 = i.send();
    r.receive(m1);
    byte[] m2 = r.send();
    i.receive(m2);
    byte[] m3 = i.send();
    r.receive(m3);
    assertEquals("ca93ac1705187071d67b83c7ff0efe8108e8ec4530575d7726879333dbdabe7c", HEX.formatHex(m1));
    assertEquals("6e7a1cdd29b0b78fd13af4c5598feff4ef2a97166e3ca6f2e4fbfccd80505bf1c752c12bbebf2b8e33a19b7e6a6d000b9e47e7a51b6c88618781781521972e2d02efe3cf839f2c0bc6deee4e52f97044f3f07471a15235d3ad6f8671874d7e5a", HEX.formatHex(m2));
    assertEquals("a2ec52d6b5f0e18a4b54c193ef571eaf37c73979deda2a04e8126956648d4d417b008afefc3e24e46f0c366de65fa238f58c1214fb6f0ce93e004126a13bca03", HEX.formatHex(m3));
    String hash = "59fb9c3c472c138f2aedf432e41f1e4b2e606167597915927e139dd34b839227f8523a481cb21e4b6fe41b469059dedda0893f493669a3a5800ebd70e8840d4b";
    assertEquals(hash, HEX.formatHex(i.result().hash()));
    assertEquals(hash, HEX.formatHex(r.result().hash()));
    assertEquals("cc03bad8029ef33562df99b0a79e9ebfd1d80db99abac33632ef575756c844e8", HEX.formatHex(i.result().tx()));
    assertEquals("9339d42f4239789a733cc311d8798edd4227a9c4eb6d313523d126b61745a26d", HEX.formatHex(i.result().rx()));
    assertArrayEquals(i.result().tx(), r.result().rx());
    assertArrayEquals(i.result().rx(), r.result().tx());
    assertArrayEquals(seeded(3).publicKey(), i.result().remotePublicKey());
    assertArrayEquals(seeded(2).publicKey(), r.result().remotePublicKey());
    HandshakeResult same = new HandshakeResult(i.result().tx(), i.result().rx(), i.result().hash(),
        i.result().publicKey(), i.result().remotePublicKey());
    assertEquals(i.result(), same);
    assertEquals(false, i.result().equals(r.result()));
    assertEquals(false, i.result().toString().contains(HEX.formatHex(i.result().tx())));
  }

  static KeyPair seeded(int b) {
    byte[] seed = new byte[32];
    java.util.Arrays.fill(seed, (byte) b);
    return KeyPair.fromSeed(seed);
  }
}
