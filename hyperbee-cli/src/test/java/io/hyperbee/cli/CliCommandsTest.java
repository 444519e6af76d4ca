package io.hyperbee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.encoding.JsJson;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command, run in-process on a real bee in a temporary directory. */
class CliCommandsTest {
  /** The seed of the spec-11-1 interop vector, whose key JS computed. */
  static final String SEED = "01".repeat(32);
  static final String JS_KEY = "d8c3a0597903b28d751c6e0b7107775e388ec5a3cf669bdd1e7ec41b8b8f6e72";
  static final String JS_PUBLIC_KEY =
      "8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c";
  static final String JS_DISCOVERY_KEY =
      "fb892b1c77fdcb05dcbd234607208b7036e00a13e7f2cc0bbaa463924e57865a";

  @TempDir Path tmp;
  String dir;

  @BeforeEach
  void createBee() {
    dir = tmp.resolve("bee").toString();
    ok("init", dir, "--seed", SEED);
  }

  @Test
  void initPrintsTheKeysJsDerivesFromTheSeed() {
    Cli.Result r = ok("init", tmp.resolve("other").toString(), "--seed", SEED, "--json");
    Map<?, ?> o = (Map<?, ?>) JsJson.parse(r.out().trim());
    assertEquals(JS_KEY, o.get("key"));
    assertEquals(JS_DISCOVERY_KEY, o.get("discoveryKey"));
    assertEquals(true, o.get("writable"));

    Cli.Result plain = ok("init", tmp.resolve("third").toString(), "--seed", SEED);
    assertTrue(plain.out().contains("key:           " + JS_KEY), plain.out());
    // a fresh bee has its header: one block, and it verifies
    assertEquals("0a086879706572626565\n", ok("dump", tmp.resolve("third").toString()).out());
  }

  @Test
  void initWithoutSeedMakesADifferentKeyEachTime() {
    String a = ok("init", tmp.resolve("a").toString(), "--json").out();
    String b = ok("init", tmp.resolve("b").toString(), "--json").out();
    assertTrue(!JsJson.parse(a.trim()).equals(JsJson.parse(b.trim())));
  }

  @Test
  void initRefusesADirectoryThatIsNotEmpty() {
    Cli.Result r = fails(ExitCodes.FAILED, "init", dir, "--seed", SEED);
    assertTrue(r.err().contains("not empty"), r.err());
  }

  @Test
  void putGetDel() {
    ok("put", dir, "a", "1");
    ok("put", dir, "b", "two words");
    assertEquals("1\n", ok("get", dir, "a").out());
    assertEquals("two words\n", ok("get", dir, "b").out());
    assertEquals("{\"seq\":2,\"key\":\"b\",\"value\":\"two words\"}\n",
        ok("get", dir, "b", "--json").out());
    ok("del", dir, "a");
    Cli.Result missing = fails(ExitCodes.NOT_FOUND, "get", dir, "a");
    assertEquals("", missing.out());
    assertEquals("hyperbee: key not found: a\n", missing.err());
    Cli.Result json = Cli.run("get", dir, "a", "--json");
    assertEquals(ExitCodes.NOT_FOUND, json.exit());
    assertEquals("null\n", json.out());
    assertEquals("", json.err());
    // the old version still has it
    assertEquals("1\n", ok("get", dir, "a", "--version", "3").out());
  }

  @Test
  void keysAndValuesInHexAndJson() {
    ok("put", dir, "--key-encoding", "hex", "--value-encoding", "hex", "00ff", "cafe");
    assertEquals("cafe\n", ok("get", dir, "--key-encoding", "hex", "--value-encoding", "hex",
        "00ff").out());
    ok("put", dir, "--value-encoding", "json", "doc", "{ \"n\": 1.0, \"list\": [1e21, \"x\"] }");
    // stored as JS JSON.stringify writes it
    assertEquals("{\"n\":1,\"list\":[1e+21,\"x\"]}\n", ok("get", dir, "doc").out());
    assertEquals("{\"seq\":2,\"key\":\"doc\",\"value\":{\"n\":1,\"list\":[1e+21,\"x\"]}}\n",
        ok("get", dir, "doc", "--json", "--value-encoding", "json").out());
    ok("put", dir, "--key-encoding", "json", "[1,\"k\"]", "v");
    assertEquals("[1,\"k\"]\tv\n",
        ok("scan", dir, "--gte", "[", "--lt", "\\").out());
    // a value that is not JSON cannot be shown as JSON: say which block and what to do
    Cli.Result bad = fails(ExitCodes.USAGE, "scan", dir, "--value-encoding", "json");
    assertTrue(bad.err().contains("cannot be shown as json"), bad.err());
  }

