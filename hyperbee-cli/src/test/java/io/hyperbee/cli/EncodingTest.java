package io.hyperbee.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.encoding.JsJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EncodingTest {

  @Test
  void utf8IsNodeBufferFromString() {
    assertArrayEquals(new byte[] {(byte) 0xc3, (byte) 0xa9}, Encoding.UTF8.fromText("é"));
    // a lone surrogate becomes U+FFFD, not '?' as String.getBytes would write
    assertArrayEquals(
        new byte[] {'a', (byte) 0xef, (byte) 0xbf, (byte) 0xbd}, Encoding.UTF8.fromText("a\ud800"));
    assertEquals("é", Encoding.UTF8.toText(Encoding.UTF8.fromText("é")));
  }

  @Test
  void hexIsStrict() {
    assertArrayEquals(new byte[] {0x0a, (byte) 0xff}, Encoding.HEX.fromText("0aFF"));
    assertEquals("0aff", Encoding.HEX.toText(new byte[] {0x0a, (byte) 0xff}));
    IllegalArgumentException odd =
        assertThrows(IllegalArgumentException.class, () -> Encoding.HEX.fromText("abc"));
    assertTrue(odd.getMessage().contains("odd number"), odd.getMessage());
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> Encoding.HEX.fromText("zz"));
    assertTrue(bad.getMessage().contains("bad character 'z' at 1"), bad.getMessage());
  }

  @Test
  void jsonStoresJsonStringifyBytes() {
    assertEquals("{\"a\":1,\"b\":[true,null]}",
        new String(Encoding.JSON.fromText(" { \"a\" : 1.0, \"b\": [true, null] } "),
            StandardCharsets.UTF_8));
    assertEquals("\"x\"", Encoding.JSON.toText("\"x\"".getBytes(StandardCharsets.UTF_8)));
    assertEquals(42.0, Encoding.JSON.toJsonValue("42".getBytes(StandardCharsets.UTF_8)));
    assertThrows(IllegalArgumentException.class, () -> Encoding.JSON.fromText("{oops"));
    assertThrows(IllegalArgumentException.class,
        () -> Encoding.JSON.toJsonValue("not json".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void applyValuesFollowTheEncoding() {
    assertArrayEquals("k".getBytes(StandardCharsets.UTF_8), Encoding.UTF8.fromJsonValue("k"));
    assertThrows(IllegalArgumentException.class, () -> Encoding.UTF8.fromJsonValue(1.0));
    assertArrayEquals(new byte[] {1}, Encoding.HEX.fromJsonValue("01"));
    assertArrayEquals("[1,\"a\"]".getBytes(StandardCharsets.UTF_8),
        Encoding.JSON.fromJsonValue(JsJson.parse("[1, \"a\"]")));
  }

  @Test
  void namesAreTheJsCodecNames() {
    assertEquals(Encoding.UTF8, Encoding.fromName("utf-8"));
    assertEquals(Encoding.UTF8, Encoding.fromName("UTF8"));
    assertEquals(Encoding.HEX, Encoding.fromName("hex"));
    assertEquals(Encoding.JSON, Encoding.fromName("json"));
    assertThrows(IllegalArgumentException.class, () -> Encoding.fromName("base64"));
  }
}
