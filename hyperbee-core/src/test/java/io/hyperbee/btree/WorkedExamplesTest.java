package io.hyperbee.btree;

import static io.hyperbee.btree.TestUtil.b;
import static io.hyperbee.btree.TestUtil.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The byte-exact worked examples of spec section 11 (produced by JS hyperbee 2.27.3). */
class WorkedExamplesTest {

  private static void assertBlock(MemoryLog log, int seq, String expectedHex) {
    assertEquals(expectedHex, hex(log.blocks().get(seq)), "block " + seq);
  }

  @Test
  void valuesDeletesAndEmptyTree() {
    MemoryLog log = new MemoryLog();
    Hyperbee db = Hyperbee.open(log);
    db.put(b("a"), b("1"));
    db.put(b("b"), b("2"));
    db.put(b("b"), b(""));
    db.del(b("a"));
    db.put(b("c"), null);
    db.del(b("zz"));
    db.del(b("b"));
    db.del(b("c"));
    List<String> expected = List.of(
        "0a086879706572626565",
        "0a050a030a01011201611a0131",
        "0a060a040a0201021201621a0132",
        "0a060a040a0201031201621a00",
        "0a050a030a0103120161",
        "0a060a040a020305120163",
        "0a050a030a0105120162",
        "0a020a00120163");
    assertEquals(expected.size(), log.length());
    for (int i = 0; i < expected.size(); i++) {
      assertBlock(log, i, expected.get(i));
    }
    assertNull(db.get(b("c")));
    assertEquals(8, db.version());
  }

  @Test
  void firstSplitThenUpdate() {
    MemoryLog log = new MemoryLog();
    Hyperbee db = Hyperbee.open(log);
    for (int i = 0; i < 9; i++) {
      db.put(b("k" + i), b("v" + i));
    }
    db.put(b("k2"), b("x"));
    assertBlock(log, 8, "0a0c0a0a0a08010203040506070812026b371a027637");
    assertBlock(log, 9,
        "0a1b0a090a01051204090109020a060a04010203040a060a040607080912026b381a027638");
    assertBlock(log, 10, "0a130a090a010512040a0109020a060a0401020a0412026b321a0178");
  }

  @Test
  void batchCompactionLeavesBlockWithoutLevels() {
    MemoryLog log = new MemoryLog();
    Hyperbee db = Hyperbee.open(log);
    for (int i = 0; i < 8; i++) {
      db.put(b("k" + i), b("v" + i));
    }
    Batch batch = db.batch();
    batch.put(b("k8"), b("v8"));
    batch.put(b("k9"), b("v9"));
    batch.put(b("k0"), b("w"));
    int appendsBefore = log.appendCalls.get();
    batch.flush();
    assertEquals(appendsBefore + 1, log.appendCalls.get());
    assertBlock(log, 9, "0a0012026b381a027638");
    assertBlock(log, 10, "0a090a070a05060708090a12026b391a027639");
    assertBlock(log, 11, "0a130a090a010512040b010a000a060a040b02030412026b301a0177");
  }

  private static Hyperbee nineKeys(MemoryLog log) {
    Hyperbee db = Hyperbee.open(log);
    for (int i = 0; i <= 16; i += 2) {
      db.put(b(String.format("k%02d", i)), b("v"));
    }
    return db;
  }

  @Test
  void batchMergeCollapsesRoot() {
    MemoryLog log = new MemoryLog();
    Hyperbee db = nineKeys(log);
    Batch batch = db.batch();
    batch.put(b("k00"), b("w"));
    batch.del(b("k02"));
    batch.flush();
    assertBlock(log, 10, "0a0c0a0a0a080a0304050607080912036b30301a0177");
    assertBlock(log, 11, "0a0c0a0a0a080a0304050607080912036b3032");
  }

  @Test
  void sameOpsWithoutBatchWriteRootAndLeaf() {
    MemoryLog log = new MemoryLog();
    Hyperbee db = nineKeys(log);
    db.put(b("k00"), b("w"));
    assertBlock(log, 10, "0a130a090a010512040a0109020a060a040a02030412036b30301a0177");
  }

  @Test
  void borrowFromLeft() {
    MemoryLog log = new MemoryLog();
    Hyperbee db = nineKeys(log);
    db.put(b("k01"), null);
    db.del(b("k12"));
    assertBlock(log, 11,
        "0a1b0a090a010412040b010b020a060a04010a02030a060a040506080912036b3132");
  }

  @Test
  void borrowFromRightAndInternalDelete() {
    MemoryLog log = new MemoryLog();
    Hyperbee db = nineKeys(log);
    db.put(b("k11"), null);
    db.del(b("k02"));
    // [0: k(6) c(11:1 11:2)] [1: k(1,3,4,5)] [2: k(10,7,8,9)]
    Level[] levels = Messages.decodeNode(11, log.blocks().get(11)).levels();
    assertEquals("[6]", java.util.Arrays.toString(levels[0].keySeqs()));
    assertEquals("[11, 1, 11, 2]", java.util.Arrays.toString(levels[0].childPairs()));
    assertEquals("[1, 3, 4, 5]", java.util.Arrays.toString(levels[1].keySeqs()));
    assertEquals("[10, 7, 8, 9]", java.util.Arrays.toString(levels[2].keySeqs()));
  }

  @Test
  void internalDeleteTakesSuccessorFromBiggerRightLeaf() {
    MemoryLog log = new MemoryLog();
    Hyperbee db = nineKeys(log);
    db.put(b("k11"), null);
    db.del(b("k08"));
    Level root = Messages.decodeNode(11, log.blocks().get(11)).levels()[0];
    assertEquals("k10", TestUtil.s(db.getBySeq(root.keySeqs()[0]).key()));
  }

  @Test
  void headerWithMetadata() {
    MemoryLog log = new MemoryLog();
    byte[] feed = new byte[32];
    java.util.Arrays.fill(feed, (byte) 0xab);
    Hyperbee db = Hyperbee.open(log,
        BeeOptions.builder().metadata(new Metadata(feed, b("hi"))).build());
    db.put(b("a"), b("1"));
    assertBlock(log, 0, "0a0868797065726265651226" + "0a20" + "ab".repeat(32) + "12026869");
    Header h = db.getHeader();
    assertEquals("hyperbee", h.protocol());
    assertEquals(hex(feed), hex(h.metadata().contentFeed()));
    assertEquals("hi", TestUtil.s(h.metadata().userData()));
  }

  @Test
  void emptyMetadataIsStillWritten() {
    MemoryLog log = new MemoryLog();
    Hyperbee db = Hyperbee.open(log, BeeOptions.builder().metadata(new Metadata(null, null)).build());
    db.del(b("x"));
    assertEquals(1, log.length());
    assertBlock(log, 0, "0a0868797065726265651200");
  }

  @Test
  void nodeBlockDescribesLevelsAsTheSpecWritesThem() {
    NodeBlock n = NodeBlock.decode(9, TestUtil.hexBytes(
        "0a1b0a090a01051204090109020a060a04010203040a060a040607080912026b381a027638"));
    assertEquals(List.of("[0: k(5) c(9:1 9:2)]", "[1: k(1,2,3,4)]", "[2: k(6,7,8,9)]"),
        n.describeLevels());
    assertEquals("k8", TestUtil.s(n.key()));
    assertEquals(false, n.isDeletion());
    assertEquals(true, NodeBlock.decode(7, TestUtil.hexBytes("0a020a00120163")).isDeletion());
  }
}
