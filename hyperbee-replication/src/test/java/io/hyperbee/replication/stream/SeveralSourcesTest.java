package io.hyperbee.replication.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.crypto.KeyPair;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import io.hyperbee.replication.net.ConnectionOptions;
import io.hyperbee.replication.net.Listener;
import io.hyperbee.replication.replicator.ReplicaSource;
import io.hyperbee.replication.replicator.Replicator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A reader with two sources over TCP, the writer and a full replica of it: when the source a
 * block is asked of stalls, the reader drops it as stalled and the block comes from the other.
 */
@Timeout(120)
class SeveralSourcesTest extends TcpFixture {

  @Test
  void aBlockAskedOfAStalledSourceIsAskedOfTheOtherOne() throws Exception {
    Hypercore writer = servedCore(51, 50, "block ");
    Listener writerListener = listen();

    // the second source: a full replica of the writer, served on its own listener
    CoreRegistry copyRegistry = new CoreRegistry();
    Replicator copy = follow(writer.key(), copyRegistry);
    connect(writerListener.address(), copyRegistry);
    updated(copy, 50);
    copy.download(0, 50, 4, WAIT, null);
    CountDownLatch resume = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean stalled = new java.util.concurrent.atomic.AtomicBoolean();
    Listener copyListener = own(Listener.listen(ANY_PORT, KeyPair.random(), ConnectionOptions.DEFAULTS, c -> {
      ReplicationStream.attach(c, copyRegistry);
      c.addReadThrottle(timeout -> !stalled.get() || resume.await(timeout, TimeUnit.MILLISECONDS));
    }));
    own(resume::countDown);

    // the reader learns the length from the copy first, so the copy is the peer it asks first
    ReplicaSource source = new ReplicaSource();
    Hypercore readerCore = own(Hypercore.inMemory(HypercoreOptions.builder().key(writer.key()).blockSource(source).build()));
    // the stalled copy is dropped after this; long enough that the writer's answers, slow on a
    // loaded machine (a CI run at load 40 dropped the writer too at 500 ms), come within it
    Replicator reader = own(Replicator.of(readerCore, source, OPTIONS.withRequestTimeout(Duration.ofSeconds(3))));
    CoreRegistry readerRegistry = new CoreRegistry();
    readerRegistry.add(reader);
    ReplicationStream toCopy = connect(copyListener.address(), readerRegistry);
    updated(reader, 50);
    stalled.set(true); // from its next read on, the copy reads nothing: our requests go unanswered
    ReplicationStream toWriter = connect(writerListener.address(), readerRegistry);
    await(() -> reader.peerCount() == 2, () -> "both sources opened");

    for (int i : new int[] {7, 30, 49}) {
      byte[] block;
      try {
        block = reader.get(i, WAIT);
      } catch (RuntimeException e) {
        throw new AssertionError("block " + i + ": copy dropped for " + toCopy.dropReasons()
            + ", writer dropped for " + toWriter.dropReasons(), e);
      }
      assertArrayEquals(b("block " + i), block, "block " + i);
    }
    await(() -> !toCopy.dropReasons().isEmpty(), () -> "the stalled copy was dropped");
    String reason = toCopy.dropReasons().get(0);
    assertTrue(reason.contains("stalled: no answer to request"), reason);
    assertEquals(List.of(), toWriter.dropReasons());
    assertEquals(1, reader.peerCount());
    reader.core().verify();
  }
}
