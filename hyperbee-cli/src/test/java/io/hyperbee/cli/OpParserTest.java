package io.hyperbee.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.btree.Entry;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OpParserTest {
  private final OpParser utf8 = new OpParser(Encoding.UTF8, Encoding.UTF8);

  @Test
  void readsPutsDelsAndBatches() {
    WriteOp.Put put = assertInstanceOf(WriteOp.Put.class,
        utf8.parse("{\"type\":\"put\",\"key\":\"a\",\"value\":\"1\"}"));
    assertArrayEquals(bytes("a"), put.key());
    assertArrayEquals(bytes("1"), put.value());
    assertNull(put.cas());

    WriteOp.Put noValue = assertInstanceOf(WriteOp.Put.class,
        utf8.parse("{\"type\":\"put\",\"key\":\"a\",\"value\":null}"));
    assertNull(noValue.value());

    WriteOp.Del del = assertInstanceOf(WriteOp.Del.class, utf8.parse("{\"type\":\"del\",\"key\":\"a\"}"));
    assertArrayEquals(bytes("a"), del.key());

    WriteOp.Batch batch = assertInstanceOf(WriteOp.Batch.class, utf8.parse(
        "{\"type\":\"batch\",\"ops\":[{\"type\":\"put\",\"key\":\"x\",\"value\":\"y\"},"
            + "{\"type\":\"del\",\"key\":\"z\"}]}"));
    assertEquals(2, batch.ops().size());
  }

  @Test
  void encodesPerEncodingAndPrefixesSubs() {
    OpParser hex = new OpParser(Encoding.HEX, Encoding.JSON);
    WriteOp.Put put = assertInstanceOf(WriteOp.Put.class,
        hex.parse("{\"type\":\"put\",\"key\":\"00ff\",\"value\":{\"n\":1.50},\"sub\":[\"a\",\"b\"]}"));
    assertArrayEquals(new byte[] {'a', 0, 'b', 0, 0, (byte) 0xff}, put.key());
    assertArrayEquals(bytes("{\"n\":1.5}"), put.value());
  }

  @Test
  void casComparesTheStoredValue() {
    WriteOp.Put put = assertInstanceOf(WriteOp.Put.class, utf8.parse(
        "{\"type\":\"put\",\"key\":\"a\",\"value\":\"2\",\"cas\":{\"prevValue\":\"1\"}}"));
    Entry next = new Entry(5, bytes("a"), bytes("2"));
    assertTrue(put.cas().test(new Entry(3, bytes("a"), bytes("1")), next));
    assertFalse(put.cas().test(new Entry(3, bytes("a"), bytes("0")), next));
    WriteOp.Del never = assertInstanceOf(WriteOp.Del.class,
        utf8.parse("{\"type\":\"del\",\"key\":\"a\",\"cas\":false}"));
    assertFalse(never.cas().test(next, next));
  }

  @Test
  void namesWhatIsWrong() {
    assertProblem("not valid JSON", "{\"type\":\"put\"");
    assertProblem("expected a JSON object", "[1]");
    assertProblem("missing \"type\"", "{\"key\":\"a\"}");
    assertProblem("unknown type \"get\"", "{\"type\":\"get\",\"key\":\"a\"}");
    assertProblem("missing \"key\"", "{\"type\":\"put\",\"value\":\"1\"}");
    assertProblem("unknown field \"valeu\"", "{\"type\":\"put\",\"key\":\"a\",\"valeu\":\"1\"}");
    assertProblem("bad key: expected a string", "{\"type\":\"put\",\"key\":1,\"value\":\"1\"}");
    assertProblem("batch op 2: missing \"key\"",
        "{\"type\":\"batch\",\"ops\":[{\"type\":\"del\",\"key\":\"a\"},{\"type\":\"del\"}]}");
    assertProblem("a batch cannot contain a batch",
        "{\"type\":\"batch\",\"ops\":[{\"type\":\"batch\",\"ops\":[]}]}");
    assertProblem("\"cas\" must be", "{\"type\":\"del\",\"key\":\"a\",\"cas\":1}");
    OpParser hex = new OpParser(Encoding.HEX, Encoding.HEX);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> hex.parse("{\"type\":\"put\",\"key\":\"00\",\"value\":\"xyz\"}"));
    assertTrue(e.getMessage().startsWith("bad value: not hex"), e.getMessage());
  }

  private void assertProblem(String expected, String line) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> utf8.parse(line));
    assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' lacks '" + expected + "'");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
