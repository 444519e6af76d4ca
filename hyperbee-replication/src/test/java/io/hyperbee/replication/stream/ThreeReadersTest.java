package io.hyperbee.replication.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.btree.Hyperbee;
import io.hyperbee.log.Hypercore;
import io.hyperbee.merkle.ProofRequest;
import io.hyperbee.replication.net.ConnectionOptions;
import io.hyperbee.replication.net.Listener;
import io.hyperbee.replication.replicator.Replicator;
import io.hyperbee.replication.wire.WireMessage;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One Java writer, three Java readers over TCP at once, one of them hostile: the writer drops the
 * hostile one with a reason naming what it did, its core is unchanged, and the honest two read
 * what the writer holds.
 */
@Timeout(120)
class ThreeReadersTest extends TcpFixture {

  private void threeReaders(Consumer<RawPeer> attack, String expectedReason) throws Exception {
    Hypercore writer = writerCore(41);
    Hyperbee writerBee = writerBee(writer);
    serve(writer);
    byte[] signature = writer.signature();
    long length = writer.length();
    Listener listener = listen();
    ExecutorService readers = Executors.newFixedThreadPool(3);
    try {
      List<Future<?>> running = new ArrayList<>();
      running.add(readers.submit(() -> {
        try (RawPeer hostile = RawPeer.connect(listener.address(), writer.key(), ConnectionOptions.DEFAULTS)) {
          attack.accept(hostile);
          await(() -> !servedDropReasons().isEmpty(), () -> "the hostile reader was dropped");
        }
        return null;
      }));
      for (int n = 0; n < 2; n++) {
        int seed = n;
        running.add(readers.submit((Callable<Void>) () -> {
          honestReader(writer, seed, listener);
          return null;
        }));
      }
      for (Future<?> f : running) {
        f.get(WAIT.toSeconds() * 3, TimeUnit.SECONDS);
      }
    } finally {
      readers.shutdownNow();
    }
    List<String> reasons = servedDropReasons();
    assertEquals(1, reasons.size(), reasons.toString());
    assertTrue(reasons.get(0).startsWith(HexFormat.of().formatHex(writer.discoveryKey()) + ": "), reasons.get(0));
    assertTrue(reasons.get(0).contains(expectedReason), reasons.get(0));
    assertEquals(length, writer.length());
    assertArrayEquals(signature, writer.signature());
    writer.verify();
    assertEquals("value 7", s(writerBee.get(b(beeKey(7))).value()));
  }

  /** Reads the bee sparsely (gets and ranges), then downloads everything and compares it block by block. */
  private void honestReader(Hypercore writer, int seed, Listener listener) throws Exception {
    CoreRegistry registry = new CoreRegistry();
    Replicator reader = follow(writer.key(), registry);
    ReplicationStream stream = connect(listener.address(), registry);
    updated(reader, writer.length());
    Hyperbee bee = Hyperbee.open(reader.core());
    Random random = new Random(seed);
    for (int i = 0; i < 40; i++) {
      int k = random.nextInt(BEE_KEYS);
      assertEquals("value " + k, s(bee.get(b(beeKey(k))).value()), "reader " + seed + " key " + k);
    }
    int first = random.nextInt(BEE_KEYS - 30);
    assertEquals(expectedRange(first, 30), range(bee, beeKey(first), 30));
    reader.download(0, writer.length(), 4, WAIT, null);
    for (long i = 0; i < writer.length(); i++) {
      assertArrayEquals(writer.get(i), reader.core().get(i), "reader " + seed + " block " + i);
    }
    reader.core().verify();
    assertEquals(List.of(), stream.dropReasons());
  }

  @Test
  void aReaderSendingForgedRequestsIsDroppedAndTheOthersAreServed() throws Exception {
    threeReaders(hostile -> {
      long length = BEE_KEYS; // well past what the writer can prove from, once it is asked for more
      for (int i = 0; i < 100; i++) {
        // an upgrade from past the writer's length: no proof exists, the request is invalid
        hostile.send(new WireMessage.Request(i + 1, ProofRequest.upgrade(0, length * 10 + i, 5), 0));
      }
    }, "invalid requests");
  }

  @Test
  void aReaderSendingGarbageIsDroppedAndTheOthersAreServed() throws Exception {
    Random random = new Random(5);
    threeReaders(hostile -> {
      hostile.send(new WireMessage.Request(1, ProofRequest.block(0, 3, 0), 0)); // one honest-looking request
      byte[] garbage = new byte[64];
      random.nextBytes(garbage);
      garbage[0] = (byte) 0xFF; // a varint id that never ends within the message
      for (int i = 1; i < 64; i++) {
        garbage[i] |= (byte) 0x80;
      }
      hostile.sendRaw(WireMessage.REQUEST, garbage);
    }, "malformed request");
  }
}
