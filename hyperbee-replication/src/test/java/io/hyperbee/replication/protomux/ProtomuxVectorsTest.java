package io.hyperbee.replication.protomux;

import static io.hyperbee.replication.protomux.MuxPair.payload;
import static io.hyperbee.replication.protomux.MuxPair.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scenarios of interop/protomux-vectors.js, run on two Java muxes: each side must write the
 * same frames, in the same order, as real protomux 3.12.1 did, and its callbacks must see the
 * same things.
 */
class ProtomuxVectorsTest {
  private static JsonNode scenarios;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = ProtomuxVectorsTest.class.getResourceAsStream("/vectors/protomux.json")) {
      scenarios = new ObjectMapper().readTree(in).get("scenarios");
    }
  }

  @Test
  void openMessagesCloseReopen() {
    run("open-messages-close-reopen", x -> {
      Channel ch = x.channel("a", x.a, "test", utf8("id-1"), 3);
      ch.open(utf8("hs-a"));
      x.settle();
      for (int n : new int[] {0, 1, 1000}) {
        x.message(ch, 0).send(payload(n, 1));
      }
      x.message(ch, 1).send(utf8("x"));
      x.message(ch, 2).send(utf8("type 2 is unknown to b"));
      x.settle();
      x.message(x.accepted.get(0), 1).send(utf8("pong"));
      x.settle();
      ch.close();
      x.settle();
      Channel again = x.channel("a", x.a, "test", utf8("id-1"), 2);
      again.open(new byte[0]);
      x.settle();
      x.message(again, 0).send(utf8("again"));
      x.settle();
      x.accepted.get(1).close();
      x.settle();
    });
  }

  @Test
  void corkedOpens() {
    run("corked-opens", x -> {
      x.a.cork();
      List<Channel> chs = new ArrayList<>();
      for (String name : List.of("c1", "c2", "c3")) {
        Channel ch = x.channel("a", x.a, "test", utf8(name), 2);
        ch.open(utf8("hs-" + name));
        x.message(ch, 0).send(utf8("hello " + name));
        chs.add(ch);
      }
      x.a.uncork();
      x.settle();
      x.b.cork();
      for (Channel ch : x.accepted) {
        x.message(ch, 1).send(utf8("reply"));
      }
      x.accepted.get(1).close();
      x.b.uncork();
      x.settle();
      chs.get(0).close();
      chs.get(2).close();
      x.settle();
    });
  }

  @Test
  void rejectAndReuse() {
    run("reject-and-reuse", x -> {
      Channel nobody = x.channel("a", x.a, "nobody", null, 2);
      nobody.open(utf8("ignored"));
      x.settle();
      Channel ch = x.channel("a", x.a, "test", null, 2);
      ch.open(new byte[0]);
      x.settle();
      x.message(ch, 0).send(utf8("after reject"));
      x.settle();
    });
  }

  @Test
  void batchFlushAt8MiB() {
    run("batch-flush-at-8mib", x -> {
      Channel ch = x.channel("a", x.a, "test", utf8("big"), 2);
      ch.open(new byte[0]);
      x.settle();
      x.a.cork();
      for (int i = 0; i < 4; i++) {
        x.message(ch, 0).send(payload(3 * 1024 * 1024, i));
      }
      x.a.uncork();
      x.settle();
    });
  }

  private static void run(String name, Consumer<MuxPair> script) {
    JsonNode expected = null;
    for (JsonNode s : scenarios) {
      if (s.get("name").asText().equals(name)) {
        expected = s;
      }
    }
    assertEquals(name, expected == null ? null : expected.get("name").asText(), "scenario in vectors");
    MuxPair x = new MuxPair();
    script.accept(x);
    assertEquals(frames(expected.get("aToB")), describe(x.aToB), name + ": frames a wrote");
    assertEquals(frames(expected.get("bToA")), describe(x.bToA), name + ": frames b wrote");
    List<String> events = new ArrayList<>();
    expected.get("events").forEach(e -> events.add(e.asText()));
    // each side's callbacks in order; how the two sides interleave is the scheduler's business
    // (JS runs the paired side's onopen on the next tick)
    for (String side : List.of("a ", "b ")) {
      assertEquals(side(events, side), side(x.events, side), name + ": what side " + side + "saw");
    }
  }

  private static List<String> side(List<String> events, String prefix) {
    return events.stream().filter(e -> e.startsWith(prefix)).toList();
  }

  private static List<String> frames(JsonNode list) {
    List<String> out = new ArrayList<>();
    for (JsonNode f : list) {
      out.add(f.has("hex") ? f.get("hex").asText() : f.get("length").asInt() + ":" + f.get("sha256").asText());
    }
    return out;
  }

  private static List<String> describe(List<byte[]> frames) {
    List<String> out = new ArrayList<>();
    for (byte[] f : frames) {
      out.add(f.length <= 4096 ? MuxPair.hex(f) : f.length + ":" + MuxPair.sha256(f));
    }
    return out;
  }
}
