package io.hyperbee.replication.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hostile bytes (random, and JS-encoded messages cut, extended and bit-flipped; fixed seeds)
 * either decode to a message that re-encodes, or fail with DECODING_ERROR: never another
 * exception, never a hang.
 */
class WireFuzzTest {
  private static final String[] NAMES = {
    "sync", "request", "cancel", "data", "noData", "want", "unwant", "bitfield", "range", "extension"
  };

  @Test
  void randomPayloadsOfEveryTypeFailCleanly() {
    Random random = new Random(14);
    for (int type = 0; type < WireMessage.TYPES; type++) {
      for (int i = 0; i < 3000; i++) {
        byte[] payload = new byte[random.nextInt(80)];
        random.nextBytes(payload);
        decodeOrRefuse(type, payload);
      }
    }
  }

  @Test
  void mutatedJsMessagesFailCleanly() throws IOException {
    Random random = new Random(1436);
    JsonNode messages;
    try (InputStream in = getClass().getResourceAsStream("/wire/wire-vectors.json")) {
      messages = new ObjectMapper().readTree(in).get("messages");
    }
    int refused = 0;
    for (int type = 0; type < NAMES.length; type++) {
      List<byte[]> valid = new ArrayList<>();
      messages.get(NAMES[type]).forEach(v -> valid.add(HexFormat.of().parseHex(v.get("encoded").textValue())));
      for (byte[] original : valid) {
        for (int cut = 0; cut < original.length; cut++) {
          refused += decodeOrRefuse(type, java.util.Arrays.copyOf(original, cut)) ? 0 : 1;
        }
        for (int i = 0; i < 200; i++) {
          byte[] mutated = original.clone();
          if (mutated.length > 0) {
            mutated[random.nextInt(mutated.length)] ^= (byte) (1 << random.nextInt(8));
          }
          decodeOrRefuse(type, mutated);
        }
        if (type != WireMessage.EXTENSION) { // an extension's message is the rest of the payload
          // two bytes: one may be read as the optional flags of want/unwant/noData, the other trails
          byte[] longer = java.util.Arrays.copyOf(original, original.length + 2);
          int t = type;
          assertThrows(HyperbeeException.class, () -> WireCodec.decode(t, longer), NAMES[type] + " with trailing bytes");
        }
      }
    }
    assertEquals(true, refused > 1000, "truncations are refused: " + refused);
  }

  @Test
  void handshakesOfHostileBytesFailCleanly() {
    Random random = new Random(5);
    for (int i = 0; i < 2000; i++) {
      byte[] payload = new byte[random.nextInt(40)];
      random.nextBytes(payload);
      try {
        Handshake.decode(payload);
      } catch (HyperbeeException e) {
        assertEquals(ErrorCode.DECODING_ERROR, e.code());
      }
    }
  }

  @Test
  void oversizedCountsAreRefusedBeforeAllocating() {
    // bitfield of 2^30 words, array of 2^20 nodes in data: refused, not allocated
    byte[] bitfield = {0, (byte) 0xFE, 0, 0, 0, 0x40};
    HyperbeeException e = assertThrows(HyperbeeException.class, () -> WireCodec.decode(WireMessage.BITFIELD, bitfield));
    assertEquals(ErrorCode.DECODING_ERROR, e.code());
    byte[] data = {1, 1, 0, 0, 0, (byte) 0xFE, 0, 0, 0x10, 0};
    e = assertThrows(HyperbeeException.class, () -> WireCodec.decode(WireMessage.DATA, data));
    assertEquals(ErrorCode.DECODING_ERROR, e.code());
  }

  @Test
  void unknownTypesAreRefusedByName() {
    HyperbeeException e = assertThrows(HyperbeeException.class, () -> WireCodec.decode(10, new byte[0]));
    assertEquals(ErrorCode.DECODING_ERROR, e.code());
  }

  /** True when it decoded (and then re-encodes without failing). */
  private static boolean decodeOrRefuse(int type, byte[] payload) {
    WireMessage m;
    try {
      m = WireCodec.decode(type, payload);
    } catch (HyperbeeException e) {
      if (e.code() != ErrorCode.DECODING_ERROR) {
        fail("wrong code " + e.code() + " for " + HexFormat.of().formatHex(payload), e);
      }
      return false;
    } catch (RuntimeException e) {
      fail("decoding type " + type + " of " + HexFormat.of().formatHex(payload) + " threw " + e, e);
      return false;
    }
    WireCodec.encode(m);
    return true;
  }
}
