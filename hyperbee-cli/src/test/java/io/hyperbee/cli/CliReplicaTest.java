package io.hyperbee.cli;

import static io.hyperbee.cli.CliCommandsTest.fails;
import static io.hyperbee.cli.CliCommandsTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.btree.Batch;
import io.hyperbee.btree.Hyperbee;
import io.hyperbee.crypto.KeyPair;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import io.hyperbee.replication.host.Host;
import io.hyperbee.replication.replicator.ReplicatorOptions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * serve, clone, follow and --peer end to end over 127.0.0.1: the server in-process (stopped by an
 * interrupt, as Ctrl-C stops it), or as a child JVM where a signal or a kill is the point.
 */
@Timeout(300)
class CliReplicaTest {
  private static final Pattern HOLDS = Pattern.compile("holds (\\d+) of (\\d+) blocks");

  @TempDir Path tmp;
  String writer;
  String replica;

  @BeforeEach
  void paths() {
    writer = tmp.resolve("writer").toString();
    replica = tmp.resolve("replica").toString();
  }

  @Test
  void aSparseCloneReadsWhatItHoldsAndFetchesTheRestThroughThePeer() throws Exception {
    String key = writerBee(300, 0);
    try (RunningCli serve = RunningCli.start("serve", writer)) {
      String peer = listeningAddress(serve);
      assertEquals("serving " + key + " " + writer + " (writable, length 301)", serve.awaitLine("serving "));

      String cloned = ok("clone", key, peer, replica).out();
      assertTrue(cloned.startsWith("cloned " + key + " from " + peer + " into " + replica + ": version 301, holds "), cloned);
      long[] holds = holds(ok("info", replica).out());
      assertTrue(holds[0] >= 1 && holds[0] < 301 && holds[1] == 301, "a sparse clone holds little: " + holds[0]);

      Cli.Result offline = fails(ExitCodes.FAILED, "get", replica, "key00123");
      assertTrue(offline.err().contains(" is not on this replica; use --peer HOST:PORT to fetch it"), offline.err());

      assertEquals(List.of("value 123"), ok("get", replica, "key00123", "--peer", peer).lines());
      assertEquals(List.of("key00200\tvalue 200", "key00201\tvalue 201"),
          ok("scan", replica, "--gte", "key00200", "--limit", "2", "--peer", peer).lines());
      assertEquals(List.of("+ key00299\tvalue 299"), ok("diff", replica, "--from", "1", "--gte", "key00299", "--peer", peer).lines());
      assertEquals(List.of("300\tput\tkey00299\tvalue 299"), ok("history", replica, "--gte", "300", "--peer", peer).lines());
      // what the peer reads fetched stays: offline now
      assertEquals(List.of("value 123"), ok("get", replica, "key00123").lines());
      assertTrue(holds(ok("info", replica).out())[0] > holds[0]);

      Cli.Result put = fails(ExitCodes.FAILED, "put", replica, "a", "1");
      assertTrue(put.err().contains("read-only"), put.err());
      Cli.Result peerOnWriter = fails(ExitCodes.USAGE, "get", tmp.resolve("other").toString(), "k", "--peer", "nohost");
      assertTrue(peerOnWriter.err().contains("HOST:PORT"), peerOnWriter.err());

      Cli.Result stopped = serve.stop();
      assertEquals(ExitCodes.OK, stopped.exit(), stopped.toString());
      assertTrue(stopped.lines().stream().anyMatch(l -> l.matches("connected [0-9a-f]{64}")), stopped.toString());
      assertTrue(stopped.lines().stream().anyMatch(l -> l.matches("disconnected [0-9a-f]{64}.*")), stopped.toString());
      assertEquals("stopped", stopped.lines().get(stopped.lines().size() - 1));
    }
    ok("put", writer, "after", "serving"); // serve let go of the writer's lock
  }

  @Test
  void cloneAllDownloadsEverythingVerifiesAndASecondCloneResumes() throws Exception {
    String key = writerBee(200, 0);
    try (RunningCli serve = RunningCli.start("serve", writer)) {
      String peer = listeningAddress(serve);
      String first = ok("clone", key, peer, replica, "--all").out();
      assertTrue(first.contains(": version 201, holds 201 of 201 blocks ("), first);
      ok("verify", replica);
      assertEquals(List.of("value 7"), ok("get", replica, "key00007").lines());
      String second = ok("clone", key, peer, replica, "--all").out();
      assertTrue(second.endsWith("holds 201 of 201 blocks (0 downloaded now)\n"), second);

      Cli.Result otherKey = fails(ExitCodes.FAILED, "clone", "ab".repeat(32), peer, replica);
      assertTrue(otherKey.err().contains("holds something else"), otherKey.err());
      fails(ExitCodes.USAGE, "clone", "abcd", peer, tmp.resolve("x").toString());
      fails(ExitCodes.USAGE, "clone", key, "no-port", tmp.resolve("x").toString());
      fails(ExitCodes.USAGE, "clone", key, peer, tmp.resolve("x").toString(), "--until-length", "5");
      serve.stop();
    }
    String info = ok("info", replica).out();
    assertTrue(info.contains("writable:      no: a replica, holds 201 of 201 blocks"), info);
  }

