package io.hyperbee.bench.repl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What {@link ReplBench} runs. Defaults are the JS bench's: 1,000,000 keys for full replication,
 * a 100,000-key bee for cold reads with 50 readers per row in 5 rounds, and round trips counted
 * over 10 of the readers' keys with 50 ms RTT emulated on the reader's link.
 *
 * @param limitS a replication still running after this long stops and reports how far it got
 *     (the JS bench's "about 4 minutes" rule; it then measures 300,000 keys, we report the rate)
 * @param pairs full-replication rows as "writer-reader" ({@code java-java}, {@code java-js},
 *     {@code js-java}, {@code js-js})
 */
record BenchOptions(long keys, double limitS, long coldKeys, int readers, double rttMs, int rttReaders, Set<String> only,
    List<String> pairs, Path interop, List<String> peerJvmArgs, Path out) {
  static final List<String> ALL_PAIRS = List.of("java-java", "java-js", "js-java", "js-js");

  BenchOptions {
    if (readers < ColdReads.ROUNDS) {
      throw new IllegalArgumentException("--readers must be at least " + ColdReads.ROUNDS + " (one per round)");
    }
    if (keys < 1 || coldKeys <= Workload.RANGE_LIMIT) {
      throw new IllegalArgumentException("--keys must be positive and --cold-keys above " + Workload.RANGE_LIMIT);
    }
    for (String p : pairs) {
      if (!ALL_PAIRS.contains(p)) {
        throw new IllegalArgumentException("unknown pair " + p + "; known: " + ALL_PAIRS);
      }
    }
  }

  static BenchOptions parse(String... args) {
    long keys = 1_000_000;
    double limitS = 240;
    long coldKeys = 100_000;
    int readers = 50;
    double rttMs = 50;
    int rttReaders = 10;
    Set<String> only = Set.of("full", "cold");
    List<String> pairs = List.of("java-java", "java-js", "js-java");
    Path interop = Path.of("interop");
    List<String> jvm = new ArrayList<>();
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(a + " needs a value");
      }
      String v = args[++i];
      switch (a) {
        case "--keys" -> keys = Long.parseLong(v);
        case "--limit-s" -> limitS = Double.parseDouble(v);
        case "--cold-keys" -> coldKeys = Long.parseLong(v);
        case "--readers" -> readers = Integer.parseInt(v);
        case "--rtt-ms" -> rttMs = Double.parseDouble(v);
        case "--rtt-readers" -> rttReaders = Integer.parseInt(v);
        case "--only" -> only = Set.of(v.split(","));
        case "--pairs" -> pairs = List.of(v.split(","));
        case "--interop" -> interop = Path.of(v);
        case "--peer-jvm" -> jvm.addAll(Arrays.asList(v.split(" ")));
        case "--out" -> out = Path.of(v);
        default -> throw new IllegalArgumentException("unknown argument " + a + "; see ReplBench's javadoc");
      }
    }
    return new BenchOptions(keys, limitS, coldKeys, readers, rttMs, rttReaders, only, pairs, interop.toAbsolutePath(),
        List.copyOf(jvm), out);
  }
}
