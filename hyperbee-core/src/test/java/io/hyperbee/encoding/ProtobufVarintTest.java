package io.hyperbee.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperbee.HyperbeeException;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProtobufVarintTest {
  @Test
  void knownEncodings() {
    assertEquals("00", enc(0));
    assertEquals("7f", enc(127));
    assertEquals("8001", enc(128));
    assertEquals("ac02", enc(300));
    assertEquals("ffffffffffffffffff01", enc(-1));
  }

  @Test
  void roundTripsAtAnOffset() {
    Random r = new Random(42);
    byte[] buf = new byte[20];
    for (int i = 0; i < 10_000; i++) {
      long v = r.nextLong() >>> r.nextInt(64);
      int n = ProtobufVarint.write(buf, 3, v);
      assertEquals(ProtobufVarint.length(v), n);
      assertEquals(n, ProtobufVarint.encodedLength(buf, 3, 3 + n));
      assertEquals(v, ProtobufVarint.read(buf, 3, 3 + n));
    }
  }

  @Test
  void truncatedAndOverlongAreRefused() {
    byte[] b = HexFormat.of().parseHex("8080");
    assertThrows(HyperbeeException.class, () -> ProtobufVarint.read(b, 0, 2));
    assertThrows(HyperbeeException.class, () -> ProtobufVarint.encodedLength(b, 0, 2));
    byte[] overlong = HexFormat.of().parseHex("ffffffffffffffffff7f");
    assertThrows(HyperbeeException.class, () -> ProtobufVarint.read(overlong, 0, overlong.length));
  }

  private static String enc(long v) {
    byte[] buf = new byte[10];
    int n = ProtobufVarint.write(buf, 0, v);
    return HexFormat.of().formatHex(buf, 0, n);
  }
}
