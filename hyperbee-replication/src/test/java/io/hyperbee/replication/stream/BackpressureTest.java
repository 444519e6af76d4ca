package io.hyperbee.replication.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.log.Hypercore;
import io.hyperbee.merkle.ProofRequest;
import io.hyperbee.replication.net.ConnectionOptions;
import io.hyperbee.replication.net.Listener;
import io.hyperbee.replication.replicator.Replicator;
import io.hyperbee.replication.wire.WireMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A writer's memory stays bounded against a peer that asks without reading and against a peer
 * that floods it, measured by the queues' own byte counts; the honest reader next to them is served.
 */
@Timeout(120)
class BackpressureTest extends TcpFixture {
  private static final long HIGH_WATER = 256 << 10;
  private static final int BLOCK = 64 << 10;
  /** The writer's connections: a peer that reads none of our answers for 5 s is dropped. */
  private static final ConnectionOptions WRITER = new ConnectionOptions(5000, 5000, 10_000, HIGH_WATER, 64L << 20);
  /** The writer's connections where its own handler is slow: messages may wait a minute to be handled. */
  private static final ConnectionOptions PATIENT_WRITER = new ConnectionOptions(5000, 60_000, 10_000, HIGH_WATER, 64L << 20);
  /** A raw peer keeps its connection alive while it does not read. */
  private static final ConnectionOptions RAW = new ConnectionOptions(500, 0, 10_000);

  private Hypercore bigBlocks(int seed, int count) {
    Hypercore core = writerCore(seed);
    Random random = new Random(seed);
    List<byte[]> blocks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] block = new byte[BLOCK];
      random.nextBytes(block);
      blocks.add(block);
    }
    core.append(blocks);
    return core;
  }

  private ReplicationStream acceptedStream(int index) throws InterruptedException {
    await(() -> accepted.size() > index, () -> "connection " + index + " was accepted");
    return accepted.get(index);
  }

  @Test
  void aPeerThatAsksWithoutReadingIsAnsweredOnlyAsFastAsItReadsThenDropped() throws Exception {
    int count = 400; // 25 MiB of answers: far more than the kernel's socket buffers
    Hypercore writer = bigBlocks(31, count);
    Replicator served = serve(writer);
    Listener listener = listen(WRITER);
    RawPeer greedy = own(RawPeer.connect(listener.address(), writer.key(), RAW));
    ReplicationStream greedyStream = acceptedStream(0);
    CompletableFuture<IOException> closeReasonWhenPinged = new CompletableFuture<>();
    served.registerExtension("ping", (from, message) -> closeReasonWhenPinged.complete(greedyStream.connection().closeReason()));
    greedy.stopReading();
    for (int i = 0; i < count; i++) {
      greedy.send(new WireMessage.Request(i + 1, ProofRequest.block(0, i, 0), 0));
    }
    greedy.send(new WireMessage.Extension("ping", new byte[0]));
    assertNull(closeReasonWhenPinged.get(WAIT.toSeconds(), TimeUnit.SECONDS),
        "a message after the waiting requests is handled while they wait");

    Replicator reader = follow(writer.key());
    connect(listener.address());
    updated(reader, count);
    for (int i : new int[] {0, 199, 399}) {
      assertArrayEquals(writer.get(i), reader.get(i, WAIT), "the honest reader is served block " + i);
    }

    IOException reason = greedyStream.connection().closed().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertTrue(reason.getMessage().startsWith("the peer is not reading"), reason.getMessage());
    long peak = greedyStream.connection().peakQueuedBytes();
    assertTrue(peak <= HIGH_WATER + 2 * BLOCK, "the writer queued at most one answer past the mark: " + peak);
    assertTrue(peak > HIGH_WATER, "the queue did fill: " + peak);
  }

  @Test
  void aPeerThatFloodsFillsItsOwnSendQueueNotOurs() throws Exception {
    Hypercore writer = servedCore(32, 4, "block ");
    Replicator served = this.served.get(writer.discoveryKey());
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger handled = new AtomicInteger();
    served.registerExtension("flood", (from, message) -> {
      handled.incrementAndGet();
      try {
        release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS); // a slow handler: messages pile up behind it
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    Listener listener = listen(PATIENT_WRITER);
    RawPeer flooder = own(RawPeer.connect(listener.address(), writer.key(), RAW));
    ReplicationStream stream = acceptedStream(0);
    int count = 40;
    int size = 1 << 20;
    for (int i = 0; i < count; i++) {
      flooder.send(new WireMessage.Extension("flood", new byte[size]));
    }
    // the kernel holds a few MiB; the rest waits in the flooder's queue while the writer reads nothing
    long deadline = System.nanoTime() + WAIT.toNanos();
    long previous = -1;
    while (flooder.connection.queuedBytes() != previous) {
      assertTrue(System.nanoTime() < deadline, "the flooder's queue settled");
      previous = flooder.connection.queuedBytes();
      Thread.sleep(200);
    }
    assertTrue(previous > 8 << 20, "the flood waits at the flooder: " + previous);
    long bound = HIGH_WATER + 65536 + 2L * size; // the mark, one socket read, the message that crossed it
    assertTrue(stream.peakQueuedBytes() <= bound, "received and unhandled: " + stream.peakQueuedBytes());
    assertEquals(1, handled.get());

    release.countDown();
    await(() -> handled.get() == count, () -> "every message was handled (" + handled.get() + ")");
    assertEquals(0, stream.queuedBytes());
    assertNull(stream.connection().closeReason());
    assertEquals(List.of(), stream.dropReasons());
  }
}
