package io.hyperbee.bench;

import io.hyperbee.bench.ResultsDir.GrowthRow;
import io.hyperbee.bench.ResultsDir.JsRun;
import io.hyperbee.bench.ResultsDir.Score;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The markdown report of one {@code benchmarks/run-all.sh} run: every DbBench workload with
 * Hyperbee, iq80, leveldbjni and JS Hyperbee side by side and Hyperbee's ratio to each, the issue-8
 * targets each marked met / not met from those numbers, the Growth table, and the run's facts
 * (date, machine, load, JDK, command). Workloads it does not know are listed after the known ones.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.hyperbee.bench.Report <results dir>};
 * writes {@code <results dir>/report.md} and prints it.
 */
public final class Report {
  static final String HYPERBEE = "hyperbee";
  static final String IQ80 = "iq80";
  static final String JNI = "jni";
  static final String JS = "js";
  /** The read targets are stated for this many keys. */
  static final long TARGET_NUM = 1_000_000;
  static final double UNBATCHED_PUTS_PER_SECOND = 20_000;
  /** Issue 18: unbatched puts at least this fraction of iq80's rate. */
  static final double UNBATCHED_VS_IQ80 = 0.5;
  /** Issue 18: four writer threads at least this many times one writer's rate. */
  static final double CONCURRENT_VS_ONE_WRITER = 2;
  static final String SEQ = "seq";
  static final String RANDOM = "random";
  static final String HEAP = "-Xmx256m";

  private static final List<String> FACTORIES = List.of(IQ80, JNI, HYPERBEE);
  private static final List<String> WORKLOAD_ORDER = List.of(
      "fillseq", "fillrandom", "fillrandomConcurrent4", "overwrite", "fillseqBatch1000", "fillrandomBatch1000",
      "overwriteBatch1000", "deleterandom", "readrandom", "readmissing", "seekrandom", "readseq", "readreverse");
  /** "" (no load order: fills, or a run from before issue 18) first, then seq, random, others. */
  private static final List<String> LOAD_ORDER = List.of("", SEQ, RANDOM);
  static final List<String> READS = List.of("readrandom", "readmissing", "seekrandom", "readseq", "readreverse");