  @Test
  void nonHexValueIsRefusedBeforeAnythingIsWritten() {
    Cli.Result r = fails(ExitCodes.USAGE, "put", dir, "--value-encoding", "hex", "k", "xyz1");
    assertEquals("hyperbee: bad value for --value-encoding hex: not hex: 'xyz1' (bad character"
        + " 'x' at 1)\n", r.err());
    fails(ExitCodes.USAGE, "put", dir, "--key-encoding", "hex", "abc", "v");
    fails(ExitCodes.USAGE, "put", dir, "--value-encoding", "json", "k", "{not json");
    assertEquals(1.0, info(dir).get("length"));
  }

  @Test
  void scanWithBoundsReverseLimitAndVersion() {
    for (String k : List.of("a", "b", "c", "d", "e")) {
      ok("put", dir, k, k.toUpperCase());
    }
    assertEquals(List.of("a\tA", "b\tB", "c\tC", "d\tD", "e\tE"), ok("scan", dir).lines());
    assertEquals(List.of("c\tC", "d\tD"), ok("scan", dir, "--gt", "b", "--lte", "d").lines());
    assertEquals(List.of("b\tB", "c\tC"), ok("scan", dir, "--gte", "b", "--lt", "d").lines());
    assertEquals(List.of("e\tE", "d\tD"), ok("scan", dir, "--reverse", "--limit", "2").lines());
    assertEquals(List.of("a\tA", "b\tB"), ok("scan", dir, "--version", "3").lines());
    assertEquals(List.of("{\"seq\":5,\"key\":\"e\",\"value\":\"E\"}"),
        ok("scan", dir, "--gt", "d", "--json").lines());
    assertEquals(List.of(), ok("scan", dir, "--limit", "0").lines());
  }

  @Test
  void diffBetweenVersions() {
    ok("put", dir, "a", "1");
    ok("put", dir, "b", "2");
    ok("put", dir, "c", "3"); // version 4
    ok("put", dir, "b", "22");
    ok("del", dir, "c");
    ok("put", dir, "d", "4"); // version 7
    assertEquals(List.of("~ b\t2 -> 22", "- c\t3", "+ d\t4"), ok("diff", dir, "--from", "4").lines());
    assertEquals(List.of("+ b\t2", "+ c\t3"), ok("diff", dir, "--from", "2", "--to", "4").lines());
    assertEquals(List.of(
            "{\"left\":{\"seq\":4,\"key\":\"b\",\"value\":\"22\"},\"right\":{\"seq\":2,\"key\":\"b\",\"value\":\"2\"}}",
            "{\"left\":null,\"right\":{\"seq\":3,\"key\":\"c\",\"value\":\"3\"}}"),
        ok("diff", dir, "--from", "4", "--to", "6", "--json").lines());
    assertEquals(List.of("- c\t3"), ok("diff", dir, "--from", "4", "--gte", "c", "--lt", "d").lines());
    fails(ExitCodes.USAGE, "diff", dir); // --from is required
    Cli.Result r = fails(ExitCodes.USAGE, "diff", dir, "--from", "99");
    assertTrue(r.err().contains("version 99 does not exist"), r.err());
  }

  @Test
  void historyInBlockOrder() {
    ok("put", dir, "a", "1");
    ok("put", dir, "b", "2");
    ok("del", dir, "a");
    assertEquals(List.of("1\tput\ta\t1", "2\tput\tb\t2", "3\tdel\ta"), ok("history", dir).lines());
    assertEquals(List.of("3\tdel\ta", "2\tput\tb\t2"),
        ok("history", dir, "--reverse", "--limit", "2").lines());
    assertEquals(List.of("2\tput\tb\t2"), ok("history", dir, "--gte", "2", "--lt", "3").lines());
    assertEquals(List.of("{\"type\":\"del\",\"seq\":3,\"key\":\"a\",\"value\":null}"),
        ok("history", dir, "--gte", "-1", "--json").lines());
  }

