package io.hyperbee.bench.repl;

import io.hyperbee.btree.Batch;
import io.hyperbee.btree.Hyperbee;
import io.hyperbee.crypto.KeyPair;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Java peer of the replication bench, one process, driven by the orchestrator ({@link
 * ReplBench}) with one command per stdin line and one answer line on stdout ({@link Reply});
 * {@code interop/repl-bench-peer.js} speaks the same protocol for the JS side. Cores live in
 * {@code BASE/NAME}; the orchestrator owns BASE and removes it.
 *
 * <pre>
 * build NAME N                 a bee of N keys in batches of 1,000 -> key length byteLength ms cpuS
 * serve NAME EXT               listen on 127.0.0.1:0 and serve the core (EXT 1: with a bee and
 *                              its cache-warmup extension) -> port
 * cpumark NAME / stats NAME    restart / read the CPU seconds since -> cpuS
 * unserve NAME / rm NAME       stop serving / delete the core
 * replicate PORT KEY LENGTH LIMIT_S  a fresh replica downloads every block
 *                              -> ms timedOut blocks byteLength wireBytes cpuS requests
 * cold PORT KEY LENGTH OP K RTT EXT  a fresh replica with a bee (EXT 1: with its extension):
 *                              one get / 100-entry range (see {@link JavaReader})
 * exit
 * </pre>
 *
 * <p>Run by the orchestrator: {@code java -cp benchmarks.jar io.hyperbee.bench.repl.ReplPeer BASE}.
 */
public final class ReplPeer {
  private final Path base;
  private final Map<String, ServedCore> served = new HashMap<>();
  private final JavaReader reader;

  private ReplPeer(Path base) {
    this.base = base;
    this.reader = new JavaReader(base);
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: ReplPeer BASE_DIR");
    }
    ReplPeer peer = new ReplPeer(Path.of(args[0]));
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(System.err); // only answers go to stdout
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] words = line.trim().split(" ");
        if (words[0].equals("exit")) {
          out.println("ok");
          break;
        }
        String answer;
        try {
          answer = Reply.format(peer.run(words));
        } catch (UnsupportedOperationException e) {
          answer = "error " + e.getMessage(); // an expected refusal, not a failure
        } catch (Exception | AssertionError e) {
          e.printStackTrace();
          answer = "error " + (e.getClass().getSimpleName() + ": " + e.getMessage()).replace('\n', ' ');
        }
        out.println(answer);
      }
    } finally {
      peer.closeAll();
    }
  }

  private Map<String, ?> run(String[] w) throws Exception {
    return switch (w[0]) {
      case "build" -> build(w[1], Long.parseLong(w[2]));
      case "serve" -> serve(w[1], w[2].equals("1"));
      case "cpumark" -> {
        served(w[1]).markCpu();
        yield Map.of();
      }
      case "stats" -> Map.of("cpuS", served(w[1]).cpuSeconds());
      case "unserve" -> {
        served.remove(w[1]).close();
        yield Map.of();
      }
      case "rm" -> {
        deleteTree(base.resolve(w[1]));
        yield Map.of();
      }
      case "replicate" -> reader.replicate(Integer.parseInt(w[1]), HexFormat.of().parseHex(w[2]), Long.parseLong(w[3]),
          java.time.Duration.ofMillis((long) (Double.parseDouble(w[4]) * 1000)));
      case "cold" -> reader.cold(Integer.parseInt(w[1]), HexFormat.of().parseHex(w[2]), Long.parseLong(w[3]),
          w[4], Long.parseLong(w[5]), Double.parseDouble(w[6]), w[7].equals("1"));
      default -> throw new IllegalArgumentException("unknown command " + w[0]);
    };
  }

  private Map<String, ?> build(String name, long n) {
    long cpu0 = cpuNanos();
    long t0 = System.nanoTime();
    HypercoreOptions options = HypercoreOptions.builder().keyPair(KeyPair.random()).sync(JavaReader.SYNC).build();
    try (Hypercore core = Hypercore.open(base.resolve(name), options)) {
      Hyperbee bee = Hyperbee.open(core);
      for (long i = 0; i < n; i += Workload.BATCH) {
        try (Batch batch = bee.batch()) {
          for (long j = i; j < Math.min(n, i + Workload.BATCH); j++) {
            batch.put(Workload.key(j), Workload.value(j));
          }
          batch.flush();
        }
      }
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("key", HexFormat.of().formatHex(core.key()));
      r.put("length", core.length());
      r.put("byteLength", core.byteLength());
      r.put("ms", (System.nanoTime() - t0) / 1e6);
      r.put("cpuS", (cpuNanos() - cpu0) / 1e9);
      return r;
    }
  }

  private Map<String, ?> serve(String name, boolean extension) throws IOException {
    if (served.containsKey(name)) {
      throw new IllegalStateException(name + " is served already");
    }
    ServedCore s = ServedCore.open(base.resolve(name), extension);
    served.put(name, s);
    return Map.of("port", s.port());
  }

  private ServedCore served(String name) {
    ServedCore s = served.get(name);
    if (s == null) {
      throw new IllegalStateException(name + " is not served");
    }
    return s;
  }

  private void closeAll() {
    served.values().forEach(ServedCore::close);
    served.clear();
  }

  /** CPU time of this whole process (all threads), as the JS bench's process.cpuUsage(). */
  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
