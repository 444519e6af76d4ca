package io.hyperbee.bench.repl;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cold remote reads, as the JS bench's section 3, Java writer and Java reader: one fresh reader
 * per operation ({@code get} of a random key, or a 100-entry range from one) on a bee of
 * {@code coldKeys} keys, the same fixed-seed keys as JS; modes (extension on / off) interleaved
 * in 5 rounds, each with one unreported warm-up reader per operation; round trips and latency
 * over the first {@code rttReaders} keys again with an RTT emulated on the reader's link. "ext on"
 * attaches the cache-warmup extension on both sides, "ext off" on neither (as bench.mjs). A mode
 * the writer cannot serve is reported as not measured with the writer's reason, never estimated.
 */
final class ColdReads {
  static final int ROUNDS = 5;
  private static final Duration TRIAL_LIMIT = Duration.ofSeconds(60);
  private static final List<String> OPS = List.of("get", "range");
  private static final List<String> MODES = List.of("ext on", "ext off");

  /** One op × mode: the loopback trials, the emulated-RTT trials, or why it was not measured. */
  record Row(String op, String mode, List<Reply> trials, List<Reply> rttTrials, String notMeasured) {}

  private ColdReads() {}

  static List<Row> run(BenchOptions o, Peers peers) throws IOException, InterruptedException {
    PeerProcess writer = peers.writer("java");
    PeerProcess reader = peers.reader("java");
    Reply b = writer.call("build cold " + o.coldKeys(), Duration.ofMinutes(10));
    String target = b.text("key") + " " + b.integer("length");
    Map<String, String> unavailable = new LinkedHashMap<>();
    Map<String, List<Reply>> trials = new LinkedHashMap<>();
    Map<String, List<Reply>> rttTrials = new LinkedHashMap<>();
    for (int round = 0; round < ROUNDS; round++) {
      for (String mode : MODES) {
        if (unavailable.containsKey(mode)) {
          continue;
        }
        int port;
        try {
          port = (int) writer.call("serve cold " + (mode.equals("ext on") ? 1 : 0), Duration.ofSeconds(60)).integer("port");
        } catch (IllegalStateException e) {
          unavailable.put(mode, e.getMessage());
          continue;
        }
        for (String op : OPS) {
          long[] keys = chunk(Workload.coldKeys(o.coldKeys(), o.readers(), op.equals("range")), round);
          String trial = "cold " + port + " " + target + " " + op + " ";
          String ext = mode.equals("ext on") ? " 1" : " 0";
          reader.call(trial + (keys[0] ^ 1) + " 0" + ext, TRIAL_LIMIT); // warm-up reader, unreported
          for (long k : keys) {
            trials.computeIfAbsent(op + "/" + mode, x -> new ArrayList<>()).add(reader.call(trial + k + " 0" + ext, TRIAL_LIMIT));
          }
          if (o.rttMs() > 0) {
            int n = chunkLength(o.rttReaders(), round);
            for (int i = 0; i < Math.min(n, keys.length); i++) {
              rttTrials.computeIfAbsent(op + "/" + mode, x -> new ArrayList<>())
                  .add(reader.call(trial + keys[i] + " " + o.rttMs() + ext, TRIAL_LIMIT));
            }
          }
        }
        writer.call("unserve cold", Duration.ofSeconds(60));
      }
    }
    writer.call("rm cold", Duration.ofMinutes(2));
    List<Row> rows = new ArrayList<>();
    for (String op : OPS) {
      for (String mode : MODES) {
        String id = op + "/" + mode;
        rows.add(new Row(op, mode, trials.getOrDefault(id, List.of()), rttTrials.getOrDefault(id, List.of()),
            unavailable.get(mode)));
      }
    }
    return rows;
  }

  /** Round {@code round}'s share of the keys, as bench.mjs slices them. */
  private static long[] chunk(long[] xs, int round) {
    return Arrays.copyOfRange(xs, (int) Math.floor((double) round * xs.length / ROUNDS),
        (int) Math.floor((double) (round + 1) * xs.length / ROUNDS));
  }

  private static int chunkLength(int n, int round) {
    return (int) Math.floor((double) (round + 1) * n / ROUNDS) - (int) Math.floor((double) round * n / ROUNDS);
  }

  static String table(List<Row> rows, BenchOptions o) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "| op | mode | ms | p90 ms | round trips | ms @ %.0f ms RTT | requests | blocks"
        + " | block bytes | wire bytes | round trips, loopback | readers |%n", o.rttMs()));
    sb.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (Row r : rows) {
      String op = r.op().equals("get") ? "get" : "range, 100 entries";
      if (r.notMeasured() != null) {
        sb.append("| ").append(op).append(" | ").append(r.mode()).append(" | not measured |").append(" - |".repeat(8))
            .append(" 0 |\n");
        continue;
      }
      List<Reply> t = r.trials();
      List<Reply> rt = r.rttTrials();
      sb.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %s | %s | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f | %d |%n",
          op, r.mode(), Stats.median(t, x -> x.number("ms")), Stats.percentile(t, x -> x.number("ms"), 0.9),
          rt.isEmpty() ? "-" : String.format(Locale.ROOT, "%.0f", Stats.median(rt, x -> x.number("roundTrips"))),
          rt.isEmpty() ? "-" : String.format(Locale.ROOT, "%,.0f", Stats.median(rt, x -> x.number("ms"))),
          Stats.median(t, x -> x.number("requests")), Stats.median(t, x -> x.number("blocks")),
          Stats.median(t, x -> x.number("blockBytes")), Stats.median(t, x -> x.number("wireBytes")),
          Stats.median(t, x -> x.number("roundTrips")), t.size()));
    }
    sb.append(String.format(Locale.ROOT, "%nRound trips of each reader at %.0f ms RTT (the spread behind the medians):%n", o.rttMs()));
    for (Row r : rows) {
      if (!r.rttTrials().isEmpty()) {
        sb.append(String.format(Locale.ROOT, "- %s, %s: %s%n", r.op(), r.mode(),
            r.rttTrials().stream().map(x -> String.format(Locale.ROOT, "%.0f", x.number("roundTrips"))).toList()));
      }
    }
    rows.stream().filter(r -> r.notMeasured() != null).map(r -> r.mode() + ": " + r.notMeasured()).distinct()
        .forEach(reason -> sb.append(String.format(Locale.ROOT, "%nNot measured, %s%n", reason)));
    List<Reply> all = rows.stream().flatMap(r -> r.trials().stream()).toList();
    if (!all.isEmpty()) {
      sb.append(String.format(Locale.ROOT, "%nConnect + first update (not in the latencies above): median %.1f ms, %.0f request round(s).%n",
          Stats.median(all, x -> x.number("connectMs")), Stats.median(all, x -> x.number("connectRoundTrips"))));
    }
    return sb.toString();
  }
}
