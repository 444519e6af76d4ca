package io.hyperbee.replication.bee;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperbee.btree.Batch;
import io.hyperbee.btree.Hyperbee;
import io.hyperbee.btree.RangeSnapshot;
import io.hyperbee.crypto.KeyPair;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The cache answers of hyperbee 2.27.3's extension handler, recorded by
 * interop/extension-vectors.js: the same trees built here (same ops, same tree hash) answer the
 * same queries with the same bytes; for JS's unordered answers (forward ranges without a limit,
 * whose concurrent preload makes JS's order vary) the same seqs in messages of the same sizes.
 */
class ExtensionVectorsTest {
  private static final HexFormat HEX = HexFormat.of();

  private static JsonNode vectors() throws IOException {
    try (InputStream in = ExtensionVectorsTest.class.getResourceAsStream("/extension/vectors.json")) {
      assertNotNull(in, "extension/vectors.json missing: run node interop/extension-vectors.js");
      return new ObjectMapper().readTree(in);
    }
  }

  private static byte[] utf8(JsonNode n) {
    return n.asText().getBytes(StandardCharsets.UTF_8);
  }

  /** The tree the ops build, checked to be JS's block for block (same length and tree hash). */
  private static Hyperbee build(JsonNode tree) {
    Hypercore core = Hypercore.inMemory(HypercoreOptions.builder().keyPair(KeyPair.fromSeed(new byte[32])).build());
    Hyperbee bee = Hyperbee.open(core);
    for (JsonNode op : tree.get("ops")) {
      switch (op.get(0).asText()) {
        case "put" -> bee.put(utf8(op.get(1)), utf8(op.get(2)));
        case "del" -> bee.del(utf8(op.get(1)));
        default -> {
          try (Batch b = bee.batch()) {
            for (JsonNode put : op.get(1)) {
              b.put(utf8(put.get(1)), utf8(put.get(2)));
            }
            b.flush();
          }
        }
      }
    }
    assertEquals(tree.get("length").asLong(), core.length(), "length of " + tree.get("name").asText());
    assertEquals(tree.get("treeHash").asText(), HEX.formatHex(core.treeHash()), "tree hash of " + tree.get("name").asText());
    return bee;
  }

  /** What our handler sends for a query as JS framed it; the query re-encodes to JS's bytes. */
  private static List<String> answer(Hyperbee bee, byte[] query) {
    ExtensionMessage m = ExtensionMessage.decode(query);
    assertNotNull(m, "JS's query decodes");
    List<String> sent = new ArrayList<>();
    if (m.get() != null) {
      assertArrayEquals(query, ExtensionMessage.get(m.get().version(), m.get().key()), "get query encoding");
      CacheAnswer.get(bee, m.get(), b -> sent.add(HEX.formatHex(b)));
    } else {
      RangeSnapshot q = m.iterator();
      RangeSnapshot asked = new RangeSnapshot(q.version(), q.gte(), q.gt(), q.lte(), q.lt(),
          q.limit() == 0 ? -1 : q.limit(), q.reverse(), q.checkpoint());
      assertArrayEquals(query, ExtensionMessage.iterator(asked), "iterator query encoding");
      CacheAnswer.iterator(bee, q, b -> sent.add(HEX.formatHex(b)));
    }
    return sent;
  }

  private static long[] blocks(List<String> messages) {
    return messages.stream()
        .map(h -> ExtensionMessage.decode(HEX.parseHex(h)).cache())
        .peek(c -> {
          assertTrue(c.blocks().length <= CacheAnswer.FLUSH_BATCH);
          assertEquals(Arrays.stream(c.blocks()).min().getAsLong(), c.start());
          assertEquals(Arrays.stream(c.blocks()).max().getAsLong() + 1, c.end());
        })
        .flatMapToLong(c -> Arrays.stream(c.blocks()))
        .toArray();
  }

  @TestFactory
  Stream<DynamicTest> answersEqualJs() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode tree : vectors().get("trees")) {
      Hyperbee bee = build(tree);
      for (JsonNode q : tree.get("queries")) {
        String name = tree.get("name").asText() + ": " + q.get("what").asText();
        tests.add(DynamicTest.dynamicTest(name, () -> {
          List<String> actual = answer(bee, HEX.parseHex(q.get("query").asText()));
          if (q.get("ordered").asBoolean()) {
            List<String> expected = new ArrayList<>();
            q.get("answer").forEach(a -> expected.add(a.asText()));
            assertEquals(expected, actual);
          } else {
            JsonNode expected = q.get("answer");
            assertEquals(expected.get("messages").asInt(), actual.size(), "messages");
            long[] want = new long[expected.get("seqs").size()];
            for (int i = 0; i < want.length; i++) {
              want[i] = expected.get("seqs").get(i).asLong();
            }
            long[] got = blocks(actual);
            Arrays.sort(got);
            assertArrayEquals(want, got, "the seqs (JS's order varies from run to run)");
          }
        }));
      }
    }
    return tests.stream();
  }

  @Test
  void undecodableMessagesAreNull() {
    assertNull(ExtensionMessage.decode(new byte[] {5, 1}), "frame longer than the payload");
    assertNull(ExtensionMessage.decode(new byte[] {2, 0x0a, 0x00}), "cache without start and end");
    assertNull(ExtensionMessage.decode(new byte[] {3, 0x12, 0x05, 0x08}), "get longer than the message");
    ExtensionMessage empty = ExtensionMessage.decode(new byte[] {0});
    assertNotNull(empty, "an empty message decodes (and holds nothing)");
    assertNull(empty.cache());
    assertNull(empty.get());
    assertNull(empty.iterator());
  }

  @Test
  void cacheEncodingMatchesTheSpecExample() {
    // hyperbee.md 9: {start:3,end:10,blocks:[3,9,4]} -> 0a 09 08 03 10 0a 1a 03 03 09 04, framed
    assertEquals("0b0a090803100a1a03030904", HEX.formatHex(ExtensionMessage.cache(3, 10, new long[] {3, 9, 4})));
    // {version:5, key:'a'} -> 12 05 08 05 12 01 61
    assertEquals("07120508051201" + "61", HEX.formatHex(ExtensionMessage.get(5, new byte[] {'a'})));
  }
}
