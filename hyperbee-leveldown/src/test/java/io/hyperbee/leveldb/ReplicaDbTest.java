package io.hyperbee.leveldb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.btree.Batch;
import io.hyperbee.btree.Hyperbee;
import io.hyperbee.crypto.KeyPair;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import io.hyperbee.replication.host.Host;
import io.hyperbee.replication.replicator.ReplicatorOptions;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBException;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.ReadOptions;
import org.iq80.leveldb.Snapshot;
import org.iq80.leveldb.WriteBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** HyperbeeDBFactory.openReplica: a read-only DB over a replica of a writer served on 127.0.0.1. */
@Timeout(120)
class ReplicaDbTest {
  private static final int KEYS = 300;
  private static final long WAIT_NANOS = 30_000_000_000L;

  @TempDir Path tmp;
  private Hypercore writerCore;
  private Hyperbee writer;
  private Host host;

  @BeforeEach
  void serveAWriter() throws IOException {
    writerCore = Hypercore.inMemory(HypercoreOptions.builder().keyPair(KeyPair.fromSeed(new byte[32])).build());
    writer = Hyperbee.open(writerCore);
    try (Batch batch = writer.batch()) {
      for (int i = 0; i < KEYS; i++) {
        batch.put(b(key(i)), b("value " + i));
      }
      batch.flush();
    }
    host = Host.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), KeyPair.random(),
        ReplicatorOptions.defaults(), Host.Observer.silent());
    host.serve(writerCore);
  }

  @AfterEach
  void close() throws IOException {
    host.close();
    writer.close();
    writerCore.close();
  }

  private DB replica(File dir) throws IOException {
    return HyperbeeDBFactory.factory.openReplica(dir, new Options().createIfMissing(true), writerCore.key(), host.address());
  }

  @Test
  void readsEqualTheWritersAndTheIteratorWalksThemInOrder() throws IOException {
    try (DB db = replica(tmp.resolve("r").toFile())) {
      for (int i = 0; i < KEYS; i += 37) {
        assertArrayEquals(b("value " + i), db.get(b(key(i))), key(i));
      }
      assertNull(db.get(b("nope")));
      List<String> keys = new ArrayList<>();
      try (DBIterator it = db.iterator()) {
        for (it.seek(b(key(290))); it.hasNext(); ) {
          Map.Entry<byte[], byte[]> e = it.next();
          keys.add(s(e.getKey()) + "=" + s(e.getValue()));
        }
      }
      List<String> expected = new ArrayList<>();
      for (int i = 290; i < KEYS; i++) {
        expected.add(key(i) + "=value " + i);
      }
      assertEquals(expected, keys);
      assertEquals(String.valueOf(KEYS + 1), db.getProperty("hyperbee.length"));
    }
  }

  @Test
  void writesAndCompactionsAreRefused() throws IOException {
    try (DB db = replica(tmp.resolve("r").toFile())) {
      for (Runnable write : List.<Runnable>of(
          () -> db.put(b("a"), b("1")),
          () -> db.delete(b(key(1))),
          () -> {
            WriteBatch batch = db.createWriteBatch();
            db.write(batch.put(b("a"), b("1")));
          },
          () -> db.compactRange(null, null))) {
        DBException e = assertThrows(DBException.class, write::run);
        assertTrue(e.getMessage().startsWith("read-only replica of "), e.getMessage());
      }
      assertArrayEquals(b("value 1"), db.get(b(key(1))));
      assertNull(db.get(b("a")));
    }
  }

  @Test
  void followsTheWriterWhileASnapshotStaysAtItsVersion() throws Exception {
    try (DB db = replica(tmp.resolve("r").toFile())) {
      Snapshot before = db.getSnapshot();
      writer.put(b(key(5)), b("changed"));
      writer.put(b("new"), b("entry"));
      await(() -> "entry".equals(s(db.get(b("new")))), "the replica follows the writer's appends");
      assertArrayEquals(b("changed"), db.get(b(key(5))));
      ReadOptions old = new ReadOptions().snapshot(before);
      assertArrayEquals(b("value 5"), db.get(b(key(5)), old));
      assertNull(db.get(b("new"), old));
      int n = 0;
      try (DBIterator it = db.iterator(old)) {
        for (it.seekToFirst(); it.hasNext(); it.next()) {
          n++;
        }
      }
      assertEquals(KEYS, n);
      before.close();
    }
  }

  @Test
  void followsTheWriterAgainAfterItRestartsOnTheSamePort() throws Exception {
    List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
    InetSocketAddress address = host.address();
    try (DB db = HyperbeeDBFactory.factory.openReplica(tmp.resolve("r").toFile(),
        new Options().createIfMissing(true).logger(logged::add), writerCore.key(), address)) {
      assertArrayEquals(b("value 3"), db.get(b(key(3))));
      host.close(); // the writer goes away, writes, and comes back where it was
      await(() -> logged.stream().anyMatch(l -> l.startsWith("Replica lost its peer ")), "the replica saw it go");
      writer.put(b("while away"), b("1"));
      host = Host.listen(address, KeyPair.random(), ReplicatorOptions.defaults(), Host.Observer.silent());
      host.serve(writerCore);
      writer.put(b("back"), b("2"));
      await(() -> "2".equals(s(db.get(b("back")))), "the replica follows the writer again");
      assertArrayEquals(b("1"), db.get(b("while away")));
      assertTrue(logged.stream().anyMatch(l -> l.startsWith("Replica reconnected to ")), logged.toString());
    }
  }

  @Test
  void aReplicaReopensAndRefusesAnotherCore() throws IOException {
    File dir = tmp.resolve("r").toFile();
    try (DB db = replica(dir)) {
      assertArrayEquals(b("value 7"), db.get(b(key(7))));
    }
    try (DB db = replica(dir)) {
      assertArrayEquals(b("value 8"), db.get(b(key(8))));
    }
    byte[] other = new byte[32];
    IOException e = assertThrows(IOException.class, () -> HyperbeeDBFactory.factory.openReplica(
        dir, new Options(), other, host.address()));
    assertTrue(e.getMessage().contains("cannot open a replica of the core asked for"), e.getMessage());
    IOException missing = assertThrows(IOException.class, () -> HyperbeeDBFactory.factory.openReplica(
        tmp.resolve("missing").toFile(), new Options().createIfMissing(false), writerCore.key(), host.address()));
    assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT_NANOS;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(5);
    }
  }

  private static String key(int i) {
    return String.format("key%05d", i);
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String s(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }
}
