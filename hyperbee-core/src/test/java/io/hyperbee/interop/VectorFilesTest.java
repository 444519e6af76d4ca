package io.hyperbee.interop;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.btree.DiffEntry;
import io.hyperbee.btree.Entry;
import io.hyperbee.btree.HistoryEntry;
import java.io.ByteArrayOutputStream;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every committed vector file parses and is internally consistent. */
class VectorFilesTest {
  private static final HexFormat HEX = HexFormat.of();

  static List<String> names() {
    return Vectors.names();
  }

  @Test
  void vectorFilesArePresent() {
    assertFalse(Vectors.names().isEmpty(), "no files under classpath folder vectors/");
  }

  @ParameterizedTest
  @MethodSource("names")
  void vectorFileIsWellFormed(String name) {
    VectorFile v = Vectors.load(name);
    Scenario s = v.scenario();
    assertEquals(Vectors.scenarioName(name), s.name(), "scenario name matches the file name");
    assertEquals("2.27.3", v.versions().get("hyperbee"));
    assertEquals("11.36.1", v.versions().get("hypercore"));
    assertEquals(32, s.seed().length, "seed");
    assertAll(
        () -> assertEquals(32, v.publicKey().length, "publicKey"),
        () -> assertEquals(64, v.secretKey().length, "secretKey"),
        () -> assertEquals(32, v.key().length, "key"),
        () -> assertEquals(32, v.discoveryKey().length, "discoveryKey"),
        () -> assertTrue(v.manifest().length > 0, "manifest"));
    assertFalse(s.ops().isEmpty(), "ops");
    assertFalse(v.steps().isEmpty(), "steps");

    long byteLength = 0;
    for (int i = 0; i < v.blocks().size(); i++) {
      assertTrue(v.blocks().get(i).length > 0, "block " + i + " is empty");
      byteLength += v.blocks().get(i).length;
    }
    Step last = v.lastStep();
    assertEquals(s.ops().size() - 1, last.op(), "the last op is recorded");
    assertEquals(v.blocks().size(), last.length(), "last step length == number of blocks");
    assertEquals(byteLength, last.byteLength(), "last step byteLength == sum of block sizes");

    Step previous = null;
    for (Step step : v.steps()) {
      assertSame(step, v.stepOf(step.op()), "stepOf finds the step of op " + step.op());
      checkStep(s, previous, step);
      previous = step;
    }
  }

  /**
   * The Java encoding of the ops (utf-8, hex, JSON.stringify, sub prefixes) gives the bytes JS
   * stored: every put in a history result is one of the scenario's puts, and every get hit
   * returns the key asked for.
   */
  @ParameterizedTest
  @MethodSource("names")
  void opEncodingMatchesStoredBytes(String name) {
    VectorFile v = Vectors.load(name);
    Set<String> puts = new HashSet<>();
    for (Op op : v.scenario().ops()) {
      for (Op write : op.type() == Op.Type.BATCH ? op.ops() : List.of(op)) {
        if (write.type() == Op.Type.PUT) {
          puts.add(HEX.formatHex(prefixed(write)) + ":" + hexOrNull(write.value()));
        }
      }
    }
    for (Step step : v.steps()) {
      Op op = v.scenario().ops().get(step.op());
      if (op.type() == Op.Type.HISTORY) {
        for (HistoryEntry h : step.history()) {
          if (h.type() == HistoryEntry.Type.PUT) {
            String pair = HEX.formatHex(h.key()) + ":" + hexOrNull(h.value());
            assertTrue(puts.contains(pair), "op " + step.op() + ": history put " + pair + " is no scenario put");
          }
        }
      } else if (op.type() == Op.Type.GET && step.entry() != null) {
        assertArrayEquals(op.key(), step.entry().key(), "op " + step.op() + ": get returns its key");
      }
    }
  }

  private static byte[] prefixed(Op op) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] prefix : op.subPrefixes()) {
      out.writeBytes(prefix);
      out.write(0);
    }
    out.writeBytes(op.key());
    return out.toByteArray();
  }

  private static String hexOrNull(byte[] bytes) {
    return bytes == null ? "null" : HEX.formatHex(bytes);
  }

  private static void checkStep(Scenario s, Step previous, Step step) {
    String where = "step of op " + step.op();
    assertTrue(step.op() >= 0 && step.op() < s.ops().size(), where + ": op index out of range");
    if (previous != null) {
      assertTrue(step.op() > previous.op(), where + ": steps are in op order");
      assertTrue(step.length() >= previous.length(), where + ": length never shrinks");
      assertTrue(step.byteLength() >= previous.byteLength(), where + ": byteLength never shrinks");
    }
    assertEquals(0, step.fork(), where + ": fork");
    assertEquals(Math.max(1, step.length()), step.version(), where + ": version");
    assertEquals(32, step.treeHash().length, where + ": treeHash");
    assertEquals(step.length() == 0 ? 0 : 68, step.signature().length, where + ": signature");

    Op op = s.ops().get(step.op());
    if (op.isWrite()) {
      assertNotNull(step.appended(), where + ": writes record appended");
      assertNull(step.result(), where + ": writes have no result");
      if (previous != null && previous.op() == step.op() - 1) {
        assertEquals(step.length() > previous.length(), step.appended(), where + ": appended");
      }
      return;
    }
    assertNull(step.appended(), where + ": reads record no appended");
    assertNotNull(step.result(), where + ": reads record a result");
    if (previous != null && previous.op() == step.op() - 1) {
      assertEquals(previous.length(), step.length(), where + ": reads append nothing");
    }
    switch (op.type()) {
      case GET -> checkEntry(step.entry(), where);
      case RANGE -> {
        List<Entry> entries = step.entries();
        entries.forEach(e -> checkEntry(e, where));
        assertTrue(op.range().limit() < 0 || entries.size() <= op.range().limit(), where + ": limit");
      }
      case DIFF -> {
        for (DiffEntry d : step.diffs()) {
          assertTrue(d.left() != null || d.right() != null, where + ": diff has a side");
          checkEntry(d.left(), where);
          checkEntry(d.right(), where);
        }
      }
      case HISTORY -> {
        for (HistoryEntry h : step.history()) {
          assertTrue(h.seq() >= 1 && h.seq() < step.length(), where + ": history seq");
          assertNotNull(h.key(), where + ": history key");
        }
      }
      default -> throw new AssertionError(where + ": unexpected op type " + op.type());
    }
  }

  private static void checkEntry(Entry e, String where) {
    if (e != null) {
      assertTrue(e.seq() >= 1, where + ": entries live in blocks >= 1");
      assertNotNull(e.key(), where + ": entry key");
    }
  }
}
