package io.hyperbee.replication.stream;

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

/**
 * Writers, replicas and streams over TCP on 127.0.0.1 (port 0), everything closed after each
 * test, newest first: {@code served} holds the cores a listener serves, {@code followed} the
 * replicas a connecting side follows.
 */
abstract class TcpFixture {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final ReplicatorOptions OPTIONS = ReplicatorOptions.defaults().withReadTimeout(WAIT);
  static final InetSocketAddress ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  /** Entries of the test bees: key%05d -> "value I", as interop/repl-peer.js writes them. */
  static final int BEE_KEYS = 500;

  private final List<AutoCloseable> owned = new ArrayList<>();
  final CoreRegistry served = new CoreRegistry();
  final CoreRegistry followed = new CoreRegistry();
  /** The streams the listener accepted, in order. */
  final List<ReplicationStream> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = owned.size() - 1; i >= 0; i--) {
      owned.get(i).close();
    }
  }

  <T extends AutoCloseable> T own(T resource) {
    owned.add(resource);
    return resource;
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String s(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  static String beeKey(int i) {
    return String.format("key%05d", i);
  }

  static List<byte[]> blocks(int n, String prefix) {
    List<byte[]> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(b(prefix + i));
    }
    return list;
  }

  Hypercore writerCore(int seed) {
    byte[] s = new byte[32];
    s[0] = (byte) seed;
    return own(Hypercore.inMemory(HypercoreOptions.builder().keyPair(KeyPair.fromSeed(s)).build()));
  }

  /** A served writer core of {@code n} blocks "PREFIX I". */
  Hypercore servedCore(int seed, int n, String prefix) {
    Hypercore core = writerCore(seed);
    core.append(blocks(n, prefix));
    serve(core);
    return core;
  }

  /** A writable bee of {@link #BEE_KEYS} entries. */
  Hyperbee writerBee(Hypercore core) {
    Hyperbee bee = Hyperbee.open(core);
    try (Batch batch = bee.batch()) {
      for (int i = 0; i < BEE_KEYS; i++) {
        batch.put(b(beeKey(i)), b("value " + i));
      }
      batch.flush();
    }
    return bee;
  }

  Replicator serve(Hypercore core) {
    Replicator r = own(Replicator.of(core, OPTIONS));
    served.add(r);
    return r;
  }

  /** A replica of the core with this public key, registered to follow. */
  Replicator follow(byte[] key) {
    return follow(key, followed);
  }

  /** A replica of the core with this public key, registered in {@code registry}. */
  Replicator follow(byte[] key, CoreRegistry registry) {
    ReplicaSource source = new ReplicaSource();
    Hypercore core = own(Hypercore.inMemory(HypercoreOptions.builder().key(key).blockSource(source).build()));
    Replicator r = own(Replicator.of(core, source, OPTIONS));
    registry.add(r);
    return r;
  }

  /** A listener serving {@link #served}. */
  Listener listen() throws Exception {
    return listen(ConnectionOptions.DEFAULTS);
  }

  /** A listener serving {@link #served} over connections with {@code options}. */
  Listener listen(ConnectionOptions options) throws Exception {
    Listener listener = Listener.listen(ANY_PORT, KeyPair.random(), options,
        c -> accepted.add(ReplicationStream.attach(c, served)));
    own(listener::close);
    return listener;
  }

  /** Connects to {@code address} and follows {@link #followed} over the connection. */
  ReplicationStream connect(InetSocketAddress address) throws Exception {
    return connect(address, followed);
  }

  /** Connects to {@code address} and follows {@code registry}'s cores over the connection. */
  ReplicationStream connect(InetSocketAddress address, CoreRegistry registry) throws Exception {
    CompletableFuture<ReplicationStream> stream = new CompletableFuture<>();
    Connection c = Connection.connect(address, KeyPair.random(), ConnectionOptions.DEFAULTS,
        x -> stream.complete(ReplicationStream.attach(x, registry)));
    own(c);
    c.opened().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    return stream.get();
  }

  /** Brings a freshly connected replica to its peer's length (the eager upgrade may beat the call). */
  static void updated(Replicator reader, long length) throws InterruptedException {
    await(() -> reader.core().length() >= length || reader.update(WAIT), () -> "the reader learned the length "
        + length + " (it has " + reader.core().length() + ", " + reader.peerCount() + " peers)");
  }

  /** The first {@code limit} entries from {@code gte}, as "key=value". */
  static List<String> range(Hyperbee bee, String gte, int limit) {
    List<String> entries = new ArrayList<>();
    try (BeeIterator<Entry> it = bee.range(KeyRange.all().gte(b(gte)).limit(limit))) {
      it.forEachRemaining(e -> entries.add(s(e.key()) + "=" + s(e.value())));
    }
    return entries;
  }

  /** What a writer of {@link #BEE_KEYS} entries holds from {@code first}: "key=value" strings. */
  static List<String> expectedRange(int first, int limit) {
    List<String> entries = new ArrayList<>();
    for (int i = first; i < first + limit; i++) {
      entries.add(beeKey(i) + "=value " + i);
    }
    return entries;
  }

  /** Every peer dropped on the accepted streams, with the reasons. */
  List<String> servedDropReasons() {
    List<String> reasons = new ArrayList<>();
    accepted.forEach(s -> reasons.addAll(s.dropReasons()));
    return reasons;
  }

  static void await(BooleanSupplier condition, java.util.function.Supplier<String> what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what.get());
      }
      Thread.sleep(5);
    }
  }
}
