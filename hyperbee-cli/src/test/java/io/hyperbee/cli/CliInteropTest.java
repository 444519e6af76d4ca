package io.hyperbee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.hyperbee.encoding.JsJson;
import io.hyperbee.interop.Vectors;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI against the interop vectors JS produced: {@code init --seed} + the scenario's writes give
 * the core JS built (same {@code info} tree hash, length, byte length and signature, same
 * {@code dump} blocks), both through {@code apply} and through one {@code put}/{@code del}
 * command per op; and the read commands print what the JS streams gave at the same point.
 */
class CliInteropTest {
  /**
   * Scenarios with more ops than this are only applied, not replayed one command (one process
   * start's worth of work: open, write, close) per op.
   */
  private static final int COMMAND_REPLAY_MAX_OPS = 200;
  /** Above this many lines apply runs with --no-sync. */
  private static final int SYNCED_APPLY_MAX_LINES = 200;
  /** Scenarios where JS never wrote a block, not even the header, which init always writes. */
  private static final List<String> EMPTY_JS_CORES = List.of("empty-tree");

  @TempDir Path tmp;

  @Test
  void vectorsArePresent() {
    assertFalse(Vectors.names().isEmpty(), "no interop vectors on the test classpath");
  }

  @TestFactory
  Stream<DynamicTest> applyOfAScenarioBuildsTheCoreJsBuilt() {
    return Vectors.names().stream()
        .filter(name -> !EMPTY_JS_CORES.contains(Vectors.scenarioName(name)))
        .map(name -> DynamicTest.dynamicTest(Vectors.scenarioName(name), () -> {
          Map<?, ?> vector = load(name);
          Map<?, ?> scenario = (Map<?, ?>) vector.get("scenario");
          String dir = init(scenario);
          StringBuilder lines = new StringBuilder();
          int writes = 0;
          for (Object op : (List<?>) scenario.get("ops")) {
            Object type = ((Map<?, ?>) op).get("type");
            if ("put".equals(type) || "del".equals(type) || "batch".equals(type)) {
              lines.append(JsJson.stringify(op)).append('\n');
              writes++;
            }
          }
          List<String> args = new ArrayList<>(List.of("apply", dir));
          args.addAll(encodingArgs(scenario));
          if (writes > SYNCED_APPLY_MAX_LINES) {
            args.add("--no-sync"); // an fsync per write would take minutes; the bytes are the same
          }
          Cli.Result r = Cli.runWithInput(lines.toString(), args.toArray(String[]::new));
          assertEquals(ExitCodes.OK, r.exit(), r::toString);
          assertSameCore(vector, dir);
          // the core is JS's byte for byte: verify must accept it (issue 12, defect 3)
          Cli.Result verify = Cli.run("verify", dir);
          assertEquals(ExitCodes.OK, verify.exit(), verify::toString);
        }));
  }

  @Test
  void theOnlyVectorsLeftOutAreEmptyJsCores() {
    // init always writes the header; JS wrote nothing for these scenarios
    List<String> empty = new ArrayList<>();
    for (String name : Vectors.names()) {
      if (!name.endsWith(".gz") && ((List<?>) load(name).get("blocks")).isEmpty()) {
        empty.add(Vectors.scenarioName(name));
      }
    }
    assertEquals(EMPTY_JS_CORES, empty);
  }

  @TestFactory
  Stream<DynamicTest> commandsReplayAScenarioAndReadWhatJsRead() {
    return Vectors.names().stream()
        .filter(name -> !name.endsWith(".gz"))
        .filter(name -> !EMPTY_JS_CORES.contains(Vectors.scenarioName(name)))
        .map(name -> Map.entry(name, load(name)))
        .filter(e -> ((List<?>) ((Map<?, ?>) e.getValue().get("scenario")).get("ops")).size()
            <= COMMAND_REPLAY_MAX_OPS)
        .map(e -> DynamicTest.dynamicTest(Vectors.scenarioName(e.getKey()), () -> {
          Map<?, ?> scenario = (Map<?, ?>) e.getValue().get("scenario");
          new Replay(e.getValue(), init(scenario)).run();
        }));
  }

