package io.hyperbee.replication.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hyperbee.crypto.Caps;
import io.hyperbee.crypto.KeyPair;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import io.hyperbee.merkle.ProofRequest;
import io.hyperbee.replication.wire.WireMessage.Data;
import io.hyperbee.replication.wire.WireMessage.Extension;
import io.hyperbee.replication.wire.WireMessage.Range;
import io.hyperbee.replication.wire.WireMessage.Request;
import io.hyperbee.replication.wire.WireMessage.Sync;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The exchange captured from JS in spec section 6 (writer with blocks a, b, c under the TV1 key
 * pair): every payload decodes to what it says and re-encodes byte for byte, and the Java writer
 * answers the captured requests with the captured bytes.
 */
class CapturedExchangeTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final String H1 = "9cac92aaed9e7d11eb629465684582ce39cb496303998de123533b09e16f2f06";
  private static final String H4 = "9435aca782b6bc40e253392d45c885f3b1ad47f23e7b6c3f9daf5b0868c438c5";
  private static final String LEAF_A = "423177bd3da55c6ac57419beff9c763bab05e12a6d8908b38b7fc14360228d4a";
  private static final String SIGNATURE = "0100ffc0d71651d8c0c24962a662c90f411f371945e3514669899d3189b832a1bd96"
      + "0415ee04d8ccb4c4159506ad230d223f33ca3dce6aa6d16d27e9fbd47efa25050000";
  private static final String MANIFEST = "0100000101004144eea531e483d54e0c14f4ca68e0644f355343ff6fcb0f005200e12cd747cb"
      + "8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c";

  private static byte[] roundTrip(int type, String hex) {
    byte[] payload = HEX.parseHex(hex);
    WireMessage m = WireCodec.decode(type, payload);
    assertArrayEquals(payload, WireCodec.encode(m), WireCodec.name(type));
    return payload;
  }

  @Test
  void syncsRangeAndExtensionsDecodeAndReencode() {
    assertEquals(new Sync(0, 0, 0, true, true, true, false, false), WireCodec.decode(0, roundTrip(0, "07000000")));
    assertEquals(new Sync(0, 3, 0, true, true, true, true, false), WireCodec.decode(0, roundTrip(0, "0f000300")));
    assertEquals(new Range(false, 0, 3), WireCodec.decode(8, roundTrip(8, "000003")));
    assertEquals(new Range(false, 0, 1), WireCodec.decode(8, roundTrip(8, "0200")));
    Extension first = (Extension) WireCodec.decode(9, roundTrip(9, "08" + hex("test-ext") + "026869"));
    assertEquals("test-ext", first.name());
    assertArrayEquals(HEX.parseHex("026869"), first.message());
    assertEquals("", ((Extension) WireCodec.decode(9, roundTrip(9, "0002796f"))).name());
  }

  @Test
  void theJavaWriterAnswersTheCapturedRequestsWithTheCapturedBytes() {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) 1);
    try (Hypercore writer = Hypercore.inMemory(HypercoreOptions.builder().keyPair(KeyPair.fromSeed(seed)).build())) {
      writer.append(bytes("a"), bytes("b"), bytes("c"));

      Request upgrade = (Request) WireCodec.decode(1, roundTrip(1, "1801000003"));
      assertEquals(1, upgrade.id());
      assertEquals(ProofRequest.upgrade(0, 0, 3).withManifest(true), upgrade.proof());
      String upgradeData = "1801000003" + "02" + "0102" + H1 + "0401" + H4 + "00" + "44" + SIGNATURE + MANIFEST;
      byte[] expected = roundTrip(3, upgradeData);
      assertArrayEquals(expected, WireCodec.encode(new Data(upgrade.id(), writer.proof(upgrade.proof()))));

      Request block = (Request) WireCodec.decode(1, roundTrip(1, "210100010101"));
      assertEquals(1, block.priority());
      assertEquals(ProofRequest.block(0, 1, 1), block.proof());
      expected = roundTrip(3, "010100" + "01" + "0162" + "01" + "0001" + LEAF_A);
      assertArrayEquals(expected, WireCodec.encode(new Data(block.id(), writer.proof(block.proof()))));

      // the open's capability, TV3: handshake hash 64 x 07 and the TV2(a) key
      byte[] handshakeHash = new byte[64];
      Arrays.fill(handshakeHash, (byte) 7);
      assertArrayEquals(HEX.parseHex("ba6ad7a776193a3909cca3297ad7b9c03fabf7763e402cdc34557ae277b7a8e8"),
          Caps.replicate(true, writer.key(), handshakeHash));
      assertArrayEquals(HEX.parseHex("3b63e50bf3e8953a6071a5a6d592f0c602a68d6a2fd8b74169b1417b2325f527"),
          Caps.replicate(false, writer.key(), handshakeHash));
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String hex(String s) {
    return HEX.formatHex(bytes(s));
  }
}
