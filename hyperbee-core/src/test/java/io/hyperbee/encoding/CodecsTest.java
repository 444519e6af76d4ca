package io.hyperbee.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The codecs write what the JS codecs of the same name write (expected bytes from node 20). */
class CodecsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  private static String json(JsonNode value) {
    return new String(Codecs.JSON.encode(value), StandardCharsets.UTF_8);
  }

  @Test
  void utf8WritesLoneSurrogatesAsReplacementCharacter() {
    // Buffer.from('a\ud800b') and Buffer.from('\udc00\ud83d\ude00')
    assertArrayEquals(hex("61efbfbd62"), Codecs.UTF8.encode("a\ud800b"));
    assertArrayEquals(hex("efbfbdf09f9880"), Codecs.UTF8.encode("\udc00\ud83d\ude00"));
    assertArrayEquals(hex("68c3a9"), Codecs.UTF8.encode("h\u00e9"));
  }

  @Test
  void utf8ReplacesMalformedBytesAsNodeAndStrictRefusesThem() {
    // Buffer.from('61ff', 'hex').toString() and the WHATWG maximal-subpart cases
    assertEquals("a\ufffd", Codecs.UTF8.decode(hex("61ff")));
    assertEquals("\ufffd\ufffd\ufffd", Codecs.UTF8.decode(hex("eda080"))); // a surrogate's bytes
    assertEquals("\ufffdA", Codecs.UTF8.decode(hex("e282" + "41"))); // truncated, one U+FFFD
    assertEquals("\ufffd\ufffd", Codecs.UTF8.decode(hex("c0af"))); // overlong
    assertEquals("\ufffd\ufffd\ufffd\ufffd", Codecs.UTF8.decode(hex("f4908080"))); // > U+10FFFF
    assertEquals("\ufffd", Codecs.UTF8.decode(hex("f09f98"))); // cut-off emoji
    assertEquals("\ufeffx", Codecs.UTF8.decode(hex("efbbbf78"))); // BOM kept, as Buffer keeps it
    HyperbeeException e =
        assertThrows(HyperbeeException.class, () -> Codecs.UTF8_STRICT.decode(hex("61ff")));
    assertEquals(ErrorCode.DECODING_ERROR, e.code());
    assertTrue(e.getMessage().contains("at byte 1"), e.getMessage());
    assertEquals("h\u00e9", Codecs.UTF8_STRICT.decode(hex("68c3a9")));
  }

  @Test
  void jsonEncodesAsJsonStringify() throws Exception {
    assertEquals("1", json(MAPPER.readTree("1.0")));
    assertEquals("1e+21", json(MAPPER.readTree("1e21")));
    assertEquals("0.1", json(MAPPER.readTree("0.1")));
    assertEquals("{\"2\":1,\"10\":2,\"b\":3,\"01\":4}",
        json(MAPPER.readTree("{\"b\":3,\"10\":2,\"2\":1,\"01\":4}")));
    assertEquals("\"\\ud800\"", json(MAPPER.getNodeFactory().textNode("\ud800")));
    assertEquals("[null,true,\"x\"]", json(MAPPER.readTree("[null, true, \"x\"]")));
  }

  @Test
  void jsonDecodesAsJsonParse() throws Exception {
    assertEquals(MAPPER.readTree("{\"a\":[1,2.5,null]}"),
        Codecs.JSON.decode("{\"a\":[1.0,2.5,null]}".getBytes(StandardCharsets.UTF_8)));
    assertEquals(MAPPER.readTree("{\"a\":3,\"b\":2}"),
        Codecs.JSON.decode("{\"a\":1,\"b\":2,\"a\":3}".getBytes(StandardCharsets.UTF_8)));
    HyperbeeException e = assertThrows(HyperbeeException.class,
        () -> Codecs.JSON.decode("{\"a\":".getBytes(StandardCharsets.UTF_8)));
    assertEquals(ErrorCode.DECODING_ERROR, e.code());
  }
}
