package io.hyperbee.btree;

import static io.hyperbee.btree.TestUtil.b;
import static io.hyperbee.btree.TestUtil.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Replays {@code btree/js-batches-cas-subs.js} (random one-shot writes and batches, with refused
 * cas, reads inside batches, discarded batches, nested subs, both alwaysDuplicate settings) as
 * recorded from JS hyperbee 2.27.3: blocks must be byte-identical and get/range/diff/history
 * results equal at every checkpoint.
 */
class JsBatchesReplayTest {
  private static final HexFormat HEX = HexFormat.of();

  /** JS {@code rnd(n)}: the LCG of the script, in double arithmetic as JS computes it. */
  private static final class Rnd {
    private long seed = 11;

    int next(int n) {
      double d = (double) seed * 1103515245.0 + 12345.0;
      seed = ((long) d) & 0x7fffffffL;
      return (int) (seed % n);
    }

    byte[] key() {
      return b("k" + String.format("%03d", next(300)));
    }

    byte[] val() {
      int r = next(10);
      return r == 0 ? null : r == 1 ? new byte[0] : b("v" + next(5));
    }
  }

  @Test
  void replayMatchesJs() throws Exception {
    JsonNode runs;
    try (InputStream in = new GZIPInputStream(
        getClass().getResourceAsStream("/btree/js-batches-cas-subs.json.gz"))) {
      runs = new ObjectMapper().readTree(in);
    }
    for (JsonNode run : runs) {
      replay(run);
    }
  }

  private static void replay(JsonNode run) {
    boolean alwaysDuplicate = run.get("alwaysDuplicate").asBoolean();
    MemoryLog log = new MemoryLog();
    Hyperbee db = Hyperbee.open(log, BeeOptions.builder().alwaysDuplicate(alwaysDuplicate).build());
    Rnd rnd = new Rnd();
    Hyperbee[] subs = {db, db.sub(b("s")), db.sub(b("s")).sub(b("t"))};
    List<Long> versions = new ArrayList<>(List.of(1L));
    Iterator<JsonNode> checks = run.get("checks").iterator();
    Cas refuse = (prev, next) -> false;
    Cas sameLength = (prev, next) ->
        prev.value() != null && next.value() != null && prev.value().length == next.value().length;
    for (int i = 0; i < 600; i++) {
      Hyperbee target = subs[rnd.next(3)];
      int kind = rnd.next(10);
      if (kind < 4) {
        byte[] k = rnd.key();
        byte[] v = rnd.val();
        int c = rnd.next(4);
        target.put(k, v, c == 0 ? refuse : c == 1 ? sameLength : null);
      } else if (kind < 6) {
        byte[] k = rnd.key();
        target.del(k, rnd.next(3) == 0 ? refuse : null);
      } else {
        Batch batch = target.batch();
        int n = 1 + rnd.next(rnd.next(8) == 0 ? 150 : 10);
        for (int j = 0; j < n; j++) {
          byte[] k = rnd.key();
          int r = rnd.next(10);
          if (r < 2) {
            batch.del(k, rnd.next(3) == 0 ? refuse : null);
          } else if (r < 3) {
            batch.put(k, rnd.val(), refuse);
          } else {
            batch.put(k, rnd.val());
          }
          if (rnd.next(10) == 0) {
            batch.get(rnd.key());
          }
          if (rnd.next(20) == 0) {
            TestUtil.collect(batch.range(KeyRange.all().gte(rnd.key()).limit(3)));
          }
        }
        if (rnd.next(10) == 0) {
          batch.close();
        } else {
          batch.flush();
        }
      }
      versions.add(db.version());
      if (i % 25 == 0) {
        int s = rnd.next(3);
        byte[] k = rnd.key();
        byte[] lo = rnd.key();
        byte[] hi = rnd.key();
        long other = versions.get(rnd.next(versions.size()));
        JsonNode check = checks.next();
        String at = "alwaysDuplicate=" + alwaysDuplicate + " op " + i + " sub " + s;
        assertEquals(check.get("op").asInt(), i, at);
        assertEquals(check.get("version").asLong(), db.version(), at);
        assertEquals(check.get("other").asLong(), other, at);
        Hyperbee t = subs[s];
        assertEquals(entry(check.get("get")), str(t.get(k)), at + " get");
        assertEquals(entries(check.get("range")),
            strs(t.range(KeyRange.all().gte(lo).lt(hi))), at + " range");
        assertEquals(entries(check.get("rangeRev")),
            strs(t.range(KeyRange.all().gt(lo).lte(hi).reverse(true).limit(5))), at + " rangeRev");
        assertEquals(entries(check.get("all")), strs(t.range(KeyRange.all())), at + " all");
        assertEquals(diffs(check.get("diff")), diffStrs(t.diff(other, KeyRange.all())),
            at + " diff");
        assertEquals(diffs(check.get("diffRange")),
            diffStrs(t.diff(other, KeyRange.all().gt(lo).lte(hi))), at + " diffRange");
        HistoryRange h = db.version() > 6 ? HistoryRange.all().gte(-5) : HistoryRange.all().gte(1);
        List<String> history = new ArrayList<>();
        t.history(h).forEachRemaining(e -> history.add(e.type().name().toLowerCase() + " " + e.seq()
            + " " + hex(e.key()) + " " + (e.value() == null ? null : hex(e.value()))));
        List<String> expectedHistory = new ArrayList<>();
        check.get("history").forEach(e -> expectedHistory.add(e.get("type").asText() + " "
            + e.get("seq").asLong() + " " + e.get("key").asText() + " " + text(e.get("value"))));
        assertEquals(expectedHistory, history, at + " history");
      }
    }
    JsonNode blocks = run.get("blocks");
    for (int i = 0; i < Math.min(blocks.size(), log.length()); i++) {
      assertEquals(blocks.get(i).asText(), hex(log.blocks().get(i)),
          "alwaysDuplicate=" + alwaysDuplicate + " block " + i);
    }
    assertEquals(blocks.size(), log.length());
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }

  private static String entry(JsonNode e) {
    if (e == null || e.isNull()) {
      return null;
    }
    byte[] v = text(e.get("value")) == null ? null : HEX.parseHex(e.get("value").asText());
    return new Entry(e.get("seq").asLong(), HEX.parseHex(e.get("key").asText()), v).toString();
  }

  private static String str(Entry e) {
    return e == null ? null : e.toString();
  }

  private static List<String> entries(JsonNode arr) {
    List<String> out = new ArrayList<>();
    arr.forEach(e -> out.add(entry(e)));
    return out;
  }

  private static List<String> strs(Iterator<Entry> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(e -> out.add(e.toString()));
    return out;
  }

  private static List<String> diffs(JsonNode arr) {
    List<String> out = new ArrayList<>();
    arr.forEach(d -> out.add(entry(d.get("left")) + " | " + entry(d.get("right"))));
    return out;
  }

  private static List<String> diffStrs(Iterator<DiffEntry> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(d -> out.add(str(d.left()) + " | " + str(d.right())));
    return out;
  }
}
