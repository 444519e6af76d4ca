package io.hyperbee.replication.noise;

import static io.hyperbee.replication.TransportVectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperbee.crypto.KeyPair;
import io.hyperbee.replication.TransportVectors;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** DH, HKDF and handshake transcripts recorded from noise-handshake/noise-curve-ed/sodium-native. */
class NoiseVectorsTest {
  @Test
  void dhMatchesLibsodiumIncludingRefusals() {
    int refused = 0;
    for (JsonNode c : TransportVectors.get("dh")) {
      String name = c.get("name").asText();
      byte[] scalar = hex(c.get("scalar"));
      byte[] point = hex(c.get("point"));
      if (c.get("result").isNull()) {
        assertThrows(NoiseException.class, () -> Ed25519Dh.dh(scalar, point), name);
        refused++;
      } else {
        byte[] expected = hex(c.get("result"));
        assertArrayEquals(expected, assertDoesNotFail(scalar, point, name), name);
      }
    }
    assertEquals(101, refused); // the recorded file's refusals, all of them checked
  }

  @Test
  void hkdfAndHmacMatchNoiseHandshake() {
    for (JsonNode c : TransportVectors.get("hkdf")) {
      byte[][] t = Blake2bHkdf.hkdf(hex(c.get("salt")), hex(c.get("ikm")));
      assertArrayEquals(hex(c.get("t1")), t[0]);
      assertArrayEquals(hex(c.get("t2")), t[1]);
      assertArrayEquals(hex(c.get("hmac")), Blake2bHkdf.hmac(hex(c.get("salt")), hex(c.get("ikm"))));
    }
  }

  @Test
  void handshakeTranscriptsMatchNoiseHandshake() throws Exception {
    for (JsonNode c : TransportVectors.get("handshakes")) {
      NoiseXX i = NoiseXX.withEphemeral(true, seed(c, "initiatorSeed"), seed(c, "initiatorEphemeralSeed"));
      NoiseXX r = NoiseXX.withEphemeral(false, seed(c, "responderSeed"), seed(c, "responderEphemeralSeed"));
      byte[] m1 = i.send();
      assertArrayEquals(hex(c.get("msg1")), m1);
      r.receive(m1);
      byte[] m2 = r.send();
      assertArrayEquals(hex(c.get("msg2")), m2);
      i.receive(m2);
      byte[] m3 = i.send();
      assertArrayEquals(hex(c.get("msg3")), m3);
      r.receive(m3);
      assertArrayEquals(hex(c.get("hash")), i.result().hash());
      assertArrayEquals(hex(c.get("hash")), r.result().hash());
      assertArrayEquals(hex(c.get("initiatorTx")), i.result().tx());
      assertArrayEquals(hex(c.get("initiatorRx")), i.result().rx());
      assertArrayEquals(hex(c.get("initiatorTx")), r.result().rx());
    }
  }

  @Test
  void tamperedHandshakeMessagesFail() throws Exception {
    JsonNode c = TransportVectors.get("handshakes").get(0);
    byte[] m2 = hex(c.get("msg2"));
    for (int at : new int[] {0, 40, 80, 95}) {
      NoiseXX i = NoiseXX.withEphemeral(true, seed(c, "initiatorSeed"), seed(c, "initiatorEphemeralSeed"));
      i.send();
      byte[] bad = m2.clone();
      bad[at] ^= 1;
      assertThrows(NoiseException.class, () -> i.receive(bad), "flip at " + at);
    }
    NoiseXX i = NoiseXX.withEphemeral(true, seed(c, "initiatorSeed"), seed(c, "initiatorEphemeralSeed"));
    i.send();
    NoiseException e = assertThrows(NoiseException.class,
        () -> i.receive(java.util.Arrays.copyOf(m2, 60)));
    assertEquals("handshake message 2 is 60 bytes, at least 96 expected", e.getMessage());
  }

  private static byte[] assertDoesNotFail(byte[] scalar, byte[] point, String name) {
    try {
      return Ed25519Dh.dh(scalar, point);
    } catch (NoiseException e) {
      throw new AssertionError(name + ": refused but libsodium accepted: " + e.getMessage(), e);
    }
  }

  private static KeyPair seed(JsonNode c, String field) {
    return KeyPair.fromSeed(HexFormat.of().parseHex(c.get(field).asText()));
  }
}