  /** Replays one scenario op by op, with every key and value as hex (the raw stored bytes). */
  private final class Replay {
    private final Map<?, ?> vector;
    private final Map<?, ?> scenario;
    private final String dir;
    private final Encoding keys;
    private final Encoding values;

    Replay(Map<?, ?> vector, String dir) {
      this.vector = vector;
      this.scenario = (Map<?, ?>) vector.get("scenario");
      this.dir = dir;
      this.keys = encoding((String) scenario.get("keyEncoding"));
      this.values = encoding((String) scenario.get("valueEncoding"));
    }

    void run() {
      List<?> ops = (List<?>) scenario.get("ops");
      Map<Double, Map<?, ?>> steps = new java.util.HashMap<>();
      for (Object s : (List<?>) vector.get("steps")) {
        steps.put((Double) ((Map<?, ?>) s).get("op"), (Map<?, ?>) s);
      }
      for (int i = 0; i < ops.size(); i++) {
        Map<?, ?> op = (Map<?, ?>) ops.get(i);
        Map<?, ?> step = steps.get((double) i);
        String what = scenario.get("name") + " op " + i + " " + JsJson.stringify(op);
        if (op.containsKey("sub") || op.containsKey("cas") || "batch".equals(op.get("type"))
            || ("put".equals(op.get("type")) && op.get("value") == null)) {
          // no command form: sub reads/writes, cas, batches and value-less puts go through apply
          Cli.Result r = Cli.runWithInput(JsJson.stringify(op) + "\n",
              withEncodings("apply", dir));
          if (!isRead(op)) {
            assertEquals(ExitCodes.OK, r.exit(), () -> what + "\n" + r);
          }
          continue;
        }
        switch ((String) op.get("type")) {
          case "put" -> run(what, "put", dir, key(op.get("key")), value(op.get("value")));
          case "del" -> run(what, "del", dir, key(op.get("key")));
          case "get" -> check(what, step, List.of("get", dir, key(op.get("key"))), true);
          case "range" -> check(what, step, rangeArgs("scan", (Map<?, ?>) op.get("opts")), false);
          case "diff" -> {
            List<String> args = rangeArgs("diff", (Map<?, ?>) op.get("opts"));
            args.add("--from=" + number(op.get("other")));
            if (op.get("version") != null) {
              args.add("--to=" + number(op.get("version")));
            }
            check(what, step, args, false);
          }
          case "history" -> check(what, step, historyArgs((Map<?, ?>) op.get("opts")), false);
          default -> throw new AssertionError("unknown op " + what);
        }
      }
      assertSameCore(vector, dir);
    }

    private boolean isRead(Map<?, ?> op) {
      return List.of("get", "range", "diff", "history").contains(op.get("type"));
    }

    private void run(String what, String... args) {
      Cli.Result r = Cli.run(withEncodings(args));
      assertEquals(ExitCodes.OK, r.exit(), () -> what + "\n" + r);
    }

    /** Runs a read with --json and hex encodings; its lines must be the JS result. */
    private void check(String what, Map<?, ?> step, List<String> args, boolean single) {
      List<String> all = new ArrayList<>(args);
      all.add("--json");
      all.add("--key-encoding=hex");
      all.add("--value-encoding=hex");
      Cli.Result r = Cli.run(all.toArray(String[]::new));
      if (step == null) {
        return; // large scenarios record only some steps
      }
      Object expected = step.get("result");
      Object actual;
      if (single) {
        assertEquals(expected == null ? ExitCodes.NOT_FOUND : ExitCodes.OK, r.exit(), () -> what + "\n" + r);
        actual = JsJson.parse(r.out().trim());
      } else {
        assertEquals(ExitCodes.OK, r.exit(), () -> what + "\n" + r);
        List<Object> list = new ArrayList<>();
        for (String line : r.lines()) {
          list.add(JsJson.parse(line));
        }
        actual = list;
      }
      assertEquals(JsJson.stringify(expected), JsJson.stringify(actual), what);
    }

    private List<String> rangeArgs(String command, Map<?, ?> opts) {
      List<String> args = new ArrayList<>(List.of(command, dir));
      for (String bound : List.of("gt", "gte", "lt", "lte")) {
        if (opts.get(bound) != null) {
          args.add("--" + bound + "=" + hex(keys.fromJsonValue(opts.get(bound))));
        }
      }
      if (Boolean.TRUE.equals(opts.get("reverse"))) {
        args.add("--reverse");
      }
      if (opts.get("limit") != null) {
        args.add("--limit=" + number(opts.get("limit")));
      }
      return args;
    }

