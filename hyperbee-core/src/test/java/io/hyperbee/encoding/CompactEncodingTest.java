package io.hyperbee.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompactEncodingTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void uintUsesPrefixedLittleEndianForms() {
    assertEquals("00", hex(new Encoder().uint(0)));
    assertEquals("fc", hex(new Encoder().uint(0xFC)));
    assertEquals("fdfd00", hex(new Encoder().uint(0xFD)));
    assertEquals("fdffff", hex(new Encoder().uint(0xFFFF)));
    assertEquals("fe00000100", hex(new Encoder().uint(0x10000)));
    assertEquals("feffffffff", hex(new Encoder().uint(0xFFFFFFFFL)));
    assertEquals("ff0000000001000000", hex(new Encoder().uint(0x100000000L)));
    for (long n : new long[] {0, 1, 0xFC, 0xFD, 0xFFFF, 0x10000, 0xFFFFFFFFL, 1L << 32, Long.MAX_VALUE}) {
      byte[] b = new Encoder().uint(n).toByteArray();
      assertEquals(Encoder.uintLength(n), b.length);
      Decoder d = new Decoder(b);
      assertEquals(n, d.uint());
      d.requireEnd("test");
    }
  }

  @Test
  void nonMinimalAndTruncatedUintsAreRefused() {
    for (String bad : new String[] {"fd0500", "fe05000000", "ff0500000000000000", "fd05", "fe", "ffffffffffffffffff"}) {
      HyperbeeException e = assertThrows(HyperbeeException.class, () -> new Decoder(HEX.parseHex(bad)).uint(), bad);
      assertEquals(ErrorCode.DECODING_ERROR, e.code());
    }
  }

  @Test
  void fixedIntsAreLittleEndian() {
    assertEquals("01000000", hex(new Encoder().uint32(1)));
    assertEquals("0300000000000000", hex(new Encoder().uint64(3)));
    Decoder d = new Decoder(HEX.parseHex("0100000002000000000000ff"));
    assertEquals(1, d.uint32());
    assertEquals(0xFF00000000000002L, d.uint64());
  }

  @Test
  void buffersStringsAndArraysRoundTrip() {
    byte[] b = new Encoder()
        .buffer(new byte[] {1, 2})
        .optionalBuffer(null)
        .optionalBuffer(new byte[] {9})
        .string("hé")
        .array(List.of(5L, 300L), Encoder::uint)
        .toByteArray();
    assertEquals("020102" + "00" + "0109" + "0368c3a9" + "0205fd2c01", HEX.formatHex(b));
    Decoder d = new Decoder(b);
    assertArrayEquals(new byte[] {1, 2}, d.buffer());
    assertNull(d.optionalBuffer());
    assertArrayEquals(new byte[] {9}, d.optionalBuffer());
    assertEquals("hé", d.string());
    assertEquals(List.of(5L, 300L), d.array(Decoder::uint));
    assertFalse(d.hasRemaining());
  }

  @Test
  void boundedDecodeSeesTrailingOptionalFields() {
    byte[] b = HEX.parseHex("0501ff");
    Decoder d = new Decoder(b, 0, 2);
    assertEquals(5, d.uint());
    assertTrue(d.hasRemaining());
    assertEquals(1, d.uint());
    assertFalse(d.hasRemaining());
    assertThrows(HyperbeeException.class, d::uint);
    Decoder trailing = new Decoder(b);
    trailing.uint();
    assertThrows(HyperbeeException.class, () -> trailing.requireEnd("msg"));
  }

  @Test
  void lengthsBeyondTheInputAreRefusedBeforeAllocating() {
    assertThrows(HyperbeeException.class, () -> new Decoder(HEX.parseHex("fe00000010")).buffer());
    assertThrows(HyperbeeException.class, () -> new Decoder(HEX.parseHex("fe00001000")).array(Decoder::uint));
    assertThrows(HyperbeeException.class, () -> new Decoder(HEX.parseHex("02c328")).string());
  }

  @Test
  void encoderRejectsBadArguments() {
    assertThrows(IllegalArgumentException.class, () -> new Encoder().uint(-1));
    assertThrows(IllegalArgumentException.class, () -> new Encoder().fixed32(new byte[31]));
    assertThrows(IllegalArgumentException.class, () -> new Encoder().uint32(1L << 32));
  }

  private static String hex(Encoder e) {
    return HEX.formatHex(e.toByteArray());
  }
}
