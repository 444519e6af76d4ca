package io.hyperbee.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The parsed files of one {@code benchmarks/run-all.sh} results directory: JMH's JSON of the
 * {@link DbBench} runs ({@code dbbench*.json}), the JS reference ({@code js-dbbench.json}, from
 * {@code interop/dbbench.js}), {@link Growth}'s output ({@code growth*.txt}) and the run's facts
 * ({@code meta.properties}). Missing files give empty parts; malformed ones throw an
 * {@link IllegalArgumentException} naming the file.
 */
record ResultsDir(
    List<Score> scores, JsRun js, List<GrowthRow> growth, Map<String, String> meta) {

  static final String JS_FILE = "js-dbbench.json";
  static final String META_FILE = "meta.properties";

  /**
   * One JMH score of one DbBench workload for one factory, in operations per second. {@code load}
   * is the filled database's load order ({@code seq}, {@code random}), empty for workloads without
   * one and for runs from before the parameter (whose filled databases were loaded in order).
   */
  record Score(
      String workload,
      String load,
      String factory,
      long num,
      double opsPerSec,
      double errorOpsPerSec,
      List<String> jvmArgs,
      String jdk,
      String jmh) {}

  /** The JS reference run: its key count and ops/s per workload. */
  record JsRun(long num, double seconds, Map<String, Double> opsPerSec, Map<String, String> versions) {
    static final JsRun NONE = new JsRun(0, 0, Map.of(), Map.of());

    boolean measured() {
      return !opsPerSec.isEmpty();
    }
  }

  /** One line of {@link Growth}'s output. */
  record GrowthRow(String factory, long num, String metric, double value) {}

  // Growth.report: "%-9s num=%-9d %-24s %,14.1f"
  private static final Pattern GROWTH_LINE =
      Pattern.compile("^(\\S+)\\s+num=(\\d+)\\s+(\\S.*?)\\s+(-?[\\d,]+(?:\\.\\d+)?)\\s*$");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> KNOWN_PARAMS = Set.of("factory", "num", "load");

  ResultsDir {
    scores = List.copyOf(scores);
    Objects.requireNonNull(js, "js");
    growth = List.copyOf(growth);
    meta = Map.copyOf(meta);
  }

  static ResultsDir load(Path dir) throws IOException {
    Objects.requireNonNull(dir, "dir");
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("not a results directory: " + dir);
    }
    List<Score> scores = new ArrayList<>();
    for (Path p : files(dir, "dbbench", ".json")) {
      scores.addAll(parseJmh(Files.readString(p), p.getFileName().toString()));
    }
    Path js = dir.resolve(JS_FILE);
    JsRun jsRun = Files.exists(js) ? parseJs(Files.readString(js), JS_FILE) : JsRun.NONE;
    List<GrowthRow> growth = new ArrayList<>();
    for (Path p : files(dir, "growth", ".txt")) {
      growth.addAll(parseGrowth(Files.readString(p)));
    }
    Map<String, String> meta = new LinkedHashMap<>();
    Path metaFile = dir.resolve(META_FILE);
    if (Files.exists(metaFile)) {
      Properties props = new Properties();
      try (Reader r = Files.newBufferedReader(metaFile, StandardCharsets.UTF_8)) {
        props.load(r);
      }
      props.stringPropertyNames().forEach(k -> meta.put(k, props.getProperty(k)));
    }
    return new ResultsDir(scores, jsRun, growth, meta);
  }

  /** JMH's {@code -rf json} output; benchmarks other than throughput in ops/time are refused. */
  static List<Score> parseJmh(String json, String source) {
    JsonNode root = readJson(json, source);
    if (!root.isArray()) {
      throw new IllegalArgumentException(source + ": expected JMH's JSON array of results");
    }
    List<Score> scores = new ArrayList<>();
    for (JsonNode r : root) {
      String benchmark = text(r, "benchmark", source);
      JsonNode params = r.path("params");
      // a parameter other than factory, num and load (added to DbBench later) tells workloads apart
      StringBuilder workload = new StringBuilder(benchmark.substring(benchmark.lastIndexOf('.') + 1));
      params.fields().forEachRemaining(p -> {
        if (!KNOWN_PARAMS.contains(p.getKey())) {
          workload.append(" [").append(p.getKey()).append('=').append(p.getValue().asText()).append(']');
        }
      });
      String factory = params.path("factory").asText("?");
      long num = params.path("num").asLong(0);
      JsonNode metric = r.path("primaryMetric");
      String unit = text(metric, "scoreUnit", source);
      double perSecond = perSecond(unit, source + ": " + benchmark);
      List<String> jvmArgs = new ArrayList<>();
      r.path("jvmArgs").forEach(a -> jvmArgs.add(a.asText()));
      scores.add(new Score(
          workload.toString(),
          params.path("load").asText(""),
          factory,
          num,
          number(metric, "score", source) * perSecond,
          metric.path("scoreError").asDouble(Double.NaN) * perSecond,
          jvmArgs,
          r.path("jdkVersion").asText("?"),
          r.path("jmhVersion").asText("?")));
    }
    return scores;
  }

  /** {@code interop/dbbench.js}'s stdout. */
  static JsRun parseJs(String json, String source) {
    JsonNode root = readJson(json, source);
    JsonNode results = root.path("results");
    if (!results.isObject()) {
      throw new IllegalArgumentException(source + ": no \"results\" object");
    }
    Map<String, Double> rates = new LinkedHashMap<>();
    results.fields().forEachRemaining(e -> rates.put(e.getKey(), number(e.getValue(), "opsPerSec", source)));
    Map<String, String> versions = new LinkedHashMap<>();
    root.path("versions").fields().forEachRemaining(e -> versions.put(e.getKey(), e.getValue().asText()));
    return new JsRun(
        (long) number(root, "num", source), root.path("seconds").asDouble(Double.NaN), rates, versions);
  }

  /** {@link Growth}'s stdout; lines that are not result lines (JVM warnings, blanks) are skipped. */
  static List<GrowthRow> parseGrowth(String text) {
    List<GrowthRow> rows = new ArrayList<>();
    for (String line : text.split("\n")) {
      Matcher m = GROWTH_LINE.matcher(line);
      if (m.matches()) {
        rows.add(new GrowthRow(
            m.group(1),
            Long.parseLong(m.group(2)),
            m.group(3),
            Double.parseDouble(m.group(4).replace(",", ""))));
      }
    }
    return rows;
  }

  private static double perSecond(String unit, String where) {
    return switch (unit) {
      case "ops/s" -> 1;
      case "ops/ms" -> 1e3;
      case "ops/us" -> 1e6;
      case "ops/ns" -> 1e9;
      case "ops/min" -> 1.0 / 60;
      default -> throw new IllegalArgumentException(where + ": score unit " + unit + " is not a throughput");
    };
  }

  private static JsonNode readJson(String json, String source) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(source + ": not JSON: " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode node, String field, String source) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException(source + ": missing text field \"" + field + "\"");
    }
    return v.asText();
  }

  private static double number(JsonNode node, String field, String source) {
    JsonNode v = node.get(field);
    if (v == null || !v.isNumber()) {
      throw new IllegalArgumentException(source + ": missing number field \"" + field + "\"");
    }
    return v.asDouble();
  }

  private static List<Path> files(Path dir, String prefix, String suffix) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(p -> {
        String n = p.getFileName().toString();
        return n.startsWith(prefix) && n.endsWith(suffix) && Files.isRegularFile(p);
      }).sorted().toList();
    }
  }
}
