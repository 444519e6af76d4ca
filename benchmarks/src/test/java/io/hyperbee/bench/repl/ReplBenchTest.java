package io.hyperbee.bench.repl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The replication bench end to end at a small scale (2,000 keys): every row runs, and its counts
 * are consistent with each other and with the data. Timings are not asserted.
 */
class ReplBenchTest {
  private static final long KEYS = 2000;

  @Test
  void theDataIsTheJsBenchs() {
    // bench.mjs: "%016d" keys; 100-byte values, 50 printable bytes twice, mulberry32(301)
    assertArrayEquals("0000000000001234".getBytes(StandardCharsets.US_ASCII), Workload.key(1234));
    byte[] v = Workload.value(7);
    assertEquals(100, v.length);
    for (int j = 0; j < 50; j++) {
      assertTrue(v[j] >= 32 && v[j] < 127, "printable");
      assertEquals(v[j], v[j + 50]);
    }
    assertArrayEquals(Workload.value(7), Workload.value(7 + 1024));
    assertFalse(java.util.Arrays.equals(Workload.value(7), Workload.value(8)));
    // mulberry32(301)'s first draw, computed by node with bench.mjs's rng(): 0.49379309406504035
    assertEquals(0.49379309406504035, new Workload.Mulberry32(301).next(), 0);
  }

  @Test
  @Timeout(600)
  void everyRowRunsAndItsCountsAgree() throws Exception {
    BenchOptions o = BenchOptions.parse("--keys", "" + KEYS, "--cold-keys", "" + KEYS, "--readers", "5",
        "--rtt-ms", "10", "--rtt-readers", "5", "--pairs", "java-java,java-js,js-java", "--interop", "../interop");
    ReplBench.Result r = ReplBench.run(o);

    assertEquals(3, r.full().size());
    long payload = -1;
    for (FullReplication.Row row : r.full()) {
      String what = row.writer() + " -> " + row.reader();
      Reply rep = row.replication();
      assertFalse(row.timedOut(), what);
      assertEquals(KEYS + 1, rep.integer("blocks"), what + ": a bee of N keys is N + 1 blocks");
      assertEquals(KEYS + 1, row.build().integer("length"), what);
      // one request per block, plus the upgrade's (and at most a few re-asked)
      assertTrue(rep.integer("requests") >= KEYS + 1 && rep.integer("requests") <= KEYS + 10, what + ": " + rep);
      assertTrue(rep.integer("wireBytes") > rep.integer("byteLength"), what + ": proofs and framing come on top");
      payload = payload < 0 ? rep.integer("byteLength") : payload;
      assertEquals(payload, rep.integer("byteLength"), what + ": the same data, the same bytes, whoever built it");
      assertTrue(row.blocksPerSecond() > 0 && rep.number("cpuS") > 0, what);
    }
    assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("Java and JS built byte-identical payloads")), r.notes().toString());

    assertEquals(4, r.cold().size());
    for (ColdReads.Row row : r.cold()) {
      String what = row.op() + " " + row.mode();
      assertEquals(null, row.notMeasured(), what + ": both modes run, the extension on both sides or on neither");
      assertEquals(5, row.trials().size(), what);
      assertEquals(5, row.rttTrials().size(), what);
      for (Reply t : concat(row.trials(), row.rttTrials())) {
        long blocks = t.integer("blocks");
        assertTrue(blocks >= (row.op().equals("range") ? Workload.RANGE_LIMIT : 1), what + ": " + t);
        assertTrue(t.integer("requests") >= blocks, what + ": every block was asked for: " + t);
        assertTrue(t.integer("roundTrips") >= 1 && t.integer("roundTrips") <= t.integer("requests"), what + ": " + t);
        assertTrue(t.integer("blockBytes") >= blocks * 100, what + ": every entry block holds a 100-byte value");
        assertTrue(t.integer("wireBytes") > t.integer("blockBytes"), what + ": " + t);
        assertEquals(1, t.integer("connectRoundTrips"), what + ": the connect is one upgrade round");
        if (row.mode().equals("ext on")) {
          assertTrue(t.integer("extSent") >= 1 && t.integer("extReceived") >= 1, what + ": the reader asked, the writer answered: " + t);
        } else {
          assertEquals(0, t.integer("extSent") + t.integer("extReceived"), what + ": no extension on either side: " + t);
        }
      }
    }
    String md = r.markdown();
    assertTrue(md.contains("| Java → JS |") && md.contains("| JS → Java |") && md.contains("| get | ext off |"), md);
  }

  private static List<Reply> concat(List<Reply> a, List<Reply> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
