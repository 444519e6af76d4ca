package io.hyperbee.replication.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.crypto.KeyPair;
import io.hyperbee.replication.protomux.Message;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A connection's memory stays bounded whatever the peer does: against a peer that stops reading,
 * the send queue never passes its bound and the peer is disconnected as not reading; a read
 * throttle keeps the socket unread (the sender's queue fills instead) until it has room.
 */
@Timeout(120)
class SendQueueBoundTest {
  private static final InetSocketAddress ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  private static final long WAIT = Echo.WAIT_SECONDS;
  private static final long HIGH_WATER = 64 << 10;
  private static final long MAX_QUEUED = 1 << 20;

  private final List<AutoCloseable> owned = new ArrayList<>();
  private final BlockingQueue<Connection> accepted = new LinkedBlockingQueue<>();
  private final Echo server = new Echo();
  /** While up, the accepted side does not read its socket. */
  private volatile boolean serverReads = true;
  private final CountDownLatch serverResumes = new CountDownLatch(1);

  @AfterEach
  void closeAll() throws Exception {
    serverResumes.countDown();
    for (AutoCloseable c : owned) {
      c.close();
    }
  }

  private Connection pair(ConnectionOptions clientOptions) throws Exception {
    Listener l = Listener.listen(ANY_PORT, KeyPair.random(), ConnectionOptions.DEFAULTS, c -> {
      server.accept(c.mux());
      c.addReadThrottle(timeout -> serverReads || serverResumes.await(timeout, TimeUnit.MILLISECONDS));
      accepted.add(c);
    });
    owned.add(l);
    Connection client = Connection.connect(l.address(), KeyPair.random(), clientOptions, x -> {});
    owned.add(client);
    client.opened().get(WAIT, TimeUnit.SECONDS);
    return client;
  }

  @Test
  void aPeerThatStopsReadingIsDisconnectedBeforeTheSendQueuePassesItsBound() throws Exception {
    Connection client = pair(ConnectionOptions.DEFAULTS.withQueueBounds(HIGH_WATER, MAX_QUEUED));
    Echo echo = new Echo();
    Message<byte[]> m = echo.open(client.mux(), "flood".getBytes(StandardCharsets.UTF_8));
    assertEquals("open flood", echo.nextEvent());
    serverReads = false;
    byte[] chunk = new byte[16 << 10];
    long sent = 0;
    while (client.closeReason() == null && sent < 64L << 20) { // far more than the kernel's socket buffers hold
      m.send(chunk);
      sent += chunk.length;
      assertTrue(client.queuedBytes() <= MAX_QUEUED, "queued " + client.queuedBytes());
    }
    IOException reason = client.closed().get(WAIT, TimeUnit.SECONDS);
    assertTrue(reason.getMessage().startsWith("the peer is not reading"), reason.getMessage());
    assertTrue(client.peakQueuedBytes() <= MAX_QUEUED, "peak " + client.peakQueuedBytes());
    assertTrue(client.peakQueuedBytes() > HIGH_WATER, "the queue did fill: " + client.peakQueuedBytes());
  }

  @Test
  void aThrottledReaderLeavesTheBytesWithTheSenderThenReadsThemAll() throws Exception {
    Connection client = pair(ConnectionOptions.DEFAULTS);
    Echo echo = new Echo();
    Message<byte[]> m = echo.open(client.mux(), "slow".getBytes(StandardCharsets.UTF_8));
    assertEquals("open slow", echo.nextEvent());
    serverReads = false;
    byte[] chunk = new byte[1 << 20];
    int count = 24;
    for (int i = 0; i < count; i++) {
      chunk[0] = (byte) i;
      m.send(chunk.clone());
    }
    // the kernel holds a few MiB at most; the rest waits in the sender's queue while the server reads nothing
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT);
    long previous = -1;
    while (client.queuedBytes() != previous) {
      assertTrue(System.nanoTime() < deadline, "the sender's queue settled");
      previous = client.queuedBytes();
      Thread.sleep(200);
    }
    assertTrue(previous > 8 << 20, "bytes wait at the sender: " + previous);
    assertTrue(server.received.size() <= 2, "the server read almost nothing: " + server.received.size());
    serverResumes.countDown();
    for (int i = 0; i < count; i++) {
      byte[] got = server.nextMessage();
      assertEquals((byte) i, got[0]);
      assertNotNull(echo.nextMessage());
    }
    assertEquals(null, client.closeReason());
    assertFalse(server.received.size() > 0, "nothing extra");
  }
}
