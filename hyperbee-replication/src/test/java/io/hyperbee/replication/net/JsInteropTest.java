package io.hyperbee.replication.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.crypto.KeyPair;
import io.hyperbee.replication.protomux.Message;
import io.hyperbee.replication.protomux.ProtomuxException;
import io.hyperbee.replication.secretstream.SecretStreamException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Live interop with the real JS stack (interop/peer.js: @hyperswarm/secret-stream 6.9.2 and
 * protomux 3.12.1 over TCP on 127.0.0.1), both ways round.
 */
@Timeout(180)
class JsInteropTest {
  private static final long WAIT = Echo.WAIT_SECONDS;
  private static final HexFormat HEX = HexFormat.of();

  private final List<AutoCloseable> owned = new ArrayList<>();
  private final BlockingQueue<Connection> accepted = new LinkedBlockingQueue<>();
  private final Echo echo = new Echo();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : owned) {
      c.close();
    }
  }

  private JsPeer peer(String... args) throws IOException {
    JsPeer p = JsPeer.start(args);
    owned.add(p);
    return p;
  }

  /** Java initiator, JS responder: returns the opened Java side. */
  private Connection connectTo(JsPeer js, ConnectionOptions options, KeyPair keys) throws Exception {
    int port = Integer.parseInt(js.awaitWords("listening")[0]);
    Connection c = Connection.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), keys,
        options, x -> echo.accept(x.mux()));
    owned.add(c);
    c.opened().get(WAIT, TimeUnit.SECONDS);
    return c;
  }

  /** JS initiator, Java responder (a listener): returns the opened Java side. */
  private JsPeer connectFrom(ConnectionOptions options, KeyPair keys, String... jsOptions) throws Exception {
    Listener l = Listener.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), keys, options, c -> {
      echo.accept(c.mux());
      accepted.add(c);
    });
    owned.add(l);
    List<String> args = new ArrayList<>(List.of("connect", Integer.toString(l.port())));
    args.addAll(List.of(jsOptions));
    return peer(args.toArray(String[]::new));
  }

  private Connection nextAccepted() throws Exception {
    Connection c = accepted.poll(WAIT, TimeUnit.SECONDS);
    assertTrue(c != null, "JS connected");
    c.opened().get(WAIT, TimeUnit.SECONDS);
    return c;
  }

  private static void assertSameSession(JsPeer js, Connection java, KeyPair javaKeys) throws Exception {
    String jsKey = js.awaitWords("key")[0];
    String[] open = js.awaitWords("open");
    assertEquals(HEX.formatHex(java.handshakeHash()), open[0], "handshake hash");
    assertEquals(HEX.formatHex(javaKeys.publicKey()), open[1], "JS sees Java's key");
    assertEquals(jsKey, HEX.formatHex(java.remotePublicKey()), "Java sees JS's key");
  }

  static byte[] payload(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + seed);
    }
    return b;
  }

  private static String sha256(byte[] b) throws Exception {
    return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  @Test
  void javaInitiatorJsResponderAgreeAndMessagesOfEverySizeCross() throws Exception {
    KeyPair keys = KeyPair.random();
    JsPeer js = peer("listen");
    Connection java = connectTo(js, ConnectionOptions.DEFAULTS, keys);
    assertTrue(java.isInitiator());
    assertSameSession(js, java, keys);

    Message<byte[]> m = echo.open(java.mux(), "x".getBytes(StandardCharsets.UTF_8));
    assertEquals("open x", echo.nextEvent());
    js.await("channel-open 78");
    int seed = 0;
    for (int size : new int[] {0, 1, 1 << 20}) {
      byte[] data = payload(size, ++seed);
      assertTrue(m.send(data));
      assertEquals(List.of("78", Integer.toString(size), sha256(data)), List.of(js.awaitWords("message")));
      assertArrayEquals(data, echo.nextMessage(), "JS echoed " + size + " bytes");
    }
    assertNull(java.closeReason());
  }

  @Test
  void jsInitiatorJavaResponderAgreeAndMessagesOfEverySizeCross() throws Exception {
    KeyPair keys = KeyPair.random();
    JsPeer js = connectFrom(ConnectionOptions.DEFAULTS, keys);
    Connection java = nextAccepted();
    assertTrue(!java.isInitiator());
    assertSameSession(js, java, keys);

    js.command("open 79");
    assertEquals("open y", echo.nextEvent());
    js.await("channel-open 79");
    int seed = 10;
    for (int size : new int[] {0, 1, 1 << 20}) {
      js.command("send 79 " + size + " " + (++seed));
      byte[] expected = payload(size, seed);
      assertArrayEquals(expected, echo.nextMessage(), "Java got " + size + " bytes");
      assertEquals(List.of("79", Integer.toString(size), sha256(expected)), List.of(js.awaitWords("message")),
          "Java echoed " + size + " bytes");
    }
  }

  @Test
  void aJsCorkedBatchOfOpensIsUnderstoodAndChannelsCloseAndReopen() throws Exception {
    JsPeer js = connectFrom(ConnectionOptions.DEFAULTS, KeyPair.random());
    nextAccepted();
    js.command("cork-open 6331 6332 6333");
    Set<String> opened = Set.of(echo.nextEvent(), echo.nextEvent(), echo.nextEvent());
    assertEquals(Set.of("open c1", "open c2", "open c3"), opened);
    for (String id : List.of("6331", "6332", "6333")) {
      js.await("channel-open " + id);
    }
    for (int round = 0; round < 2; round++) {
      js.command("close 6332");
      assertEquals("close c2 by peer", echo.nextEvent());
      js.await("channel-close 6332 remote=false");
      js.command("open 6332");
      assertEquals("open c2", echo.nextEvent());
      js.await("channel-open 6332");
      js.command("send 6332 5 " + round);
      assertArrayEquals(payload(5, round), echo.nextMessage());
      js.await("message 6332 5 " + sha256(payload(5, round)));
    }
  }

  @Test
  void keepAlivesHoldAnIdleStreamOpenBothWays() throws Exception {
    // both sides time out after 1.5 s of silence and send keep-alives every 100 ms
    ConnectionOptions options = new ConnectionOptions(100, 1500, 10_000);
    JsPeer js = connectFrom(options, KeyPair.random(), "--keep-alive", "100", "--timeout", "1500");
    Connection java = nextAccepted();
    js.await("open");
    js.pending(); // what came before the idle time
    Thread.sleep(4000); // idle for more than twice the timeout
    assertNull(java.closeReason(), "JS's keep-alives held Java's side open");
    assertTrue(js.pending().stream().noneMatch(l -> l.startsWith("error") || l.startsWith("closed")),
        "JS neither failed nor closed");
    echo.open(java.mux(), null);
    assertEquals("open ", echo.nextEvent());
  }

  @Test
  void aGarbledFrameFromJsClosesBothSides() throws Exception {
    JsPeer js = connectFrom(ConnectionOptions.DEFAULTS, KeyPair.random());
    IOException reason = javaCloseAfter(js, nextAccepted(), "garble");
    assertInstanceOf(SecretStreamException.class, reason, reason.toString());
  }

  @Test
  void aWrongChannelIdFromJsClosesBothSides() throws Exception {
    JsPeer js = peer("listen");
    IOException reason = javaCloseAfter(js, connectTo(js, ConnectionOptions.DEFAULTS, KeyPair.random()), "bad-open");
    assertInstanceOf(ProtomuxException.class, reason);
    assertTrue(reason.getMessage().startsWith("Invalid open message"), reason.getMessage());
  }

  /** Runs a breaking JS command on an open stream: both sides close; returns Java's reason. */
  private static IOException javaCloseAfter(JsPeer js, Connection java, String command) throws Exception {
    js.await("open");
    js.command(command);
    IOException reason = java.closed().get(WAIT, TimeUnit.SECONDS);
    js.await("closed");
    return reason;
  }

  @Test
  void aWrongChannelIdFromJavaClosesBothSides() throws Exception {
    JsPeer js = peer("listen");
    Connection java = connectTo(js, ConnectionOptions.DEFAULTS, KeyPair.random());
    js.await("open");
    java.sendMessage(new byte[] {0, 1, 5, 4, 't', 'e', 's', 't', 0});
    assertEquals("error Invalid open message", js.await("error"));
    js.await("closed");
    IOException reason = java.closed().get(WAIT, TimeUnit.SECONDS);
    assertInstanceOf(ConnectionClosedException.class, reason, reason.toString());
  }

  @Test
  void aJsPeerThatSendsNothingIsDroppedAfterTheHandshakeTimeout() throws Exception {
    Listener l = Listener.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), KeyPair.random(),
        new ConnectionOptions(0, 0, 300), c -> accepted.add(c));
    owned.add(l);
    JsPeer js = peer("silent", Integer.toString(l.port()));
    js.await("connected");
    Connection java = accepted.poll(WAIT, TimeUnit.SECONDS);
    assertEquals("handshake timed out after 300 ms", java.closed().get(WAIT, TimeUnit.SECONDS).getMessage());
    js.await("closed");
  }
}