  private Report() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: Report <results dir>");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    String report = render(ResultsDir.load(dir));
    Files.writeString(dir.resolve("report.md"), report);
    System.out.print(report);
  }

  /** Whether a target (or one condition of it) holds; ordered from worst to best. */
  enum Verdict {
    NOT_MET("not met"),
    NOT_MEASURED("not measured"),
    MET("met"),
    NOT_APPLICABLE("n/a"),
    REPORTED("reported");

    final String label;

    Verdict(String label) {
      this.label = label;
    }

    /** The verdict of a target from those of its conditions: the worst one. */
    static Verdict of(List<Check> checks) {
      return checks.stream().map(Check::verdict).min(Comparator.naturalOrder()).orElse(NOT_MEASURED);
    }
  }

  /** One condition of a target, e.g. "hyperbee >= 2x iq80", with the measured ratio. */
  record Check(String condition, Verdict verdict, String detail) {}

  /** One target line (issue 8 or 18). */
  record Target(String target, List<Check> checks, String note) {
    Verdict verdict() {
      return Verdict.of(checks);
    }
  }

  /**
   * One workload at one load order ("" for none) and key count, the JMH score of each factory
   * (absent when not measured).
   */
  record Row(String workload, String load, long num, Map<String, Score> scores) {
    Double rate(String factory) {
      Score s = scores.get(factory);
      return s == null ? null : s.opsPerSec();
    }
  }

  /**
   * Rows in db_bench order, workloads this class does not know after them (by name); per workload
   * by load order, then key count.
   */
  static List<Row> rows(List<Score> scores) {
    record Key(String workload, String load, long num) {}
    Map<Key, Map<String, Score>> grouped = new TreeMap<>(Comparator
        .comparing(Key::workload, (a, b) -> compareIn(WORKLOAD_ORDER, a, b))
        .thenComparing(Key::load, (a, b) -> compareIn(LOAD_ORDER, a, b))
        .thenComparing(Key::num));
    for (Score s : scores) {
      grouped.computeIfAbsent(new Key(s.workload(), s.load(), s.num()), k -> new LinkedHashMap<>())
          .put(s.factory(), s);
    }
    List<Row> rows = new ArrayList<>();
    grouped.forEach((k, byFactory) -> rows.add(new Row(k.workload(), k.load(), k.num(), byFactory)));
    return rows;
  }

  /** Known names in the given order, the others after them by name. */
  private static int compareIn(List<String> order, String a, String b) {
    int ia = order.indexOf(a);
    int ib = order.indexOf(b);
    if (ia >= 0 && ib >= 0) {
      return Integer.compare(ia, ib);
    }
    if (ia >= 0 || ib >= 0) {
      return ia >= 0 ? -1 : 1;
    }
    return a.compareTo(b);
  }

  /** The row of a workload without a load order, see {@link #rowFor(List, String, String)}. */
  static Row rowFor(List<Row> rows, String workload) {
    return rowFor(rows, workload, "");
  }

  /** The row of a workload and load order at the target key count, else at the largest count measured. */
  static Row rowFor(List<Row> rows, String workload, String load) {
    Row best = null;
    for (Row r : rows) {
      if (r.workload().equals(workload) && r.load().equals(load)
          && (best == null || best.num() != TARGET_NUM && (r.num() == TARGET_NUM || r.num() > best.num()))) {
        best = r;
      }
    }
    return best;
  }

  /** The load orders a workload was measured with, in report order; [""] when none. */
  static List<String> loads(List<Row> rows, String workload) {
    List<String> loads = rows.stream().filter(r -> r.workload().equals(workload)).map(Row::load).distinct().toList();
    return loads.isEmpty() ? List.of("") : loads;
  }

  /** How a workload's database was loaded, for titles: "" when it has no load order. */
  static String loadLabel(String load) {
    return switch (load) {
      case "" -> "";
      case SEQ -> "fillseq-loaded";
      case RANDOM -> "fillrandom-loaded";
      default -> "load=" + load;
    };
  }

  private static String titled(String workload, String load) {
    return load.isEmpty() ? workload : workload + " (" + loadLabel(load) + ")";
  }

  /** hyperbee >= factor x peer; NOT_MEASURED when either rate is missing. */
  static Check atLeast(String peerName, Double hyperbee, Double peer, double factor) {
    String condition = "hyperbee >= " + (factor == 1 ? "" : factor(factor) + "x ") + peerName;
    if (hyperbee == null || peer == null) {
      return new Check(condition, Verdict.NOT_MEASURED, (hyperbee == null ? "hyperbee" : peerName) + " not measured");
    }
    double r = hyperbee / peer;
    return new Check(condition, r >= factor ? Verdict.MET : Verdict.NOT_MET, ratio(r) + " " + peerName);
  }

  static List<Target> targets(ResultsDir results) {
    List<Row> rows = rows(results.scores());
    JsRun js = results.js();
    List<Target> targets = new ArrayList<>();
    for (String w : List.of("readrandom", "seekrandom")) {
      for (String load : loads(rows, w)) {
        Row row = rowFor(rows, w, load);
        List<Check> checks = new ArrayList<>();
        checks.add(atLeast("jni", rate(row, HYPERBEE), rate(row, JNI), 1));
        checks.add(atLeast("iq80", rate(row, HYPERBEE), rate(row, IQ80), 2));
        checks.add(atLeast("JS", rate(row, HYPERBEE), js.opsPerSec().get(w), 100));
        targets.add(new Target(titled(w, load) + " at 1M keys: >= jni, >= 2x iq80, >= 100x JS", checks,
            keysNote(row, js)));
      }
    }
    for (String w : List.of("readseq", "readreverse")) {
      for (String load : loads(rows, w)) {
        Row row = rowFor(rows, w, load);
        List<Check> checks = new ArrayList<>();
        if (w.equals("readreverse") && rate(row, IQ80) == null) {
          checks.add(new Check("hyperbee >= iq80", Verdict.NOT_APPLICABLE, "iq80 0.12 cannot iterate backwards"));
        } else {
          checks.add(atLeast("iq80", rate(row, HYPERBEE), rate(row, IQ80), 1));
        }
        checks.add(atLeast("jni", rate(row, HYPERBEE), rate(row, JNI), 1));
        targets.add(new Target(titled(w, load) + ": >= iq80, >= jni", checks, keysNote(row, null)));
      }
    }
    for (String w : List.of("fillseqBatch1000", "fillrandomBatch1000")) {
      Row row = rowFor(rows, w);
      List<Check> checks = new ArrayList<>();
      checks.add(atLeast("iq80", rate(row, HYPERBEE), rate(row, IQ80), 1));
      checks.add(atLeast("JS", rate(row, HYPERBEE), js.opsPerSec().get(w), 30));
      targets.add(new Target(w + ": >= iq80, >= 30x JS", checks, keysNote(row, js)));
    }
    for (String w : List.of("fillseq", "fillrandom")) {
      Row row = rowFor(rows, w);
      Double hb = rate(row, HYPERBEE);
      String condition = "hyperbee >= " + rate(UNBATCHED_PUTS_PER_SECOND) + "/s";
      Check check = hb == null
          ? new Check(condition, Verdict.NOT_MEASURED, "hyperbee not measured")
          : new Check(condition, hb >= UNBATCHED_PUTS_PER_SECOND ? Verdict.MET : Verdict.NOT_MET, rate(hb) + "/s");
      targets.add(new Target(w + " (unbatched puts): >= 20,000/s", List.of(check), keysNote(row, null)));
    }
    targets.add(memoryTarget(results.scores()));
    targets.add(growthTarget(results.growth()));
    return targets;
  }

  /**
   * Issue 18's write targets (batched fills and overwriteBatch1000 >= iq80, unbatched puts >= 0.5x
   * iq80, four writer threads >= 2x one) and its read comparison: each read workload's Hyperbee rate
   * on the fillrandom-loaded database over the fillseq-loaded one, reported, not a target.
   */
  static List<Target> issue18Targets(ResultsDir results) {
    List<Row> rows = rows(results.scores());
    List<Target> targets = new ArrayList<>();
    for (String w : List.of("fillseqBatch1000", "fillrandomBatch1000", "overwriteBatch1000")) {
      for (String load : loads(rows, w)) {
        Row row = rowFor(rows, w, load);
        targets.add(new Target(titled(w, load) + ": >= iq80",
            List.of(atLeast("iq80", rate(row, HYPERBEE), rate(row, IQ80), 1)), keysNote(row, null)));
      }
    }
    for (String w : List.of("fillseq", "fillrandom", "overwrite")) {
      for (String load : loads(rows, w)) {
        Row row = rowFor(rows, w, load);
        targets.add(new Target(titled(w, load) + " (unbatched puts): >= " + factor(UNBATCHED_VS_IQ80) + "x iq80",
            List.of(atLeast("iq80", rate(row, HYPERBEE), rate(row, IQ80), UNBATCHED_VS_IQ80)), keysNote(row, null)));
      }
    }
    Row four = rowFor(rows, "fillrandomConcurrent4");
    Row one = four == null ? null : rows.stream()
        .filter(r -> r.workload().equals("fillrandom") && r.load().isEmpty() && r.num() == four.num())
        .findFirst().orElse(null);
    targets.add(new Target("fillrandomConcurrent4 (4 writer threads, one database): >= "
            + factor(CONCURRENT_VS_ONE_WRITER) + "x hyperbee's fillrandom (1 thread)",
        List.of(atLeast("hyperbee fillrandom", rate(four, HYPERBEE), rate(one, HYPERBEE), CONCURRENT_VS_ONE_WRITER)),
        keysNote(four, null)));
    List<Check> reads = new ArrayList<>();
    for (String w : READS) {
      Row seq = rowFor(rows, w, SEQ);
      Row random = rowFor(rows, w, RANDOM);
      String condition = w + ": hyperbee fillrandom- / fillseq-loaded";
      Double r = rate(random, HYPERBEE);
      Double s = rate(seq, HYPERBEE);
      reads.add(r == null || s == null || seq.num() != random.num()
          ? new Check(condition, Verdict.NOT_MEASURED, "not measured on both")
          : new Check(condition, Verdict.REPORTED, ratio(r / s) + " at " + keys(seq.num()) + " keys"));
    }
    targets.add(new Target("reads on fillrandom- vs fillseq-loaded databases (reported, not a target)", reads, ""));
    return targets;
  }

  private static Target memoryTarget(List<Score> scores) {
    List<Score> hyperbee = scores.stream().filter(s -> s.factory().equals(HYPERBEE)).toList();
    long atHeap = hyperbee.stream().filter(s -> s.jvmArgs().contains(HEAP)).count();
    String heapCondition = "every hyperbee JMH run at " + HEAP;
    Check heap = hyperbee.isEmpty()
        ? new Check(heapCondition, Verdict.NOT_MEASURED, "no hyperbee scores")
        : new Check(heapCondition, atHeap == hyperbee.size() ? Verdict.MET : Verdict.NOT_MET,
            atHeap + " of " + hyperbee.size() + " hyperbee runs at " + HEAP);
    // a run that ran out of memory leaves no score: look for workloads the peers completed
    List<Row> atTarget = rows(scores).stream().filter(r -> r.num() == TARGET_NUM).toList();
    List<String> missing = atTarget.stream()
        .filter(r -> r.rate(HYPERBEE) == null)
        .map(Row::workload)
        .toList();
    String completeCondition = "hyperbee completed every workload at " + keys(TARGET_NUM) + " keys";
    Check complete;
    if (atTarget.isEmpty()) {
      complete = new Check(completeCondition, Verdict.NOT_MEASURED, "no run at " + keys(TARGET_NUM) + " keys");
    } else if (missing.isEmpty()) {
      complete = new Check(completeCondition, Verdict.MET, atTarget.size() + " workloads");
    } else {
      complete = new Check(completeCondition, Verdict.NOT_MET, "no hyperbee score for " + String.join(", ", missing));
    }
    return new Target("memory: 1M keys at " + HEAP, List.of(heap, complete), "");
  }

  private static Target growthTarget(List<GrowthRow> growth) {
    Set<Long> nums = new TreeSet<>();
    growth.stream().filter(g -> g.factory().equals(HYPERBEE)).forEach(g -> nums.add(g.num()));
    Check check = nums.isEmpty()
        ? new Check("Growth table", Verdict.NOT_MEASURED, "no Growth output")
        : new Check("Growth table", Verdict.REPORTED,
            "hyperbee at " + nums.stream().map(Report::keys).collect(Collectors.joining(", ")) + " keys");
    return new Target("growth: get/seek/scan/put cost and bytes on disk per key", List.of(check), "see Growth below");
  }

  /** 2, 0.5, 100: a factor without trailing zeros. */
  private static String factor(double f) {
    return java.math.BigDecimal.valueOf(f).stripTrailingZeros().toPlainString();
  }

  private static String keysNote(Row row, JsRun js) {
    if (row == null) {
      return "";
    }
    String note = row.num() == TARGET_NUM || row.num() == 0 ? "" : "measured at " + keys(row.num()) + " keys";
    if (js != null && js.measured() && js.num() != row.num()) {
      note += (note.isEmpty() ? "" : "; ") + "JS at " + keys(js.num()) + " keys";
    }
    return note;
  }

  private static Double rate(Row row, String factory) {
    return row == null ? null : row.rate(factory);
  }

  static String render(ResultsDir results) {
    StringBuilder out = new StringBuilder();
    Map<String, String> meta = new TreeMap<>(results.meta());
    List<Score> scores = results.scores();
    JsRun js = results.js();
    out.append("# hyperbee-java benchmark report\n\n");
    line(out, "Date", meta.remove("date"));
    line(out, "Finished", meta.remove("end"));
    line(out, "Wall time", meta.containsKey("wallSeconds") ? meta.remove("wallSeconds") + " s" : null);
    line(out, "Command", code(meta.remove("command")));
    line(out, "Mode", meta.remove("mode"));
    String cores = meta.remove("cores");
    String cpu = meta.remove("cpu");
    line(out, "Machine", cores == null ? cpu : cores + " cores" + (cpu == null ? "" : " (" + cpu + ")"));
    line(out, "Load average before", meta.remove("loadBefore"));
    line(out, "Load average after", meta.remove("loadAfter"));
    String jdk = meta.remove("jdk");
    if (jdk == null && !scores.isEmpty()) {
      jdk = scores.get(0).jdk();
    }
    line(out, "JDK", jdk);
    line(out, "JMH", scores.isEmpty() ? null : scores.get(0).jmh());
    Set<String> heaps = scores.stream().map(s -> String.join(" ", s.jvmArgs())).collect(Collectors.toCollection(LinkedHashSet::new));
    line(out, "JMH fork JVM args", heaps.isEmpty() ? null : String.join(" | ", heaps));
    if (js.measured()) {
      line(out, "JS reference", js.versions().entrySet().stream()
          .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))
          + "; " + keys(js.num()) + " keys, " + fmt(js.seconds()) + " s per workload");
    }
    meta.forEach((k, v) -> line(out, k, v));

    out.append("\n## Issue 8 targets\n\n");
    renderTargets(out, targets(results));
    out.append("\n## Issue 18 targets\n\n");
    renderTargets(out, issue18Targets(results));

    out.append("\n## DbBench (JMH), entries/s\n\n");
    String jsHeader = js.measured() ? "JS (" + keys(js.num()) + " keys)" : "JS";
    out.append("| workload | loaded | keys | iq80 | leveldbjni | hyperbee | ").append(jsHeader)
        .append(" | hyperbee / iq80 | hyperbee / jni | hyperbee / JS |\n")
        .append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    List<Row> rows = rows(scores);
    Set<String> shown = new LinkedHashSet<>();
    for (Row r : rows) {
      shown.add(r.workload());
      Double hb = r.rate(HYPERBEE);
      Double jsRate = js.opsPerSec().get(r.workload());
      out.append("| ").append(r.workload()).append(" | ").append(r.load().isEmpty() ? "-" : loadLabel(r.load()))
          .append(" | ").append(keys(r.num()));
      for (String f : FACTORIES) {
        out.append(" | ").append(cell(r.scores().get(f), r.workload(), f));
      }
      out.append(" | ").append(jsRate == null ? "-" : rate(jsRate));
      out.append(" | ").append(ratio(hb, r.rate(IQ80)))
          .append(" | ").append(ratio(hb, r.rate(JNI)))
          .append(" | ").append(ratio(hb, jsRate)).append(" |\n");
    }
    for (Map.Entry<String, Double> e : js.opsPerSec().entrySet()) {
      if (!shown.contains(e.getKey())) {
        out.append("| ").append(e.getKey()).append(" | - | - | - | - | - | ").append(rate(e.getValue()))
            .append(" | - | - | - |\n");
      }
    }
    out.append("\n±: JMH's 99.9% error of the score (absent with a single iteration). Ratios are of "
        + "scores from the same run; JS ran at its own key count (see the header), so its ratios "
        + "compare Hyperbee at the larger count with JS at the smaller one. \"-\": not measured. "
        + "loaded: keys 0..num-1 put in ascending (fillseq) or shuffled (fillrandom) order before the "
        + "workload; JS reads a database loaded in order.\n");
    renderLoadOrders(out, rows);

    out.append("\n## Growth (io.hyperbee.bench.Growth), per second unless stated\n\n");
    List<GrowthRow> growth = results.growth();
    if (growth.isEmpty()) {
      out.append("No Growth output.\n");
    } else {
      renderGrowth(out, growth);
    }
    return out.toString();
  }

  private static void renderTargets(StringBuilder out, List<Target> targets) {
    out.append("| target | condition | measured | verdict | note |\n|---|---|---|---|---|\n");
    for (Target t : targets) {
      List<Check> checks = t.checks();
      for (int i = 0; i < checks.size(); i++) {
        Check c = checks.get(i);
        out.append("| ").append(i == 0 ? t.target() + ": **" + t.verdict().label + "**" : "")
            .append(" | ").append(c.condition())
            .append(" | ").append(c.detail())
            .append(" | ").append(c.verdict().label)
            .append(" | ").append(i == 0 ? t.note() : "")
            .append(" |\n");
      }
    }
  }

  /** Each workload measured on both load orders: fillrandom-loaded over fillseq-loaded, and Hyperbee's ratios on both. */
  private static void renderLoadOrders(StringBuilder out, List<Row> rows) {
    record Pair(Row seq, Row random) {}
    List<Pair> pairs = new ArrayList<>();
    for (Row seq : rows) {
      if (seq.load().equals(SEQ)) {
        rows.stream()
            .filter(r -> r.load().equals(RANDOM) && r.workload().equals(seq.workload()) && r.num() == seq.num())
            .findFirst().ifPresent(random -> pairs.add(new Pair(seq, random)));
      }
    }
    if (pairs.isEmpty()) {
      return;
    }
    out.append("\n## Load order: fillrandom-loaded / fillseq-loaded\n\n")
        .append("| workload | keys | iq80 | leveldbjni | hyperbee | hyperbee / iq80 seq, random "
            + "| hyperbee / jni seq, random |\n|---|---:|---:|---:|---:|---:|---:|\n");
    for (Pair p : pairs) {
      out.append("| ").append(p.seq().workload()).append(" | ").append(keys(p.seq().num()));
      for (String f : FACTORIES) {
        out.append(" | ").append(ratio(p.random().rate(f), p.seq().rate(f)));
      }
      for (String peer : List.of(IQ80, JNI)) {
        out.append(" | ").append(ratio(p.seq().rate(HYPERBEE), p.seq().rate(peer)))
            .append(", ").append(ratio(p.random().rate(HYPERBEE), p.random().rate(peer)));
      }
      out.append(" |\n");
    }
    out.append("\nEach factory's rate on the fillrandom-loaded database over its rate on the fillseq-loaded "
        + "one (below 1: slower on the shuffled load), then Hyperbee's ratios to iq80 and leveldbjni on "
        + "each.\n");
  }

  private static void renderGrowth(StringBuilder out, List<GrowthRow> growth) {
    record Measured(String factory, long num) {}
    List<String> metrics = growth.stream().map(GrowthRow::metric).distinct().toList();
    Map<Measured, Map<String, Double>> table = new TreeMap<>(Comparator
        .comparing((Measured k) -> factoryIndex(k.factory()))
        .thenComparing(Measured::factory)
        .thenComparing(Measured::num));
    for (GrowthRow g : growth) {
      table.computeIfAbsent(new Measured(g.factory(), g.num()), k -> new LinkedHashMap<>()).put(g.metric(), g.value());
    }
    out.append("| system | keys | ").append(String.join(" | ", metrics)).append(" |\n|---|---:|");
    out.append("---:|".repeat(metrics.size())).append('\n');
    table.forEach((k, values) -> {
      out.append("| ").append(k.factory()).append(" | ").append(keys(k.num()));
      for (String m : metrics) {
        Double v = values.get(m);
        out.append(" | ").append(v == null ? "-" : m.contains("bytes") ? fmt(v) : rate(v));
      }
      out.append(" |\n");
    });
  }

  private static int factoryIndex(String factory) {
    int i = FACTORIES.indexOf(factory);
    return i < 0 ? FACTORIES.size() : i;
  }

  private static String cell(Score s, String workload, String factory) {
    if (s == null) {
      return workload.equals("readreverse") && factory.equals(IQ80) ? "n/a" : "-";
    }
    String cell = rate(s.opsPerSec());
    double err = s.errorOpsPerSec();
    if (!Double.isNaN(err) && s.opsPerSec() > 0) {
      cell += String.format(Locale.ROOT, " ±%.0f%%", 100 * err / s.opsPerSec());
    }
    return cell;
  }

  private static void line(StringBuilder out, String label, String value) {
    if (value != null && !value.isBlank()) {
      out.append("- ").append(label).append(": ").append(value).append('\n');
    }
  }

  private static String code(String s) {
    return s == null ? null : "`" + s + "`";
  }

  static String ratio(Double a, Double b) {
    return a == null || b == null || b == 0 ? "-" : ratio(a / b);
  }

  static String ratio(double r) {
    return String.format(Locale.ROOT, r >= 100 ? "%,.0fx" : r >= 10 ? "%.1fx" : "%.2fx", r);
  }

  static String rate(double r) {
    return String.format(Locale.ROOT, r >= 100 ? "%,.0f" : "%,.1f", r);
  }

  static String keys(long num) {
    return String.format(Locale.ROOT, "%,d", num);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
