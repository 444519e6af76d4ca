package io.hyperbee.btree;

import static io.hyperbee.btree.TestUtil.b;
import static io.hyperbee.btree.TestUtil.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The watch sequence and the snapshot-after-truncate case that interop/api.js ran on JS hyperbee
 * (interop-api/watch.json, truncate.json), replayed here: the same changes at the same steps,
 * with the same versions and diffs.
 */
@Timeout(120)
class JsWatchInteropTest {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private static JsonNode vectors(String name) throws IOException {
    try (InputStream in = JsWatchInteropTest.class.getResourceAsStream("/interop-api/" + name + ".json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  private static JsonNode entry(Entry e) {
    if (e == null) {
      return JSON.nullNode();
    }
    ObjectNode o = JSON.objectNode();
    o.put("seq", e.seq());
    o.put("key", s(e.key()));
    o.put("value", s(e.value()));
    return o;
  }

  private static void apply(Hyperbee db, Hypercore core, JsonNode op) {
    switch (op.get("type").asText()) {
      case "put" -> db.put(b(op.get("key").asText()), b(op.get("value").asText()));
      case "del" -> db.del(b(op.get("key").asText()));
      case "truncate" -> core.truncate(op.get("length").asLong());
      default -> {
        try (Batch batch = db.batch()) {
          for (JsonNode o : op.get("ops")) {
            if (o.get("type").asText().equals("put")) {
              batch.put(b(o.get("key").asText()), b(o.get("value").asText()));
            } else {
              batch.del(b(o.get("key").asText()));
            }
          }
          batch.flush();
        }
      }
    }
  }

  @Test
  void theSameChangesAtTheSameStepsAsJs() throws IOException {
    JsonNode vectors = vectors("watch");
    JsonNode r = vectors.get("range");
    KeyRange range = KeyRange.all().gte(b(r.get("gte").asText())).lt(b(r.get("lt").asText()));
    try (Hypercore core = Hypercore.inMemory(HypercoreOptions.builder().sync(false).build());
        Hyperbee db = Hyperbee.open(core);
        Watcher<Hyperbee> w = db.watch(range)) {
      int step = 0;
      for (JsonNode expected : vectors.get("steps")) {
        String at = "step " + step++ + " " + expected.get("op");
        apply(db, core, expected.get("op"));
        assertEquals(expected.get("version").asLong(), db.version(), at);
        JsonNode change = expected.get("change");
        if (change.isNull()) {
          assertNull(w.poll(50, TimeUnit.MILLISECONDS), at); // nothing can come: none is due
          continue;
        }
        Watcher.Change<Hyperbee> c = w.poll(30, TimeUnit.SECONDS);
        assertNotNull(c, at);
        assertEquals(change.get("current").asLong(), c.current().version(), at);
        assertEquals(change.get("previous").asLong(), c.previous().version(), at);
        if (change.get("truncated").asBoolean()) {
          continue; // JS reads the old snapshot still; this log dropped its blocks (TruncateTest)
        }
        ArrayNode diff = JSON.arrayNode();
        try (BeeIterator<DiffEntry> it = c.diff()) {
          it.forEachRemaining(d -> {
            ObjectNode o = diff.addObject();
            o.set("left", entry(d.left()));
            o.set("right", entry(d.right()));
          });
        }
        assertEquals(change.get("diff").toString(), diff.toString(), at); // text: int vs long nodes
      }
    }
  }

  @Test
  void aSnapshotBeforeATruncationReadsAsJsOrRefuses() throws IOException {
    JsonNode vectors = vectors("truncate");
    try (Hypercore core = Hypercore.inMemory(HypercoreOptions.builder().sync(false).build());
        Hyperbee db = Hyperbee.open(core)) {
      for (String k : new String[] {"a", "b", "c", "d"}) {
        db.put(b(k), b(k + "1"));
      }
      Hyperbee snap = db.snapshot();
      Hyperbee old = db.checkout(3);
      core.truncate(3);
      db.put(b("x"), b("x1"));
      db.put(b("y"), b("y1"));
      assertEquals(vectors.get("checkout").get("entries").toString(), entries(old).toString());
      assertEquals(vectors.get("live").get("entries").toString(), entries(db).toString());
      assertEquals(vectors.get("snapshot").get("version").asLong(), snap.version());
      // JS still reads the snapshot's own blocks (its storage keeps them); these were dropped, so
      // the read is refused, never answered from the blocks written since
      HyperbeeException e = assertThrows(HyperbeeException.class, () -> entries(snap));
      assertEquals(ErrorCode.SNAPSHOT_NOT_AVAILABLE, e.code());
    }
  }

  private static ArrayNode entries(Hyperbee bee) {
    ArrayNode out = JSON.arrayNode();
    try (BeeIterator<Entry> it = bee.range(KeyRange.all())) {
      it.forEachRemaining(e -> out.add(entry(e)));
    }
    return out;
  }
}
