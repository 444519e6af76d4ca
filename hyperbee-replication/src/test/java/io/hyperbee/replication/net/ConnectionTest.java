package io.hyperbee.replication.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.crypto.KeyPair;
import io.hyperbee.replication.noise.HandshakeResult;
import io.hyperbee.replication.protomux.Message;
import io.hyperbee.replication.protomux.ProtomuxException;
import io.hyperbee.replication.secretstream.SecretStreamSession;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Java to Java over TCP on 127.0.0.1: handshake, channels, messages, timers and failures. */
@Timeout(120)
class ConnectionTest {
  private static final InetSocketAddress ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  private static final long WAIT = Echo.WAIT_SECONDS;

  private final List<AutoCloseable> owned = new ArrayList<>();
  private final BlockingQueue<Connection> accepted = new LinkedBlockingQueue<>();
  private final Echo server = new Echo();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : owned) {
      c.close();
    }
  }

  private Listener listen(ConnectionOptions options, KeyPair keys) throws IOException {
    Listener l = Listener.listen(ANY_PORT, keys, options, c -> {
      server.accept(c.mux());
      accepted.add(c);
    });
    owned.add(l);
    return l;
  }

  private Connection connect(Listener l, ConnectionOptions options, KeyPair keys) throws IOException {
    Connection c = Connection.connect(l.address(), keys, options, x -> {});
    owned.add(c);
    return c;
  }

  private Connection nextAccepted() throws InterruptedException {
    Connection c = accepted.poll(WAIT, TimeUnit.SECONDS);
    assertTrue(c != null, "a connection was accepted");
    return c;
  }

  private static IOException reason(Connection c) throws Exception {
    return c.closed().get(WAIT, TimeUnit.SECONDS);
  }

  @Test
  void bothSidesAgreeOnHandshakeHashAndKeysAndMessagesOfEverySizeCross() throws Exception {
    KeyPair serverKeys = KeyPair.random();
    KeyPair clientKeys = KeyPair.random();
    Listener l = listen(ConnectionOptions.DEFAULTS, serverKeys);
    Connection client = connect(l, ConnectionOptions.DEFAULTS, clientKeys);
    Echo echo = new Echo();
    Message<byte[]> m = echo.open(client.mux(), "x".getBytes(StandardCharsets.UTF_8));
    client.opened().get(WAIT, TimeUnit.SECONDS);
    Connection peer = nextAccepted();
    peer.opened().get(WAIT, TimeUnit.SECONDS);

    assertTrue(client.isInitiator());
    assertFalse(peer.isInitiator());
    assertArrayEquals(client.handshakeHash(), peer.handshakeHash());
    assertEquals(64, client.handshakeHash().length);
    assertArrayEquals(serverKeys.publicKey(), client.remotePublicKey());
    assertArrayEquals(clientKeys.publicKey(), peer.remotePublicKey());

    assertEquals("open x", echo.nextEvent());
    Random random = new Random(7);
    for (int size : new int[] {0, 1, 1 << 20}) {
      byte[] payload = new byte[size];
      random.nextBytes(payload);
      assertTrue(m.send(payload));
      assertArrayEquals(payload, server.nextMessage(), "server got " + size + " bytes");
      assertArrayEquals(payload, echo.nextMessage(), "echo of " + size + " bytes");
    }
    assertNull(client.closeReason());
  }

  @Test
  void channelsCloseAndReopen() throws Exception {
    Listener l = listen(ConnectionOptions.DEFAULTS, KeyPair.random());
    Connection client = connect(l, ConnectionOptions.DEFAULTS, KeyPair.random());
    Echo echo = new Echo();
    byte[] id = "again".getBytes(StandardCharsets.UTF_8);
    for (int round = 0; round < 3; round++) {
      Message<byte[]> m = echo.open(client.mux(), id);
      assertEquals("open again", echo.nextEvent());
      assertEquals("open again", server.nextEvent());
      m.send(new byte[] {(byte) round});
      assertArrayEquals(new byte[] {(byte) round}, server.nextMessage());
      assertArrayEquals(new byte[] {(byte) round}, echo.nextMessage());
      echo.lastChannel().close();
      assertEquals("close again", echo.nextEvent());
      assertEquals("close again by peer", server.nextEvent());
    }
    assertNull(client.closeReason());
  }

  @Test
  void aGarbledFrameClosesBothSidesWithTheReason() throws Exception {
    Listener l = listen(ConnectionOptions.DEFAULTS, KeyPair.random());
    Connection client = connect(l, ConnectionOptions.DEFAULTS, KeyPair.random());
    client.opened().get(WAIT, TimeUnit.SECONDS);
    Connection peer = nextAccepted();
    client.sendMessage(new byte[] {0, 1, 5, 4, 't', 'e', 's', 't', 0}); // open of channel 5: ids must be dense
    IOException atPeer = reason(peer);
    assertInstanceOf(ProtomuxException.class, atPeer);
    assertTrue(atPeer.getMessage().startsWith("Invalid open message"), atPeer.getMessage());
    IOException atClient = reason(client);
    assertTrue(atClient.getMessage().contains("ended the stream") || atClient instanceof java.net.SocketException,
        atClient.toString());
  }

  @Test
  void aPeerThatSendsNothingIsDroppedAfterTheHandshakeTimeout() throws Exception {
    ConnectionOptions quick = new ConnectionOptions(0, 0, 300);
    Listener l = listen(quick, KeyPair.random());
    try (Socket silent = new Socket()) {
      silent.connect(l.address());
      Connection peer = nextAccepted();
      IOException r = reason(peer);
      assertEquals("handshake timed out after 300 ms", r.getMessage());
      silent.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT));
      assertEquals(-1, silent.getInputStream().read(), "the listener closed the socket");
    }
  }

  @Test
  void keepAlivesHoldAnIdleStreamOpenAndWithoutThemItTimesOut() throws Exception {
    ConnectionOptions keptAlive = new ConnectionOptions(50, 2000, 10_000);
    Listener l = listen(keptAlive, KeyPair.random());
    Connection client = connect(l, keptAlive, KeyPair.random());
    client.opened().get(WAIT, TimeUnit.SECONDS);
    Connection peer = nextAccepted();
    Thread.sleep(3000); // longer than the timeout: only the keep-alives keep both sides open
    assertNull(client.closeReason());
    assertNull(peer.closeReason());

    ConnectionOptions silent = new ConnectionOptions(0, 0, 10_000);
    ConnectionOptions impatient = new ConnectionOptions(0, 300, 10_000);
    Listener l2 = listen(impatient, KeyPair.random());
    Connection quiet = connect(l2, silent, KeyPair.random());
    quiet.opened().get(WAIT, TimeUnit.SECONDS);
    Connection waiting = nextAccepted();
    assertEquals("Stream timed out: nothing read for 300 ms", reason(waiting).getMessage());
  }

  @Test
  void oneConnectionFailingLeavesTheOthersWorking() throws Exception {
    Listener l = listen(ConnectionOptions.DEFAULTS, KeyPair.random());
    Connection good = connect(l, ConnectionOptions.DEFAULTS, KeyPair.random());
    Connection bad = connect(l, ConnectionOptions.DEFAULTS, KeyPair.random());
    good.opened().get(WAIT, TimeUnit.SECONDS);
    bad.opened().get(WAIT, TimeUnit.SECONDS);
    bad.sendMessage(new byte[] {0, 2, 9}); // a reject of a channel never opened
    reason(bad);
    Echo echo = new Echo();
    Message<byte[]> m = echo.open(good.mux(), null);
    assertEquals("open ", echo.nextEvent());
    m.send(new byte[] {42});
    assertArrayEquals(new byte[] {42}, echo.nextMessage());
  }

  @Test
  void aSessionFromAFinishedHandshakeSkipsNoise() throws Exception {
    Random random = new Random(3);
    byte[] k1 = new byte[32];
    byte[] k2 = new byte[32];
    byte[] hash = new byte[64];
    random.nextBytes(k1);
    random.nextBytes(k2);
    random.nextBytes(hash);
    KeyPair a = KeyPair.random();
    KeyPair b = KeyPair.random();
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Socket s1 = new Socket(InetAddress.getLoopbackAddress(), ss.getLocalPort());
      Socket s2 = ss.accept();
      Connection c1 = Connection.start(s1, SecretStreamSession.fromHandshake(true,
          new HandshakeResult(k1, k2, hash, a.publicKey(), b.publicKey())), ConnectionOptions.DEFAULTS, x -> {});
      owned.add(c1);
      Connection c2 = Connection.start(s2, SecretStreamSession.fromHandshake(false,
          new HandshakeResult(k2, k1, hash, b.publicKey(), a.publicKey())), ConnectionOptions.DEFAULTS,
          x -> server.accept(x.mux()));
      owned.add(c2);
      Echo echo = new Echo();
      Message<byte[]> m = echo.open(c1.mux(), null);
      c1.opened().get(WAIT, TimeUnit.SECONDS);
      assertArrayEquals(hash, c2.handshakeHash());
      assertArrayEquals(a.publicKey(), c2.remotePublicKey());
      m.send(new byte[] {1, 2, 3});
      assertArrayEquals(new byte[] {1, 2, 3}, echo.nextMessage());
    }
  }
}
