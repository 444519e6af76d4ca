package io.hyperbee.replication.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.btree.Batch;
import io.hyperbee.btree.BeeIterator;
import io.hyperbee.btree.Entry;
import io.hyperbee.btree.Hyperbee;
import io.hyperbee.btree.KeyRange;
import io.hyperbee.crypto.KeyPair;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import io.hyperbee.replication.net.Connection;
import io.hyperbee.replication.net.ConnectionOptions;
import io.hyperbee.replication.net.Listener;
import io.hyperbee.replication.replicator.ReplicaSource;
import io.hyperbee.replication.replicator.Replicator;
import io.hyperbee.replication.replicator.ReplicatorOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A Java writer and a Java reader over real TCP on 127.0.0.1: replicators bound to protomux channels. */
@Timeout(120)
class TcpReplicationTest {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final ReplicatorOptions OPTIONS = ReplicatorOptions.defaults().withReadTimeout(WAIT);
  private static final InetSocketAddress ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

  private final List<AutoCloseable> owned = new ArrayList<>();
  private final CoreRegistry served = new CoreRegistry();
  private final CoreRegistry followed = new CoreRegistry();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = owned.size() - 1; i >= 0; i--) {
      owned.get(i).close();
    }
  }

  private <T extends AutoCloseable> T own(T resource) {
    owned.add(resource);
    return resource;
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String s(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private Hypercore writerCore(int seed) {
    byte[] s = new byte[32];
    s[0] = (byte) seed;
    return own(Hypercore.inMemory(HypercoreOptions.builder().keyPair(KeyPair.fromSeed(s)).build()));
  }

  private Replicator serve(Hypercore core) {
    Replicator r = own(Replicator.of(core, OPTIONS));
    served.add(r);
    return r;
  }

  private Replicator follow(Hypercore writer) {
    ReplicaSource source = new ReplicaSource();
    Hypercore core = own(Hypercore.inMemory(HypercoreOptions.builder().key(writer.key()).blockSource(source).build()));
    Replicator r = own(Replicator.of(core, source, OPTIONS));
    followed.add(r);
    return r;
  }

  /** The follower connects to a listener serving the writer's cores; returns the client's stream. */
  private ReplicationStream connect() throws Exception {
    Listener listener = Listener.listen(ANY_PORT, KeyPair.random(), ConnectionOptions.DEFAULTS,
        c -> ReplicationStream.attach(c, served));
    own(listener::close);
    CompletableFuture<ReplicationStream> stream = new CompletableFuture<>();
    Connection c = Connection.connect(listener.address(), KeyPair.random(), ConnectionOptions.DEFAULTS,
        x -> stream.complete(ReplicationStream.attach(x, followed)));
    own(c);
    c.opened().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    return stream.get();
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(5);
    }
  }

  private static List<byte[]> blocks(int n, String prefix) {
    List<byte[]> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(b(prefix + i));
    }
    return list;
  }

  @Test
  void sparseGetThenFullDownloadThenLiveAppend() throws Exception {
    Hypercore writer = writerCore(1);
    writer.append(blocks(100, "block "));
    serve(writer);
    Replicator reader = follow(writer);
    ReplicationStream stream = connect();
    await(() -> reader.core().length() == 100 || reader.update(WAIT), "the reader learned the length");
    assertEquals(100, reader.core().length());

    assertArrayEquals(b("block 57"), reader.get(57, WAIT));
    assertEquals(1, reader.blocksDownloaded(), "a sparse get fetches one block");
    assertFalse(reader.has(0, 57));

    assertEquals(99, reader.download(0, 100, 4, WAIT, null));
    assertTrue(reader.has(0, 100));
    for (int i = 0; i < 100; i++) {
      assertArrayEquals(b("block " + i), reader.core().get(i));
    }

    writer.append(List.of(b("live")));
    await(() -> reader.core().length() == 101, "the append reached the reader without polling");
    assertArrayEquals(b("live"), reader.get(100, WAIT));
    reader.core().verify();
    assertEquals(List.of(), stream.dropReasons());
  }

  @Test
  void severalCoresOverOneConnectionOpenedInOneBatch() throws Exception {
    Hypercore first = writerCore(2);
    Hypercore second = writerCore(3);
    first.append(blocks(10, "first "));
    second.append(blocks(20, "second "));
    serve(first);
    serve(second);
    Replicator a = follow(first);
    Replicator b = follow(second);
    ReplicationStream stream = connect();
    await(() -> a.peerCount() == 1 && b.peerCount() == 1, "both cores' channels opened");
    a.update(WAIT);
    b.update(WAIT);
    assertArrayEquals(b("first 9"), a.get(9, WAIT));
    assertArrayEquals(b("second 19"), b.get(19, WAIT));
    assertEquals(List.of(), stream.dropReasons());
  }

  @Test
  void aCoreOnlyThePeerHasIsRejectedAndTheOthersReplicate() throws Exception {
    Hypercore shared = writerCore(4);
    shared.append(blocks(5, "shared "));
    serve(shared);
    Replicator reader = follow(shared);
    Replicator orphan = follow(writerCore(5)); // the server does not serve this one
    ReplicationStream stream = connect();
    await(() -> reader.peerCount() == 1, "the shared core's channel opened");
    reader.update(WAIT);
    assertArrayEquals(b("shared 4"), reader.get(4, WAIT));
    assertEquals(0, orphan.peerCount());
    assertEquals(List.of(), stream.dropReasons());
  }

  @Test
  void aHyperbeeOnTheReplicaReadsGetAndRange() throws Exception {
    Hypercore writer = writerCore(6);
    Hyperbee writerBee = Hyperbee.open(writer);
    try (Batch batch = writerBee.batch()) {
      for (int i = 0; i < 2000; i++) {
        batch.put(b(String.format("key%05d", i)), b("value " + i));
      }
      batch.flush();
    }
    serve(writer);
    Replicator reader = follow(writer);
    connect();
    await(() -> reader.core().length() == writer.length() || reader.update(WAIT), "the reader learned the length");
    Hyperbee bee = Hyperbee.open(reader.core());

    assertEquals("value 1234", s(bee.get(b("key01234")).value()));
    List<String> keys = new ArrayList<>();
    try (BeeIterator<Entry> it = bee.range(KeyRange.all().gte(b("key01500")).limit(10))) {
      it.forEachRemaining(e -> keys.add(s(e.key())));
    }
    assertEquals(10, keys.size());
    assertEquals("key01500", keys.get(0));
    assertEquals("key01509", keys.get(9));
    assertTrue(reader.blocksDownloaded() < writer.length() / 10,
        "sparse: " + reader.blocksDownloaded() + " of " + writer.length());

    writerBee.put(b("key99999"), b("late"));
    await(() -> reader.core().length() == writer.length(), "the live append reached the reader");
    assertArrayEquals(b("late"), Hyperbee.open(reader.core()).get(b("key99999")).value());
  }
}
