package io.hyperbee.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EncodingTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return MAPPER.readTree(text);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void utf8AndBinaryEncodeStrings() throws Exception {
    assertArrayEquals(utf8("h\u00e9llo"), Encoding.UTF8.encode(json("\"h\\u00e9llo\"")));
    assertArrayEquals(new byte[] {0, (byte) 0xff}, Encoding.BINARY.encode(json("\"00ff\"")));
    assertArrayEquals(new byte[0], Encoding.BINARY.encode(json("\"\"")));
    assertNull(Encoding.UTF8.encode(json("null")));
  }

  @Test
  void jsonMatchesJsStringify() throws Exception {
    // expected strings are what node 20 prints for JSON.stringify of the same value
    assertArrayEquals(utf8("{\"a\":[1,-2,\"x\"],\"b\":{\"c\":null,\"d\":true}}"),
        Encoding.JSON.encode(json("{ \"a\": [1, -2, \"x\"], \"b\": {\"c\": null, \"d\": true} }")));
    assertArrayEquals(utf8("\"q\\\"b\\\\n\\n\\u0001\u00e9/<\u2028\""),
        Encoding.JSON.encode(json("\"q\\\"b\\\\n\\n\\u0001\\u00e9\\/<\\u2028\"")));
    assertArrayEquals(utf8("9007199254740991"), Encoding.JSON.encode(json("9007199254740991")));
  }

  @Test
  void jsonWritesNumbersAndIndexKeysAsJs() throws Exception {
    // node 20: JSON.stringify(1.5), (1.0), (1e21), ({"b":1,"10":2,"2":3})
    assertArrayEquals(utf8("1.5"), Encoding.JSON.encode(json("1.5")));
    assertArrayEquals(utf8("1"), Encoding.JSON.encode(json("1.0")));
    assertArrayEquals(utf8("1e+21"), Encoding.JSON.encode(json("1e21")));
    assertArrayEquals(utf8("{\"2\":3,\"10\":2,\"b\":1}"),
        Encoding.JSON.encode(json("{\"b\":1,\"10\":2,\"2\":3}")));
  }

  @Test
  void utf8RefusesNonStrings() throws Exception {
    assertThrows(IllegalStateException.class, () -> Encoding.UTF8.encode(json("1")));
  }
}
