package io.hyperbee.bench.repl;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Full replication of an N-key bee, as the JS bench's section 2: the writer process builds the bee
 * on disk (batches of 1,000) and serves it; a fresh reader process that knows only the key
 * connects and downloads every block; time runs from the TCP connect to the last block stored.
 * One bee per writer implementation serves all its rows. Rows are "writer → reader".
 */
final class FullReplication {
  private static final Duration BUILD_LIMIT = Duration.ofMinutes(20);
  /** How long the orchestrator waits for a replicate answer beyond the peer's own limit. */
  private static final Duration REPLICATE_LIMIT = Duration.ofMinutes(30);

  /** One row; {@code build} is the writer's build of the bee this row replicated. */
  record Row(String writer, String reader, long keys, Reply build, Reply replication, double writerCpuS) {
    double seconds() {
      return replication.number("ms") / 1000;
    }

    double blocksPerSecond() {
      return replication.integer("blocks") / seconds();
    }

    boolean timedOut() {
      return replication.integer("timedOut") != 0;
    }

    /** Block payload per second; a timed-out row has only the blocks' count, not their bytes. */
    double payloadMBps() {
      return timedOut() ? Double.NaN : replication.integer("byteLength") / 1e6 / seconds();
    }

    double wireMBps() {
      return replication.integer("wireBytes") / 1e6 / seconds();
    }

    /** Bytes the reader read off its socket per block it got: payload, proof nodes, framing. */
    double wireBytesPerBlock() {
      return (double) replication.integer("wireBytes") / replication.integer("blocks");
    }
  }

  private FullReplication() {}

  static List<Row> run(BenchOptions o, Peers peers, List<String> notes) throws IOException, InterruptedException {
    Map<String, Reply> built = new LinkedHashMap<>();
    List<Row> rows = new ArrayList<>();
    for (String pair : o.pairs()) {
      String writerImpl = pair.substring(0, pair.indexOf('-'));
      String readerImpl = pair.substring(pair.indexOf('-') + 1);
      PeerProcess writer = peers.writer(writerImpl);
      PeerProcess reader = peers.reader(readerImpl);
      Reply b = built.get(writerImpl);
      if (b == null) {
        b = writer.call("build full " + o.keys(), BUILD_LIMIT);
        built.put(writerImpl, b);
      }
      // the JS writer serves with its Hyperbee's extension on, as bench.mjs; Java has none yet
      int port = (int) writer.call("serve full " + (writerImpl.equals("js") ? 1 : 0), Duration.ofSeconds(60)).integer("port");
      writer.call("cpumark full", Duration.ofSeconds(10));
      Reply r = reader.call("replicate " + port + " " + b.text("key") + " " + b.integer("length") + " " + o.limitS(),
          REPLICATE_LIMIT);
      double writerCpu = writer.call("stats full", Duration.ofSeconds(10)).number("cpuS");
      writer.call("unserve full", Duration.ofSeconds(60));
      if (r.integer("timedOut") == 0
          && (r.integer("blocks") != b.integer("length") || r.integer("byteLength") != b.integer("byteLength"))) {
        throw new IllegalStateException(pair + ": the reader has " + r.integer("blocks") + " blocks / "
            + r.integer("byteLength") + " bytes of the writer's " + b.integer("length") + " / " + b.integer("byteLength"));
      }
      rows.add(new Row(writerImpl, readerImpl, o.keys(), b, r, writerCpu));
    }
    for (String impl : built.keySet()) {
      peers.writer(impl).call("rm full", Duration.ofMinutes(2));
    }
    if (built.size() == 2) {
      long java = built.get("java").integer("byteLength");
      long js = built.get("js").integer("byteLength");
      notes.add(java == js
          ? "Java and JS built byte-identical payloads for the same data: " + String.format(Locale.ROOT, "%,d", java) + " bytes each."
          : "MISMATCH: for the same data Java built " + java + " payload bytes and JS " + js + ".");
    }
    return rows;
  }

  static String table(List<Row> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append("| writer → reader | keys | writer build s | replication s | blocks/s | MB/s (payload) | wire MB/s"
        + " | wire bytes / block | requests sent | CPU s reader / writer |\n");
    sb.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (Row r : rows) {
      String time = String.format(Locale.ROOT, "%.1f", r.seconds());
      if (r.timedOut()) {
        time = String.format(Locale.ROOT, "stopped at %.1f: %,d of %,d blocks", r.seconds(),
            r.replication().integer("blocks"), r.build().integer("length"));
      }
      sb.append(String.format(Locale.ROOT, "| %s → %s | %,d | %.1f | %s | %,.0f | %.2f | %.2f | %,.0f | %,d | %.1f / %.1f |%n",
          label(r.writer()), label(r.reader()), r.keys(), r.build().number("ms") / 1000, time,
          r.blocksPerSecond(), r.payloadMBps(), r.wireMBps(), r.wireBytesPerBlock(), r.replication().integer("requests"),
          r.replication().number("cpuS"), r.writerCpuS()));
    }
    return sb.toString();
  }

  static String label(String impl) {
    return impl.equals("js") ? "JS" : "Java";
  }
}