    private List<String> historyArgs(Map<?, ?> opts) {
      List<String> args = new ArrayList<>(List.of("history", dir));
      for (String bound : List.of("gt", "gte", "lt", "lte", "limit")) {
        if (opts.get(bound) != null) {
          args.add("--" + bound + "=" + number(opts.get(bound)));
        }
      }
      if (Boolean.TRUE.equals(opts.get("reverse"))) {
        args.add("--reverse");
      }
      return args;
    }

    private String key(Object json) {
      return hex(keys.fromJsonValue(json));
    }

    private String value(Object json) {
      return hex(values.fromJsonValue(json));
    }

    private String[] withEncodings(String... args) {
      List<String> all = new ArrayList<>(List.of(args));
      all.add("--key-encoding=" + (args[0].equals("apply") ? keys : Encoding.HEX));
      all.add("--value-encoding=" + (args[0].equals("apply") ? values : Encoding.HEX));
      return all.toArray(String[]::new);
    }
  }

  private String init(Map<?, ?> scenario) throws IOException {
    String dir = Files.createTempDirectory(tmp, (String) scenario.get("name")).resolve("bee").toString();
    List<String> args = new ArrayList<>(List.of("init", dir, "--seed", (String) scenario.get("seed")));
    if (scenario.get("metadata") instanceof Map<?, ?> metadata) {
      if (metadata.get("contentFeed") != null) {
        args.add("--content-feed=" + metadata.get("contentFeed"));
      }
      if (metadata.get("userData") != null) {
        args.add("--user-data=" + metadata.get("userData"));
      }
      if (metadata.get("contentFeed") == null && metadata.get("userData") == null) {
        throw new AssertionError("no init option for metadata {} in " + scenario.get("name"));
      }
    }
    Cli.Result r = Cli.run(args.toArray(String[]::new));
    assertEquals(ExitCodes.OK, r.exit(), r::toString);
    return dir;
  }

  private static void assertSameCore(Map<?, ?> vector, String dir) {
    Map<?, ?> last = lastStep(vector);
    Cli.Result info = Cli.run("info", dir, "--json");
    assertEquals(ExitCodes.OK, info.exit(), info::toString);
    Map<?, ?> o = (Map<?, ?>) JsJson.parse(info.out().trim());
    assertEquals(vector.get("key"), o.get("key"));
    assertEquals(last.get("length"), o.get("length"));
    assertEquals(last.get("byteLength"), o.get("byteLength"));
    assertEquals(last.get("treeHash"), o.get("treeHash"));
    assertEquals(last.get("signature"), o.get("signature"));
    assertEquals(true, o.get("verified"));
    Cli.Result dump = Cli.run("dump", dir);
    assertEquals(ExitCodes.OK, dump.exit(), dump::toString);
    assertEquals(vector.get("blocks"), dump.lines());
  }

  private static Map<?, ?> lastStep(Map<?, ?> vector) {
    List<?> steps = (List<?>) vector.get("steps");
    return (Map<?, ?>) steps.get(steps.size() - 1);
  }

  private static List<String> encodingArgs(Map<?, ?> scenario) {
    return List.of(
        "--key-encoding=" + encoding((String) scenario.get("keyEncoding")),
        "--value-encoding=" + encoding((String) scenario.get("valueEncoding")));
  }

  /** Scenario encodings to CLI encodings: binary keys/values are written as hex strings. */
  private static Encoding encoding(String scenarioEncoding) {
    return "binary".equals(scenarioEncoding) ? Encoding.HEX : Encoding.fromName(scenarioEncoding);
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  private static String number(Object n) {
    return Long.toString(((Double) n).longValue());
  }

  /** The vector file parsed with JS JSON semantics (keys and values exactly as JS wrote them). */
  private static Map<?, ?> load(String name) {
    try (InputStream raw = CliInteropTest.class.getClassLoader().getResourceAsStream(name);
        InputStream in = name.endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
      return (Map<?, ?>) JsJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
