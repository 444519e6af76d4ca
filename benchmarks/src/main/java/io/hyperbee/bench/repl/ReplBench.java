package io.hyperbee.bench.repl;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Replication side by side with JS (issue 14): full replication of an N-key bee Java → Java,
 * Java → JS and JS → Java (and JS → JS with {@code --pairs}), and cold remote {@code get}s and
 * 100-entry range scans (Java → Java), reproducing /work/shared/bench/js-repl/bench.mjs's data,
 * wiring (bare cores, TCP on 127.0.0.1 with TCP_NODELAY, one process per peer) and counting.
 * Not JMH: each measurement is a multi-process, multi-second wall-clock run of one operation
 * from a cold reader, which JMH's in-process repeated invocations cannot express.
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar io.hyperbee.bench.repl.ReplBench [--keys 1000000]
 *     [--cold-keys 100000] [--readers 50] [--rtt-ms 50] [--rtt-readers 10] [--only full,cold]
 *     [--pairs java-java,java-js,js-java] [--interop interop] [--peer-jvm "-Xmx1g"] [--out FILE]
 * </pre>
 *
 * Prints two markdown tables (and writes them to {@code --out}); run it from the repository root
 * (the JS peer is {@code interop/repl-bench-peer.js}, after {@code npm --prefix interop ci}).
 */
public final class ReplBench {
  private ReplBench() {}

  public static void main(String[] args) throws Exception {
    BenchOptions o = BenchOptions.parse(args);
    String report = run(o).markdown();
    System.out.println(report);
    if (o.out() != null) {
      Files.writeString(o.out(), report);
    }
  }

  /** Runs what {@code o} asks for in a temp folder that is removed afterwards. */
  static Result run(BenchOptions o) throws IOException, InterruptedException {
    Path base = Files.createTempDirectory("replbench-");
    List<String> notes = new ArrayList<>();
    String header = String.format(Locale.ROOT, "%s, %d cores, load average before %.2f, java %s", Instant.now(),
        Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        System.getProperty("java.version"));
    try (Peers peers = new Peers(o, base)) {
      List<ColdReads.Row> cold = o.only().contains("cold") ? ColdReads.run(o, peers) : List.of();
      List<FullReplication.Row> full = o.only().contains("full") ? FullReplication.run(o, peers, notes) : List.of();
      notes.add(String.format(Locale.ROOT, "load average after %.2f",
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
      return new Result(o, header, full, cold, notes);
    } finally {
      ReplPeer.deleteTree(base);
    }
  }

  /** What one run measured. */
  record Result(BenchOptions options, String header, List<FullReplication.Row> full, List<ColdReads.Row> cold,
      List<String> notes) {
    String markdown() {
      StringBuilder sb = new StringBuilder(header).append("\n\n");
      if (!full.isEmpty()) {
        sb.append(FullReplication.table(full)).append('\n');
      }
      if (!cold.isEmpty()) {
        sb.append(String.format(Locale.ROOT, "Cold remote reads, Java → Java, %,d-key bee, %d readers per row;"
            + " round trips and ms @ RTT over %d of the keys with %.0f ms RTT emulated on the reader's link:%n%n",
            options.coldKeys(), options.readers(), options.rttReaders(), options.rttMs()));
        sb.append(ColdReads.table(cold, options)).append('\n');
      }
      notes.forEach(n -> sb.append("- ").append(n).append('\n'));
      return sb.toString();
    }
  }
}
