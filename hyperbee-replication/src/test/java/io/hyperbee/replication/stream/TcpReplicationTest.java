package io.hyperbee.replication.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.btree.Hyperbee;
import io.hyperbee.crypto.KeyPair;
import io.hyperbee.log.Hypercore;
import io.hyperbee.replication.net.Connection;
import io.hyperbee.replication.net.ConnectionOptions;
import io.hyperbee.replication.net.Listener;
import io.hyperbee.replication.protomux.ChannelOptions;
import io.hyperbee.replication.replicator.Replicator;
import io.hyperbee.replication.wire.Handshake;
import io.hyperbee.replication.wire.WireMessage;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A Java writer and a Java reader over real TCP on 127.0.0.1: replicators bound to protomux channels. */
@Timeout(120)
class TcpReplicationTest extends TcpFixture {
  @Test
  void sparseGetThenFullDownloadThenLiveAppend() throws Exception {
    Hypercore writer = servedCore(1, 100, "block ");
    Replicator reader = follow(writer.key());
    ReplicationStream stream = connect(listen().address());
    updated(reader, 100);
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
    await(() -> reader.core().length() == 101, () -> "the append reached the reader without polling");
    assertArrayEquals(b("live"), reader.get(100, WAIT));
    reader.core().verify();
    assertEquals(List.of(), stream.dropReasons());
  }

  @Test
  void aTapSeesEveryRequestSentAndEveryAnswerReceived() throws Exception {
    Hypercore writer = servedCore(6, 30, "block ");
    Replicator reader = follow(writer.key());
    int[] sent = new int[WireMessage.TYPES];
    int[] received = new int[WireMessage.TYPES];
    WireTap tap = new WireTap() {
      @Override
      public synchronized void sent(int type, byte[] payload) {
        sent[type]++;
      }

      @Override
      public synchronized void received(int type, byte[] payload) {
        received[type]++;
      }
    };
    java.util.concurrent.CompletableFuture<ReplicationStream> stream = new java.util.concurrent.CompletableFuture<>();
    Connection c = own(Connection.connect(listen().address(), KeyPair.random(), ConnectionOptions.DEFAULTS,
        x -> stream.complete(ReplicationStream.attach(x, followed, tap))));
    c.opened().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    updated(reader, 30);
    assertEquals(30, reader.download(0, 30, 4, WAIT, null));
    synchronized (tap) {
      assertTrue(sent[WireMessage.SYNC] >= 1, "the reader's sync went through the tap");
      assertTrue(sent[WireMessage.REQUEST] >= 30, "one request per block at least: " + sent[WireMessage.REQUEST]);
      assertEquals(sent[WireMessage.REQUEST], received[WireMessage.DATA] + received[WireMessage.NO_DATA],
          "every request answered once");
    }
    assertEquals(List.of(), stream.get().dropReasons());
  }

  @Test
  void severalCoresOverOneConnection() throws Exception {
    Hypercore first = servedCore(2, 10, "first ");
    Hypercore second = servedCore(3, 20, "second ");
    Replicator a = follow(first.key());
    Replicator b = follow(second.key());
    ReplicationStream stream = connect(listen().address());
    await(() -> a.peerCount() == 1 && b.peerCount() == 1, () -> "both cores' channels opened");
    updated(a, 10);
    updated(b, 20);
    assertArrayEquals(b("first 9"), a.get(9, WAIT));
    assertArrayEquals(b("second 19"), b.get(19, WAIT));
    assertEquals(List.of(), stream.dropReasons());
  }

  @Test
  void aCoreOnlyOneSideHasIsRejectedAndTheOthersReplicate() throws Exception {
    Hypercore shared = servedCore(4, 5, "shared ");
    Replicator reader = follow(shared.key());
    Replicator orphan = follow(writerCore(5).key()); // the listener does not serve this one
    ReplicationStream stream = connect(listen().address());
    await(() -> reader.peerCount() == 1, () -> "the shared core's channel opened");
    updated(reader, 5);
    assertArrayEquals(b("shared 4"), reader.get(4, WAIT));
    assertEquals(0, orphan.peerCount());
    assertEquals(List.of(), stream.dropReasons());
  }

