package io.hyperbee.replication.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.crypto.KeyPair;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import io.hyperbee.replication.net.JsPeer;
import io.hyperbee.replication.replicator.ReplicaSource;
import io.hyperbee.replication.replicator.ReplicatorOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica following a writer that goes away and comes back: the writer is an in-process
 * {@link Host} over a core on disk, "restarted" by closing both and opening them again on the
 * same port (the listener reuses the address). What must hold: the replica links again by itself
 * and gets the appends made while it was away and after, without fetching again what it holds; a
 * read waiting meanwhile fails at its timeout; a writer that comes back with another log (a
 * truncation, or another history under the same key) is refused, not followed.
 */
@Timeout(120)
class UpstreamReconnectTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Backoff QUICK = new Backoff(Duration.ofMillis(20), Duration.ofMillis(200), Backoff.FOREVER);
  private static final byte[] SEED = new byte[32];

  @TempDir Path tmp;
  private final List<AutoCloseable> owned = new ArrayList<>();
  private final Events events = new Events();
  private Hypercore writer;
  private Host host;

  @AfterEach
  void closeAll() throws Exception {
    stopWriter();
    for (int i = owned.size() - 1; i >= 0; i--) {
      owned.get(i).close();
    }
  }

  @Test
  void aFollowerLinksAgainToAWriterRestartedOnTheSamePortAndGetsItsNewAppends() throws Exception {
    startWriter(0, 10, "block ");
    InetSocketAddress address = host.address();
    Upstream upstream = follow(address, QUICK);
    Hypercore replica = upstream.replicator().core();
    assertEquals(10, replica.length());
    upstream.replicator().download(0, 8, 2, WAIT, null); // blocks 8 and 9 stay on the writer
    long downloaded = upstream.replicator().blocksDownloaded();

    stopWriter();
    await(() -> !events.disconnects.isEmpty(), "the follower saw the writer go");
    HyperbeeException waited = assertThrows(HyperbeeException.class,
        () -> upstream.replicator().get(9, Duration.ofMillis(300)));
    assertEquals(ErrorCode.BLOCK_NOT_AVAILABLE, waited.code(), "a read while the writer is away fails at its timeout");
    assertFalse(upstream.ended().isDone(), "following goes on: " + events);

    startWriter(address.getPort(), 3, "away "); // appended before the follower is back
    await(() -> replica.length() == 13 && events.reconnects.size() == 1,
        () -> "the follower learned the appends made while it was away: " + events);
    writer.append(List.of(b("live 0"), b("live 1")));
    await(() -> replica.length() == 15, () -> "live appends arrive again: " + events);

    upstream.replicator().download(0, 15, 2, WAIT, null);
    assertEquals(downloaded + 7, upstream.replicator().blocksDownloaded(), "only what the replica lacked was fetched");
    assertArrayEquals(b("block 9"), replica.get(9));
    assertArrayEquals(b("away 2"), replica.get(12));
    assertArrayEquals(b("live 1"), replica.get(14));
    replica.verify();
    assertFalse(upstream.ended().isDone());
    assertTrue(upstream.connected());
  }

  @Test
  void aFollowerLinksAgainEachTimeTheWriterRestarts() throws Exception {
    startWriter(0, 2, "block ");
    InetSocketAddress address = host.address();
    Upstream upstream = follow(address, QUICK);
    for (int round = 0; round < 5; round++) {
      stopWriter();
      int lost = round + 1;
      await(() -> events.disconnects.size() == lost, () -> "round " + lost + ": the follower saw the writer go");
      startWriter(address.getPort(), 1, "round " + round + " ");
      long length = writer.length();
      // the length may grow before the observer hears of the reconnect (the link catches up first)
      await(() -> upstream.replicator().core().length() == length && events.reconnects.size() == lost,
          () -> "round " + lost + ": " + events);
    }
    assertEquals(5, events.reconnects.size(), events.toString());
  }

  @Test
  void aFollowerLinksAgainToAJsWriterKilledAndStartedAgain() throws Exception {
    String store = tmp.resolve("js-store").toString();
    JsPeer js = own(JsPeer.script("repl-peer.js", store));
    js.command("serve");
    int port = Integer.parseInt(js.awaitWords("listening ")[0]);
    js.command("core c 5");
    byte[] key = HexFormat.of().parseHex(js.awaitWords("core c ")[0]);
    Upstream upstream = own(upstream(key));
    upstream.connect(loopback(port), WAIT, QUICK, events);
    Hypercore replica = upstream.replicator().core();
    upstream.replicator().download(0, 5, 2, WAIT, null);

    js.close(); // killed by PID
    await(() -> events.disconnects.size() == 1, () -> "the follower saw the JS writer go: " + events);
    js = own(JsPeer.script("repl-peer.js", store));
    js.command("serve " + port);
    js.command("core c 0"); // the same core, from its store
    assertEquals(List.of(HexFormat.of().formatHex(key), "5"), List.of(js.awaitWords("core c ")));
    js.command("append c after the restart");
    await(() -> replica.length() == 6 && events.reconnects.size() == 1, () -> "the JS append arrived: " + events);
    assertArrayEquals(b("after the restart"), replica.get(5));
    assertEquals(6, upstream.replicator().blocksDownloaded(), "the 5 blocks held were not fetched again");
    replica.verify();
  }

  @Test
  void aWriterBackWithATruncatedLogIsRefusedAndTheReplicaKeepsWhatItVerified() throws Exception {
    startWriter(0, 10, "block ");
    InetSocketAddress address = host.address();
    Upstream upstream = follow(address, QUICK);
    Hypercore replica = upstream.replicator().core();
    upstream.replicator().download(0, 10, 2, WAIT, null);
    byte[] signature = replica.signature();

    stopWriter();
    writer = own(Hypercore.open(tmp.resolve("writer"), HypercoreOptions.builder().createIfMissing(false).build()));
    writer.truncate(7); // a fork: 7 blocks, then another history
    writer.append(List.of(b("other 7"), b("other 8"), b("other 9"), b("other 10")));
    serveOn(address, writer);

    assertRefused(upstream, "is on fork 1 but this replica is on fork 0");
    assertEquals(10, replica.length());
    assertArrayEquals(signature, replica.signature());
    assertArrayEquals(b("block 9"), replica.get(9));
    replica.verify();
  }

  @Test
  void aWriterBackWithAnotherHistoryUnderTheSameKeyIsRefused() throws Exception {
    Hypercore first = own(Hypercore.inMemory(HypercoreOptions.builder().keyPair(KeyPair.fromSeed(SEED)).build()));
    first.append(blocks(5, "block "));
    serveOn(loopback(0), first);
    InetSocketAddress address = host.address();
    Upstream upstream = follow(address, QUICK, Duration.ofSeconds(3));
    Hypercore replica = upstream.replicator().core();
    upstream.replicator().download(0, 5, 2, WAIT, null);

    host.close();
    // the writer lost its storage and wrote a different log with the same key pair
    Hypercore second = own(Hypercore.inMemory(HypercoreOptions.builder().keyPair(KeyPair.fromSeed(SEED)).build()));
    second.append(blocks(8, "other "));
    serveOn(address, second);

    assertRefused(upstream, "broke the protocol");
    assertEquals(5, replica.length());
    assertArrayEquals(b("block 4"), replica.get(4));
    replica.verify();
  }

  @Test
  void aFollowerGivesUpWhenItsAttemptsRunOut() throws Exception {
    startWriter(0, 3, "block ");
    Upstream upstream = follow(host.address(), QUICK.withMaxAttempts(3));
    stopWriter();
    IOException reason = upstream.ended().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertTrue(reason.getMessage().startsWith("gave up after 3 attempts to reach "), reason.getMessage());
    assertEquals(List.of(1, 2), events.failedAttempts, events.toString());
    assertFalse(upstream.connected());
  }

  @Test
  void withoutABackoffFollowingEndsWithTheFirstLoss() throws Exception {
    startWriter(0, 3, "block ");
    Upstream upstream = own(upstream(coreKey()));
    upstream.connect(host.address(), WAIT);
    stopWriter();
    IOException reason = upstream.ended().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertFalse(reason instanceof PeerRefusedException, reason.toString());
    assertFalse(upstream.connected());
  }

  /**
   * Once close returns, the port is free: the accept thread's poll kept the closed listening
   * socket alive in the kernel for a moment, and a restart binding at once failed about one time
   * in seven while a follower knocked.
   */
  @Test
  void aClosedHostFreesItsPortAtOnceForARestart() throws Exception {
    startWriter(0, 1, "block ");
    InetSocketAddress address = host.address();
    follow(address, new Backoff(Duration.ofMillis(2), Duration.ofMillis(10), Backoff.FOREVER));
    for (int restart = 0; restart < 100; restart++) {
      host.close();
      serveOn(address, writer);
      Thread.sleep(10); // let the follower knock (not a timing assertion: any pause will do)
    }
  }

  @Test
  void backoffDoublesUpToItsCapWithJitterInTheUpperHalf() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), Backoff.FOREVER);
    java.util.Random random = new java.util.Random(42);
    long[] caps = {100, 200, 400, 800, 1600, 3200, 5000, 5000};
    for (int attempt = 1; attempt <= caps.length; attempt++) {
      for (int i = 0; i < 50; i++) {
        long d = backoff.delay(attempt, random).toMillis();
        long cap = caps[attempt - 1];
        assertTrue(d >= cap - cap / 2 && d <= cap, "attempt " + attempt + ": " + d);
      }
    }
    assertTrue(backoff.allows(1_000_000));
    assertFalse(backoff.withMaxAttempts(2).allows(3));
    assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(1), Duration.ofMillis(1), 1));
    assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofMillis(1), 1));
  }

  // ---- fixture -----------------------------------------------------------------------------

  /** What the upstream told its observer. */
  private static final class Events implements Upstream.Observer {
    final List<String> disconnects = new CopyOnWriteArrayList<>();
    final List<Integer> failedAttempts = new CopyOnWriteArrayList<>();
    final List<Integer> reconnects = new CopyOnWriteArrayList<>();

    @Override
    public void disconnected(IOException reason) {
      disconnects.add(reason.getMessage());
    }

    @Override
    public void attemptFailed(int attempt, IOException reason, Duration next) {
      failedAttempts.add(attempt);
    }

    @Override
    public void reconnected(int attempt) {
      reconnects.add(attempt);
    }

    @Override
    public String toString() {
      return "disconnects " + disconnects + ", failed attempts " + failedAttempts + ", reconnects " + reconnects;
    }
  }

  /** Opens the writer's core (created on the first start) and appends {@code n} blocks, then serves it on {@code port}. */
  private void startWriter(int port, int n, String prefix) throws IOException {
    writer = own(Hypercore.open(tmp.resolve("writer"), HypercoreOptions.builder().keyPair(KeyPair.fromSeed(SEED)).build()));
    writer.append(blocks(n, prefix));
    serveOn(loopback(port), writer);
  }

  /** A writer serves {@code core} on {@code address}. */
  private void serveOn(InetSocketAddress address, Hypercore core) throws IOException {
    host = Host.listen(address, KeyPair.random(), ReplicatorOptions.defaults(), Host.Observer.silent());
    host.serve(core);
  }

  /** Following ended with a refusal that says {@code why}. */
  private static void assertRefused(Upstream upstream, String why) throws Exception {
    IOException reason = upstream.ended().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertInstanceOf(PeerRefusedException.class, reason, String.valueOf(reason));
    assertTrue(reason.getMessage().contains(why), reason.getMessage());
  }

  /** The writer process ends: its host (every connection) and its core close. */
  private void stopWriter() throws IOException {
    if (host != null) {
      host.close();
      host = null;
    }
    if (writer != null) {
      writer.close();
      writer = null;
    }
  }

  private Upstream follow(InetSocketAddress address, Backoff backoff) throws IOException {
    return follow(address, backoff, WAIT);
  }

  private Upstream follow(InetSocketAddress address, Backoff backoff, Duration timeout) throws IOException {
    Upstream upstream = own(upstream(coreKey()));
    upstream.connect(address, timeout, backoff, events);
    return upstream;
  }

  /** The key of the writer's core: every writer here signs with the key pair of {@link #SEED}. */
  private static byte[] coreKey() {
    try (Hypercore core = Hypercore.inMemory(HypercoreOptions.builder().keyPair(KeyPair.fromSeed(SEED)).build())) {
      return core.key();
    }
  }

  private Upstream upstream(byte[] key) {
    ReplicaSource source = new ReplicaSource();
    Hypercore replica = own(Hypercore.open(tmp.resolve("replica"),
        HypercoreOptions.builder().key(key).blockSource(source).build()));
    return Upstream.of(replica, source, ReplicatorOptions.defaults().withReadTimeout(WAIT));
  }

  private <T extends AutoCloseable> T own(T resource) {
    owned.add(resource);
    return resource;
  }

  private static InetSocketAddress loopback(int port) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<byte[]> blocks(int n, String prefix) {
    List<byte[]> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(b(prefix + i));
    }
    return list;
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    await(condition, () -> what);
  }

  private static void await(BooleanSupplier condition, java.util.function.Supplier<String> what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what.get());
      }
      Thread.sleep(5);
    }
  }
}
