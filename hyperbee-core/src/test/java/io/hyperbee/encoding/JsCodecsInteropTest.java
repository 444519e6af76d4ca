package io.hyperbee.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperbee.HyperbeeException;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Every codec against what the npm codecs package does with the same input (interop/api.js:
 * interop-api/codecs.json and typed.json): encodings, decodings of fixed and random malformed
 * bytes, JSON, and typed puts through a real JS bee.
 */
class JsCodecsInteropTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();

  static JsonNode vectors(String name) throws IOException {
    try (InputStream in = JsCodecsInteropTest.class.getResourceAsStream("/interop-api/" + name + ".json")) {
      return MAPPER.readTree(in);
    }
  }

  @SuppressWarnings("unchecked")
  private static Codec<String> text(String name) {
    return (Codec<String>) Codecs.named(name);
  }

  @Test
  void stringCodecsEncodeAsJs() throws IOException {
    int n = 0;
    for (JsonNode v : vectors("codecs").get("encode")) {
      String name = v.get("codec").asText();
      assertEquals(v.get("bytes").asText(), HEX.formatHex(text(name).encode(v.get("input").asText())),
          () -> name + " encode of " + v.get("input"));
      n++;
    }
    assertEquals(6 * 31, n);
  }

  @Test
  void stringCodecsDecodeAsJsMalformedUtf8Included() throws IOException {
    int n = 0;
    for (JsonNode v : vectors("codecs").get("decode")) {
      String name = v.get("codec").asText();
      byte[] bytes = HEX.parseHex(v.get("bytes").asText());
      String expected = v.get("output").asText();
      assertEquals(expected, text(name).decode(bytes), () -> name + " decode of " + v.get("bytes"));
      if (name.equals("utf-8")) { // strict: the same string for valid bytes, else refused
        String strict = strictOrNull(bytes);
        if (strict != null) {
          assertEquals(expected, strict);
        } else {
          assertTrue(expected.contains("\ufffd"), "refused bytes JS decodes without replacing");
        }
      }
      n++;
    }
    assertEquals(6 * (34 + 300), n);
  }

  private static String strictOrNull(byte[] bytes) {
    try {
      return Codecs.UTF8_STRICT.decode(bytes);
    } catch (HyperbeeException e) {
      return null;
    }
  }

  @Test
  void jsonAndNdjsonAsJs() throws IOException {
    JsonNode all = vectors("codecs");
    for (JsonNode v : all.get("json")) {
      Codec<JsonNode> codec = v.get("codec").asText().equals("json") ? Codecs.JSON : Codecs.NDJSON;
      assertEquals(v.get("bytes").asText(), HEX.formatHex(codec.encode(v.get("value"))), v::toString);
    }
    for (JsonNode v : all.get("jsonDecode")) {
      Codec<JsonNode> codec = v.get("codec").asText().equals("json") ? Codecs.JSON : Codecs.NDJSON;
      byte[] bytes = HEX.parseHex(v.get("bytes").asText());
      if (v.get("error").asBoolean()) {
        assertThrows(HyperbeeException.class, () -> codec.decode(bytes), v::toString);
      } else {
        assertEquals(v.get("output").asText(), JsJson.stringify(codec.decode(bytes)), v::toString);
      }
    }
  }

  @Test
  void typedPutsThroughAJsBeeStoreWhatTheseCodecsWrite() throws IOException {
    int n = 0;
    for (JsonNode v : vectors("typed").get("entries")) {
      String valueName = v.get("valueEncoding").asText();
      Codec<?> keys = Codecs.named(v.get("keyEncoding").asText());
      Codec<?> values = Codecs.named(valueName);
      byte[] key = HEX.parseHex(v.get("key").asText());
      byte[] value = HEX.parseHex(v.get("value").asText());
      assertEquals(v.get("readKey").asText(), shown(keys.decode(key)), v::toString);
      assertEquals(v.get("readValue").asText(), shown(values.decode(value)), v::toString);
      n++;
    }
    assertEquals(18, n);
  }

  /** What the JS script printed for a decoded value: JSON of it, binary as hex. */
  private static String shown(Object decoded) {
    if (decoded instanceof byte[] b) {
      return JsJson.stringify(HEX.formatHex(b));
    }
    if (decoded instanceof JsonNode j) {
      return JsJson.stringify(j);
    }
    return JsJson.stringify(decoded);
  }
}