  @Test
  void infoShowsTheSignedHead() {
    ok("put", dir, "a", "1");
    Map<?, ?> o = info(dir);
    assertEquals(List.of("key", "discoveryKey", "length", "version", "byteLength", "fork",
        "treeHash", "signature", "verified"), List.copyOf(o.keySet()));
    assertEquals(JS_KEY, o.get("key"));
    assertEquals(2.0, o.get("length"));
    assertEquals(2.0, o.get("version"));
    // header (10 bytes) + the first block of the spec 11.1 vector (13 bytes)
    assertEquals(23.0, o.get("byteLength"));
    assertEquals(0.0, o.get("fork"));
    assertEquals(64, ((String) o.get("treeHash")).length());
    assertEquals(true, o.get("verified"));
    String plain = ok("info", dir).out();
    assertTrue(plain.contains("verified:      yes"), plain);
    assertTrue(plain.contains("length:        2 blocks"), plain);
    assertTrue(plain.contains("writable:      yes"), plain); // read-only look at a bee with its secret key
  }

  @Test
  void dumpRawAndDecoded() {
    ok("put", dir, "a", "1");
    ok("put", dir, "b", "2");
    ok("del", dir, "a");
    assertEquals(List.of("0a086879706572626565", "0a050a030a01011201611a0131",
        "0a060a040a0201021201621a0132", "0a050a030a0102120161"), ok("dump", dir).lines());
    assertEquals(List.of("0a060a040a0201021201621a0132"),
        ok("dump", dir, "--from", "2", "--to", "3").lines());
    assertEquals(List.of("0 header protocol=hyperbee", "1 put key=a value=1 nodes=[1]",
        "2 put key=b value=2 nodes=[1,2]", "3 del key=a nodes=[2]"),
        ok("dump", dir, "--decode").lines());
    assertEquals("{\"seq\":3,\"block\":\"0a050a030a0102120161\",\"type\":\"del\",\"key\":\"a\","
            + "\"value\":null,\"nodes\":[{\"keys\":[2],\"children\":[]}]}",
        ok("dump", dir, "--decode", "--json", "--from", "3").lines().get(0));
    fails(ExitCodes.USAGE, "dump", dir, "--from", "3", "--to", "9");
  }

  @Test
  void blocksThatAreNotHyperbeeBlocksAreNamed() {
    ok("put", dir, "a", "1");
    try (Hypercore core = Hypercore.open(Path.of(dir), HypercoreOptions.defaults())) {
      // signed and in the Merkle tree, but a Node whose index field runs past the end
      core.append(new byte[] {0x0a, 0x05, 0x01});
      // a Node whose level has two child pairs for no key: a bad child count
      core.append(new byte[] {0x0a, 0x08, 0x0a, 0x06, 0x12, 0x04, 1, 0, 1, 1, 0x12, 0x01, 0x62});
    }
    Cli.Result dump = fails(ExitCodes.CORRUPT, "dump", dir, "--decode", "--from", "1");
    List<String> lines = dump.out().lines().toList();
    assertEquals("1 put key=a value=1 nodes=[1]", lines.get(0));
    assertTrue(lines.get(1).startsWith("2 does not decode: "), dump.out());
    assertTrue(lines.get(2).startsWith("3 does not decode: ") && lines.get(2).contains("child"),
        dump.out());
    Cli.Result verify = fails(ExitCodes.CORRUPT, "verify", dir);
    assertTrue(verify.err().contains("block 2 is not a valid hyperbee block"), verify.err());
  }

