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
  void malformedBytesAreReplacedAsJsDoesOrRefusedWhenStrict() {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    db.put(new byte[] {(byte) 0xc3}, new byte[] {'{'});
    TypedBee<String, String> typed = db.typed(Codecs.UTF8, Codecs.UTF8);
    assertNull(typed.get("\ufffd")); // the stored key is c3, not ef bf bd
    assertEquals("\ufffd", typed.decode(db.get(new byte[] {(byte) 0xc3})).key());
    TypedBee<String, String> strict = db.typed(Codecs.UTF8_STRICT, Codecs.UTF8);
    assertEquals(ErrorCode.DECODING_ERROR, assertThrows(HyperbeeException.class,
        () -> strict.decode(db.get(new byte[] {(byte) 0xc3}))).code());
    TypedBee<byte[], JsonNode> binKeys = db.typed(Codecs.BINARY, Codecs.JSON);
    assertEquals(ErrorCode.DECODING_ERROR, assertThrows(HyperbeeException.class,
        () -> binKeys.get(new byte[] {(byte) 0xc3})).code());
  }

  private static JsonNode json(String s) throws Exception {
    return new ObjectMapper().readTree(s);
  }

  @Test
  void everyReadAndWriteIsTyped() throws Exception {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    TypedBee<String, JsonNode> t = db.typed(Codecs.UTF8, Codecs.JSON);
    t.put("a", json("1"));
    long v1 = t.version();
    try (TypedBatch<String, JsonNode> batch = t.batch()) {
      batch.put("b", json("{\"x\":2}"));
      batch.del("a");
      assertEquals(json("{\"x\":2}"), batch.get("b").value());
      assertNull(batch.get("a"));
      assertEquals("b", batch.peek(KeyRange.all()).key());
      batch.flush();
    }
    assertEquals("b", t.peek(KeyRange.all()).key());
    assertEquals("b", t.peek(t.range("b", "c")).key());
    assertNull(t.peek(t.range("c", null)));
    assertEquals("a", t.getBySeq(1).key());
    assertEquals(json("1"), t.getBySeq(1).value());
    // cas sees decoded entries
    assertEquals(false, t.put("b", json("3"), (prev, next) -> prev.value().get("x").asInt() == 9));
    assertEquals(true, t.put("b", json("3"), (prev, next) -> prev.value().get("x").asInt() == 2
        && next.value().asInt() == 3 && next.key().equals("b")));
    assertEquals(false, t.del("b", (prev, next) -> next.value() != null));
    List<String> diff = TestUtil.collect(t.diff(v1, KeyRange.all())).stream()
        .map(d -> (d.left() == null ? "-" : d.left().key() + "=" + d.left().value())
            + " was " + (d.right() == null ? "-" : d.right().key() + "=" + d.right().value()))
        .toList();
    assertEquals(List.of("- was a=1", "b=3 was -"), diff);
    assertEquals(diff.size(), TestUtil.collect(t.diff(t.checkout(v1), KeyRange.all())).size());
    List<String> history = TestUtil.collect(t.history(HistoryRange.all())).stream()
        .map(h -> h.type() + " " + h.seq() + " " + h.key() + " " + h.value()).toList();
    assertEquals(List.of("PUT 1 a 1", "PUT 2 b {\"x\":2}", "DEL 3 a null", "PUT 4 b 3"), history);
    assertEquals(json("1"), t.checkout(v1).get("a").value());
    assertEquals(json("3"), t.snapshot().get("b").value());
    TypedBee<String, String> sub = t.sub("users", Codecs.UTF8, Codecs.UTF8);
    sub.put("alice", "admin");
    assertEquals("admin", TestUtil.s(db.get(TestUtil.b("users\u0000alice")).value()));
    assertEquals("alice", t.sub("users").bee().typed(Codecs.UTF8, Codecs.UTF8).get("alice").key());
    assertEquals(true, t.del("b", (prev, next) -> next.value() == null && prev.value().asInt() == 3));
    assertNull(t.get("b"));
  }

  @Test
  void typedWatchAndGetAndWatch() throws Exception {
    Hyperbee db = Hyperbee.open(new MemoryLog());
    TypedBee<String, String> t = db.typed(Codecs.UTF8, Codecs.HEX);
    try (Watcher<TypedBee<String, String>> w = t.watch(t.range("k", "l"));
        EntryWatcher<TypedEntry<String, String>> e = t.getAndWatch("key")) {
      assertNull(e.node());
      t.put("key", "00ff");
      Watcher.Change<TypedBee<String, String>> c = w.poll(10, java.util.concurrent.TimeUnit.SECONDS);
      assertEquals("00ff", c.current().get("key").value());
      assertNull(c.previous().get("key"));
      assertEquals(true, e.awaitUpdate(10, java.util.concurrent.TimeUnit.SECONDS));
      assertEquals("00ff", e.node().value());
    }
  }
}
