package io.hyperbee.btree;

import static io.hyperbee.btree.TestUtil.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.encoding.Codecs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-bee encodings through codecs (JS keyEncoding/valueEncoding). */
class TypedBeeTest {

  @Test
  void utf8KeysAndJsonValuesRoundTripAndStoreJsBytes() throws Exception {
    MemoryLog log = new MemoryLog();
    Hyperbee db = Hyperbee.open(log);
    TypedBee<String, JsonNode> typed = db.typed(Codecs.UTF8, Codecs.JSON);
    JsonNode v = new ObjectMapper().readTree("{\"a\": [1, \"x\", true, null]}");
    typed.put("héllo", v);
    typed.put("none", null);
    assertEquals(v, typed.get("héllo").value());
    assertNull(typed.get("none").value());
    assertNull(typed.get("missing"));
    // JSON.stringify bytes: compact
    assertEquals(hex("{\"a\":[1,\"x\",true,null]}".getBytes()), hex(db.get("héllo".getBytes(
        java.nio.charset.StandardCharsets.UTF_8)).value()));
    List<String> keys = TestUtil.collect(typed.range(KeyRange.all())).stream()
        .map(TypedEntry::key).toList();
    assertEquals(List.of("héllo", "none"), keys);
    typed.del("none");
    assertNull(typed.get("none"));
  }

  @Test
  void malformedBytesAreDecodingErrors() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    db.put(new byte[] {(byte) 0xc3}, new byte[] {'{'});
    TypedBee<String, JsonNode> typed = db.typed(Codecs.UTF8, Codecs.JSON);
    assertEquals(ErrorCode.DECODING_ERROR, assertThrows(HyperbeeException.class,
        () -> typed.decode(db.get(new byte[] {(byte) 0xc3}))).code());
    TypedBee<byte[], JsonNode> binKeys = db.typed(Codecs.BINARY, Codecs.JSON);
    assertEquals(ErrorCode.DECODING_ERROR, assertThrows(HyperbeeException.class,
        () -> binKeys.get(new byte[] {(byte) 0xc3})).code());
  }
}
