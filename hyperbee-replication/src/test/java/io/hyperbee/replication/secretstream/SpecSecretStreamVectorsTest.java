package io.hyperbee.replication.secretstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** TV4's stream id and TV5 (secretstream pull) of spec section 9. */
class SpecSecretStreamVectorsTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void tv4StreamId() {
    byte[] hash = HEX.parseHex("59fb9c3c472c138f2aedf432e41f1e4b2e606167597915927e139dd34b839227f8523a481cb21e4b6fe41b469059dedda0893f493669a3a5800ebd70e8840d4b");
    assertEquals("cadbea5c82b819a27f4c0a0a63a6302284296485a24d7445299b3a995c3323f1",
        HEX.formatHex(StreamHeader.streamId(hash, true)));
  }

  @Test
  void tv5Pull() throws Exception {
    SecretStreamState pull = new SecretStreamState(
        HEX.parseHex("cc03bad8029ef33562df99b0a79e9ebfd1d80db99abac33632ef575756c844e8"),
        HEX.parseHex("3ebcb2d249af634c791e4e63b1bbcb9a18c0e7d3aff67ef4"));
    byte[] c1 = HEX.parseHex("38e7eb12ec7d139cc62571b3c003cdff30676096cfbb");
    byte[] m1 = new byte[c1.length - 17];
    assertEquals(0, pull.pull(c1, 0, c1.length, m1, 0));
    assertEquals("hello", new String(m1, java.nio.charset.StandardCharsets.UTF_8));
    byte[] c2 = HEX.parseHex("0e9eda46883a194d04b041a5785220fd6d");
    assertEquals(0, pull.pull(c2, 0, c2.length, new byte[0], 0));
  }
}