  /**
   * The issue 12 shape: 20 puts (versions 2..21), then one batch of 200 (version 221) of random
   * puts and deletes over 60 keys (merges in mid-batch leave nodes pointing forward).
   */
  private void twentyThenABatchOf200() {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      lines.append(String.format("{\"type\":\"put\",\"key\":\"a%03d\",\"value\":\"v\"}%n", i));
    }
    lines.append("{\"type\":\"batch\",\"ops\":[");
    java.util.Random rnd = new java.util.Random(12);
    java.util.Set<Integer> present = new java.util.HashSet<>();
    for (int i = 0; i < 200; i++) {
      int k = rnd.nextInt(60);
      boolean put = !present.contains(k) || rnd.nextInt(3) == 0;
      if (put) {
        present.add(k);
      } else {
        present.remove(k);
      }
      lines.append(i == 0 ? "" : ",").append(put
          ? String.format("{\"type\":\"put\",\"key\":\"k%03d\",\"value\":\"w%d\"}", k, i)
          : String.format("{\"type\":\"del\",\"key\":\"k%03d\"}", k));
    }
    lines.append("]}\n");
    Cli.Result r = Cli.runWithInput(lines.toString(), "apply", dir);
    assertEquals(ExitCodes.OK, r.exit(), r.toString());
  }

  /** Issue 12, defect 1: a version inside a batch is a bad argument (exit 2), named as such. */
  @Test
  void aVersionInsideABatchIsABadArgument() {
    twentyThenABatchOf200();
    for (String[] args : List.of(
        new String[] {"get", dir, "a000", "--version", "120"},
        new String[] {"scan", dir, "--version", "22"},
        new String[] {"diff", dir, "--from", "120"},
        new String[] {"diff", dir, "--from", "21", "--to", "220"})) {
      Cli.Result r = fails(ExitCodes.USAGE, args);
      assertTrue(r.err().contains("VERSION_INSIDE_BATCH")
          && r.err().contains("from version 21 to version 221"), r.err());
    }
    assertEquals(20, ok("scan", dir, "--version", "21").out().lines().count());
  }

  /** Issue 12, defect 3: nodes of a batch point forward within it, as JS writes them. */
  @Test
  void verifyAcceptsForwardPointersWithinABatch() {
    twentyThenABatchOf200();
    assertTrue(ok("verify", dir).out().startsWith("ok: 221 blocks"));
  }

  @Test
  void verifyRejectsAPointerPastTheLastBlock() {
    ok("put", dir, "a", "1");
    try (Hypercore core = Hypercore.open(Path.of(dir), HypercoreOptions.defaults())) {
      // key "b" whose one leaf level lists its own seq 2 and a key in block 9 (past the end)
      core.append(new byte[] {0x0a, 0x06, 0x0a, 0x04, 0x0a, 0x02, 0x02, 0x09, 0x12, 0x01, 0x62});
    }
    Cli.Result r = fails(ExitCodes.CORRUPT, "verify", dir);
    assertTrue(r.err().contains("block 2 is not a valid hyperbee block: its tree points to a key"
        + " in block 9 (must be 1..2"), r.err());
  }

  @Test
  void verifyPassesOnAGoodBee() {
    ok("put", dir, "a", "1");
    Cli.Result r = ok("verify", dir);
    assertTrue(r.out().startsWith("ok: 2 blocks"), r.out());
  }

  @Test
  void verifyNamesACorruptBlock() throws IOException {
    ok("put", dir, "a", "1");
    ok("put", dir, "victim", "a value that will be damaged on disk");
    ok("put", dir, "z", "26");
    Path damaged = CorruptFiles.flipByteOf(Path.of(dir), "value that will be damaged");
    Cli.Result r = fails(ExitCodes.CORRUPT, "verify", dir);
    assertTrue(r.err().startsWith("hyperbee: "), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains("block 2") || r.err().contains("2"), damaged + ": " + r.err());
  }

  @Test
  void verifyFailsWhicheverCoreFileIsDamaged() throws IOException {
    // the block data, the block index and the Merkle tree file of the storage layout
    for (String file : List.of("data", "index", "tree")) {
      String bee = tmp.resolve("damaged-" + file).toString();
      ok("init", bee, "--seed", SEED);
      for (int i = 0; i < 20; i++) {
        ok("put", bee, "key" + i, "value " + i);
      }
      Path path = Path.of(bee, file);
      byte[] content = Files.readAllBytes(path);
      content[content.length / 2] ^= 0x40;
      Files.write(path, content);
      Cli.Result r = fails(ExitCodes.CORRUPT, "verify", bee);
      assertEquals(1, r.err().lines().count(), r.err());
      assertTrue(r.err().contains("verification failed") || r.err().contains("corrupt data"),
          file + ": " + r.err());
    }
  }

  @Test
  void applyWritesLineByLineAndStopsAtABadLine() {
    String lines = String.join("\n",
        "{\"type\":\"put\",\"key\":\"a\",\"value\":\"1\"}",
        "",
        "{\"type\":\"batch\",\"ops\":[{\"type\":\"put\",\"key\":\"b\",\"value\":\"2\"},"
            + "{\"type\":\"put\",\"key\":\"c\",\"value\":\"3\"},{\"type\":\"del\",\"key\":\"a\"}]}",
        "{\"type\":\"del\",\"key\":\"b\"}",
        "{\"type\":\"put\",\"key\":\"d\"}",
        "{\"type\":\"put\",\"key\":\"e\",\"valu\":\"oops\"}",
        "{\"type\":\"put\",\"key\":\"f\",\"value\":\"never\"}");
    Cli.Result r = Cli.runWithInput(lines, "apply", dir);
    assertEquals(ExitCodes.USAGE, r.exit(), r.toString());
    assertEquals("hyperbee: line 6: unknown field \"valu\" in a put (allowed: cas, key, sub, type,"
        + " value) (stopped there; lines 1-5 are applied)\n", r.err());
    // 1 put, a batch of 3 blocks, 1 del, 1 put without value: header + 6 blocks
    assertEquals(7.0, info(dir).get("length"));
    assertEquals(List.of("c\t3", "d\t"), ok("scan", dir).lines());
    assertEquals("{\"seq\":6,\"key\":\"d\",\"value\":null}\n", ok("get", dir, "d", "--json").out());
    fails(ExitCodes.NOT_FOUND, "get", dir, "f");

    Cli.Result good = Cli.runWithInput("{\"type\":\"put\",\"key\":\"f\",\"value\":\"6\"}\n", "apply",
        dir);
    assertEquals(ExitCodes.OK, good.exit(), good.toString());
    assertEquals("applied 1 line: 1 put, 0 dels; version 8\n", good.out());
  }

  @Test
  void applyReportsBadJsonWithItsLineNumber() {
    Cli.Result r = Cli.runWithInput("{\"type\":\"put\",\"key\":\"a\",\"value\":\"1\"}\n{oops\n",
        "apply", dir);
    assertEquals(ExitCodes.USAGE, r.exit(), r.toString());
    assertTrue(r.err().startsWith("hyperbee: line 2: not valid JSON"), r.err());
    assertEquals("1\n", ok("get", dir, "a").out());
  }

  @Test
  void applyWithCasAndSubs() {
    String lines = String.join("\n",
        "{\"type\":\"put\",\"key\":\"a\",\"value\":\"1\"}",
        "{\"type\":\"put\",\"key\":\"a\",\"value\":\"2\",\"cas\":{\"prevValue\":\"0\"}}",
        "{\"type\":\"put\",\"key\":\"a\",\"value\":\"3\",\"cas\":{\"prevValue\":\"1\"}}",
        "{\"type\":\"put\",\"key\":\"k\",\"value\":\"v\",\"sub\":[\"s\"]}");
    Cli.Result r = Cli.runWithInput(lines, "apply", dir, "--json");
    assertEquals(ExitCodes.OK, r.exit(), r.toString());
    assertEquals("3\n", ok("get", dir, "a").out());
    assertEquals("v\n", ok("get", dir, "--key-encoding", "hex", "7300" + "6b").out());
  }

  @Test
  void errorsAreOneLineWithAnExitCode() {
    Cli.Result missing = fails(ExitCodes.FAILED, "get", tmp.resolve("nope").toString(), "k");
    assertEquals("hyperbee: no bee in " + tmp.resolve("nope") + ": the directory does not exist"
        + " (create a bee with: hyperbee init " + tmp.resolve("nope") + ")\n", missing.err());
    for (String cmd : List.of("scan", "info", "verify", "dump", "history", "apply")) {
      assertTrue(fails(ExitCodes.FAILED, cmd, tmp.resolve("nope").toString()).err()
          .contains("does not exist"), cmd);
    }
    fails(ExitCodes.FAILED, "put", tmp.resolve("nope").toString(), "k", "v");
    assertTrue(!Files.exists(tmp.resolve("nope")), "a read or write never creates a bee");

    assertTrue(fails(ExitCodes.USAGE, "init", tmp.resolve("s1").toString(), "--seed", "abcd").err()
        .contains("bad seed: expected 64 hex digits (32 bytes), got 4 digits"));
    assertTrue(fails(ExitCodes.USAGE, "init", tmp.resolve("s2").toString(), "--seed", "zz".repeat(32))
        .err().contains("bad seed: not hex"));
    assertTrue(!Files.exists(tmp.resolve("s1")) && !Files.exists(tmp.resolve("s2")));

    assertTrue(fails(ExitCodes.USAGE, "put", "onlykey").err()
        .startsWith("hyperbee put: expected [DIR] KEY VALUE but got 1 argument: onlykey"));
    fails(ExitCodes.USAGE, "put", dir, "k", "v", "extra");
    fails(ExitCodes.USAGE, "scan", dir, "--nope");
    fails(ExitCodes.USAGE, "scan", dir, "--limit", "-5");
    assertEquals("hyperbee scan: Invalid value for option '--key-encoding': unknown encoding"
        + " 'base64' (expected utf8, hex or json) (see 'hyperbee scan --help')\n",
        fails(ExitCodes.USAGE, "scan", dir, "--key-encoding", "base64").err());
    fails(ExitCodes.USAGE, "frobnicate");
    Cli.Result noCore = fails(ExitCodes.FAILED, "scan", tmp.toString());
    assertTrue(noCore.err().contains("holds other files but no Hypercore"), noCore.err());
    Cli.Result version = fails(ExitCodes.USAGE, "scan", dir, "--version", "7");
    assertEquals("hyperbee: version 7 does not exist in " + dir + " (versions are 1..1)\n",
        version.err());
  }

  @Test
  void aReadOnlyBeeRefusesWrites() {
    String replica = tmp.resolve("replica").toString();
    Cli.Result created = ok("init", replica, "--public-key", JS_PUBLIC_KEY);
    assertTrue(created.out().contains("read-only"), created.out());
    assertTrue(created.out().contains("key:           " + JS_KEY), created.out());
    Cli.Result r = fails(ExitCodes.FAILED, "put", replica, "a", "1");
    assertTrue(r.err().startsWith("hyperbee: the bee in " + replica + " is read-only"), r.err());
    fails(ExitCodes.FAILED, "del", replica, "a");
    fails(ExitCodes.FAILED, "apply", replica);
    assertEquals(0.0, info(replica).get("length"));
  }

  @Test
  void verboseShowsTheStackTrace() {
    String nope = tmp.resolve("nope").toString();
    assertEquals(1, fails(ExitCodes.FAILED, "get", nope, "k").err().lines().count());
    assertTrue(fails(ExitCodes.FAILED, "get", nope, "k", "--verbose").err().contains("\tat "));
  }

  @Test
  void helpListsEveryCommand() {
    String help = ok("--help").out();
    for (String cmd : List.of("demo", "init", "put", "get", "del", "apply", "scan", "diff",
        "history", "info", "dump", "verify", "serve", "clone", "follow")) {
      assertTrue(help.contains("\n  " + cmd + " "), cmd);
      assertTrue(ok(cmd, "--help").out().contains("Usage: hyperbee " + cmd), cmd);
    }
  }

  @Test
  void demoRunsTwiceInFreshDirectories() {
    Path where = tmp.resolve("demo");
    Cli.Result first = ok("demo", where.toString());
    assertTrue(first.out().contains("$ hyperbee diff " + where + " --from 6"), first.out());
    assertTrue(first.out().contains("~ fruit/banana\tyellow -> green"), first.out());
    assertTrue(first.out().contains("- fruit/cherry\tdark red"), first.out());
    assertTrue(first.out().contains("verified:      yes"), first.out());
    Cli.Result second = ok("demo", where.toString());
    assertTrue(second.out().contains("in " + where + "-2"), second.out());
    // same seed, same writes: the same tree hash
    assertEquals(info(where.toString()).get("treeHash"), info(where + "-2").get("treeHash"));
  }

  static Map<?, ?> info(String dir) {
    return (Map<?, ?>) JsJson.parse(ok("info", dir, "--json").out().trim());
  }

  static Cli.Result ok(String... args) {
    Cli.Result r = Cli.run(args);
    assertEquals(ExitCodes.OK, r.exit(), () -> String.join(" ", args) + "\n" + r);
    return r;
  }

  static Cli.Result fails(int exit, String... args) {
    Cli.Result r = Cli.run(args);
    assertEquals(exit, r.exit(), () -> String.join(" ", args) + "\n" + r);
    assertTrue(r.err().startsWith("hyperbee"), r::toString);
    return r;
  }
}