  @Test
  void aHyperbeeOnTheReplicaReadsGetAndRange() throws Exception {
    Hypercore writer = writerCore(6);
    Hyperbee writerBee = writerBee(writer);
    serve(writer);
    Replicator reader = follow(writer.key());
    connect(listen().address());
    updated(reader, writer.length());
    Hyperbee bee = Hyperbee.open(reader.core());

    assertEquals("value 123", s(bee.get(b(beeKey(123))).value()));
    assertEquals(expectedRange(400, 10), range(bee, beeKey(400), 10));
    assertTrue(reader.blocksDownloaded() < writer.length() / 5,
        "sparse: " + reader.blocksDownloaded() + " of " + writer.length());

    writerBee.put(b("key99999"), b("late"));
    await(() -> reader.core().length() == writer.length(), () -> "the live append reached the reader");
    assertArrayEquals(b("late"), Hyperbee.open(reader.core()).get(b("key99999")).value());
  }

  @Test
  void parallelDownloadWhileTheWriterAppends() throws Exception {
    // replicator sends (its lock, then the mux's) cross mux callbacks (the mux's lock) all along
    Hypercore writer = servedCore(11, 2000, "block ");
    Replicator reader = follow(writer.key());
    ReplicationStream stream = connect(listen().address());
    updated(reader, 2000);
    Thread appender = new Thread(() -> {
      for (int i = 2000; i < 2200; i++) {
        writer.append(List.of(b("block " + i)));
      }
    });
    appender.start();
    reader.download(0, 2000, 8, WAIT, null);
    appender.join(WAIT.toMillis());
    await(() -> reader.core().length() == 2200, () -> "every append reached the reader");
    reader.download(2000, 2200, 8, WAIT, null);
    for (int i = 0; i < 2200; i++) {
      assertArrayEquals(b("block " + i), reader.core().get(i));
    }
    reader.core().verify();
    assertEquals(List.of(), stream.dropReasons());
  }

  @Test
  void aClosedReplicatorsChannelIsClosedAndTheOthersReplicate() throws Exception {
    Hypercore live = servedCore(12, 3, "live ");
    Hypercore gone = servedCore(13, 3, "gone ");
    Replicator reader = follow(live.key());
    Replicator closed = follow(gone.key());
    closed.close();
    ReplicationStream stream = connect(listen().address());
    updated(reader, 3);
    assertArrayEquals(b("live 2"), reader.get(2, WAIT));
    await(() -> !stream.dropReasons().isEmpty(), () -> "the closed replicator's channel was closed");
    assertEquals(List.of(HexFormat.of().formatHex(gone.discoveryKey())
        + ": replicator closed"), stream.dropReasons());
  }

  @Test
  void aCoreRegisteredAfterConnectingGetsItsChannel() throws Exception {
    Hypercore first = servedCore(14, 2, "first ");
    Hypercore later = servedCore(15, 3, "later ");
    Replicator a = follow(first.key());
    ReplicationStream stream = connect(listen().address());
    updated(a, 2);
    Replicator b = follow(later.key()); // as corestore attaches a core opened later to its streams
    updated(b, 3);
    assertArrayEquals(b("later 2"), b.get(2, WAIT));
    assertEquals(List.of(), stream.dropReasons());
  }

  @Test
  void aPeerWithAWrongCapabilityIsDroppedAndAnHonestOneStillServed() throws Exception {
    Hypercore writer = servedCore(16, 4, "block ");
    Listener listener = listen();
    // a peer that knows the discovery key but not the core key: it cannot compute the capability
    Connection liar = own(Connection.connect(listener.address(), KeyPair.random(), ConnectionOptions.DEFAULTS,
        c -> c.mux().createChannel(ChannelOptions.of(ReplicationStream.PROTOCOL, writer.discoveryKey()))
            .open(new Handshake(false, new byte[32]).encode())));
    liar.opened().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    await(() -> !servedDropReasons().isEmpty(), () -> "the liar was dropped");
    assertEquals(List.of(HexFormat.of().formatHex(writer.discoveryKey())
        + ": INVALID_CAPABILITY: remote sent an invalid replication capability"), servedDropReasons());

    Replicator reader = follow(writer.key());
    connect(listener.address());
    updated(reader, 4);
    assertArrayEquals(b("block 3"), reader.get(3, WAIT));
  }
}