  @Test
  void followPrintsEachNewVersionOfTheWriter() throws Exception {
    String key = writerBee(50, 0);
    try (Hypercore core = Hypercore.open(Path.of(writer), HypercoreOptions.builder().createIfMissing(false).build());
        Hyperbee bee = Hyperbee.open(core);
        Host host = Host.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), KeyPair.random(),
            ReplicatorOptions.defaults(), Host.Observer.silent())) {
      host.serve(core);
      String peer = PeerAddress.format(host.address());
      ok("clone", key, peer, replica);
      try (RunningCli follow = RunningCli.start("follow", replica, peer, "--all", "--until-length", "53")) {
        assertEquals("following " + key + " at version 51 until length 53", follow.awaitLine("following "));
        bee.put(b("late"), b("1"));
        bee.put(b("later"), b("2"));
        Cli.Result r = follow.await();
        assertEquals(ExitCodes.OK, r.exit(), r.toString());
        assertEquals("version 53: holds 53 of 53 blocks", r.lines().get(r.lines().size() - 1));
      }
      try (RunningCli live = RunningCli.start("clone", key, peer, replica, "--live", "--all", "--until-length", "54")) {
        live.awaitLine("following ");
        bee.put(b("latest"), b("3"));
        assertEquals(ExitCodes.OK, live.await().exit());
      }
    }
    assertEquals(List.of("2"), ok("get", replica, "later").lines());
    assertEquals(List.of("53\tput\tlatest\t3"), ok("history", replica, "--gte", "53").lines());
  }

  @Test
  void followReachesItsWriterAgainAfterEachRestartOfServe() throws Exception {
    String key = writerBee(50, 0);
    String peer;
    try (RunningCli serve = RunningCli.start("serve", writer)) {
      peer = listeningAddress(serve);
      ok("clone", key, peer, replica);
      serve.stop();
    }
    String port = peer.substring(peer.lastIndexOf(':') + 1);
    try (RunningCli follow = RunningCli.start("follow", replica, peer, "--all", "--until-length", "53")) {
      // the writer is down when follow starts: it cannot link at all, and says so
      Cli.Result down = follow.await();
      assertEquals(ExitCodes.FAILED, down.exit(), down.toString());
      assertTrue(down.err().contains("cannot replicate from " + peer), down.err());
    }
    RunningCli serve = RunningCli.start("serve", writer, "--port", port);
    assertEquals("listening on " + peer, serve.awaitLine("listening on "));
    try (RunningCli follow = RunningCli.start("follow", replica, peer, "--all", "--until-length", "53")) {
      follow.awaitLine("following ");
      for (int restart = 1; restart <= 2; restart++) {
        serve.stop(); // the writer restarts: it goes away, appends, and comes back on the same port
        follow.awaitLines("disconnected from " + peer + " (", restart);
        ok("put", writer, "restart" + restart, "v" + restart);
        serve = RunningCli.start("serve", writer, "--port", port);
        assertEquals("listening on " + peer, serve.awaitLine("listening on "));
        follow.awaitLines("reconnected to " + peer + " (attempt ", restart);
      }
      Cli.Result r = follow.await();
      assertEquals(ExitCodes.OK, r.exit(), r.toString());
      assertEquals("version 53: holds 53 of 53 blocks", r.lines().get(r.lines().size() - 1), r.toString());
    } finally {
      serve.close();
    }
    assertEquals(List.of("v2"), ok("get", replica, "restart2").lines());
    ok("verify", replica);
  }

  @Test
  void followGivesUpAfterMaxRetriesWhenTheWriterStaysAway() throws Exception {
    String key = writerBee(5, 0);
    RunningCli serve = RunningCli.start("serve", writer);
    try {
      String peer = listeningAddress(serve);
      ok("clone", key, peer, replica);
      try (RunningCli follow = RunningCli.start("follow", replica, peer, "--max-retries", "2")) {
        follow.awaitLine("following ");
        serve.stop();
        Cli.Result r = follow.await();
        assertEquals(ExitCodes.FAILED, r.exit(), r.toString());
        assertTrue(r.out().contains("reconnect attempt 1 failed ("), r.toString());
        assertTrue(r.err().contains("stopped following: gave up after 2 attempts to reach " + peer + " again"), r.err());
        assertTrue(r.err().contains("the replica keeps what it has"), r.err());
      }
      fails(ExitCodes.USAGE, "clone", key, peer, tmp.resolve("x").toString(), "--max-retries", "1");
      fails(ExitCodes.USAGE, "follow", replica, peer, "--max-retries", "-1");
    } finally {
      serve.close();
    }
  }

  @Test
  void serveStopsCleanlyOnSigterm() throws Exception {
    String key = writerBee(20, 0);
    try (ChildCli serve = ChildCli.start(false, "serve", writer, "--port", "0")) {
      String peer = serve.awaitLine(l -> l.startsWith("listening on "), "listening line").substring("listening on ".length());
      assertTrue(peer.matches("127\\.0\\.0\\.1:\\d+") && !peer.endsWith(":0"), peer);
      ok("clone", key, peer, replica, "--all");
      serve.awaitLine(l -> l.startsWith("disconnected "), "a disconnection");
      fails(ExitCodes.LOCKED, "put", writer, "while", "served");
      assertEquals(143, serve.terminate()); // 128 + SIGTERM, after the hook closed the bee
      serve.awaitLine(l -> l.equals("stopped"), "stopped");
    }
    ok("put", writer, "after", "serving");
    ok("verify", writer);
  }

  @Test
  void aCloneKilledMidDownloadResumesAndVerifies() throws Exception {
    String key = writerBee(3_000, 200);
    try (RunningCli serve = RunningCli.start("serve", writer)) {
      String peer = listeningAddress(serve);
      try (ChildCli clone = ChildCli.start(true, "clone", key, peer, replica, "--all")) {
        clone.awaitLine(l -> l.matches("downloading blocks: [1-9][0-9,]* / .*"), "download progress");
        clone.kill();
      }
      // a read-only look (info) refuses a store a crash left mid-commit; the next clone repairs it
      String resumed = ok("clone", key, peer, replica, "--all").out();
      Matcher m = Pattern.compile("holds 3001 of 3001 blocks \\((\\d+) downloaded now\\)").matcher(resumed);
      assertTrue(m.find(), resumed);
      long fetchedNow = Long.parseLong(m.group(1));
      assertTrue(fetchedNow > 0 && fetchedNow < 3_000, "the killed clone kept what it had: " + resumed);
      serve.stop();
    }
    ok("verify", replica);
    assertEquals(List.of("key02999\t" + value(2_999, 200)), ok("scan", replica, "--gte", "key02999").lines());
  }

  @Test
  void aJsWriterIsClonedAndReadThroughThePeer() throws Exception {
    try (ChildCli js = ChildCli.node("repl-peer.js")) {
      js.send("serve");
      String peer = "127.0.0.1:" + js.awaitWords("listening ")[0];
      js.send("bee w 500");
      String key = js.awaitWords("core w ")[0];
      ok("clone", key, peer, replica);
      assertEquals(List.of("value 123"), ok("get", replica, "key00123", "--peer", peer).lines());
      assertTrue(ok("clone", key, peer, replica, "--all").out().contains("holds 501 of 501 blocks"));
      ok("verify", replica);
      assertEquals(List.of("key00498\tvalue 498", "key00499\tvalue 499"), ok("scan", replica, "--gte", "key00498").lines());
      js.send("put w key99999 late");
      js.awaitWords("ok put");
      assertEquals(List.of("late"), ok("get", replica, "key99999", "--peer", peer).lines());
    }
  }

  /** A writable bee in {@link #writer}: key%05d -> "value I" padded to {@code valueBytes}, one batch. */
  private String writerBee(int n, int valueBytes) {
    byte[] seed = new byte[32];
    seed[0] = 7;
    try (Hypercore core = Hypercore.open(Path.of(writer), HypercoreOptions.builder().keyPair(KeyPair.fromSeed(seed)).build());
        Hyperbee bee = Hyperbee.open(core);
        Batch batch = bee.batch()) {
      for (int i = 0; i < n; i++) {
        batch.put(b(String.format("key%05d", i)), b(value(i, valueBytes)));
      }
      batch.flush();
      return Encoding.hex(core.key());
    }
  }

  private static String value(int i, int bytes) {
    String v = "value " + i;
    return v.length() >= bytes ? v : v + ".".repeat(bytes - v.length());
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String listeningAddress(RunningCli serve) throws InterruptedException {
    return serve.awaitLine("listening on ").substring("listening on ".length());
  }

  /** {held, length} from info's "holds H of L blocks". */
  private static long[] holds(String info) {
    Matcher m = HOLDS.matcher(info);
    assertTrue(m.find(), info);
    return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
  }
}
