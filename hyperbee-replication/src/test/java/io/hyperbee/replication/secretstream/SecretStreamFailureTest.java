package io.hyperbee.replication.secretstream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.crypto.KeyPair;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every way a peer can break the stream ends in a SecretStreamException naming why, with nothing decrypted returned. */
class SecretStreamFailureTest {
  @Test
  void forgedFrameFailsAndDropsTheValidFramesBeforeIt() throws Exception {
    SessionPair p = new SessionPair(null).connect();
    byte[] good = p.initiator.encrypt(ByteBuffer.wrap(bytes("first")));
    byte[] forged = p.initiator.encrypt(ByteBuffer.wrap(bytes("second")));
    forged[6] ^= 0x40;
    String reason = fails(p.responder, concat(good, forged));
    assertTrue(reason.contains("failed authentication"), reason);
    assertDead(p.responder);
  }

  @Test
  void forgedTagByteAndMacFail() throws Exception {
    for (int at : new int[] {3, 3 + 1, 3 + 17 + 4 - 1}) {
      SessionPair p = new SessionPair(null).connect();
      byte[] frame = p.initiator.encrypt(ByteBuffer.wrap(bytes("four")));
      frame[at] ^= 1;
      assertTrue(fails(p.responder, frame).contains("failed authentication"), "flip at " + at);
    }
  }

  @Test
  void replayedAndReorderedFramesFail() throws Exception {
    SessionPair p = new SessionPair(null).connect();
    byte[] one = p.initiator.encrypt(ByteBuffer.wrap(bytes("one")));
    byte[] two = p.initiator.encrypt(ByteBuffer.wrap(bytes("two")));
    assertTrue(fails(p.responder, concat(two, one)).contains("failed authentication"));
    SessionPair q = new SessionPair(null).connect();
    byte[] a = q.initiator.encrypt(ByteBuffer.wrap(bytes("a")));
    assertEquals(1, q.responder.receive(ByteBuffer.wrap(a)).messages().size());
    assertTrue(fails(q.responder, a).contains("failed authentication"));
  }

  @Test
  void shortenedLengthPrefixFails() throws Exception {
    SessionPair p = new SessionPair(null).connect();
    byte[] frame = p.initiator.encrypt(ByteBuffer.wrap(new byte[30]));
    frame[0] = 20 + 17; // claims 20 bytes of message, 10 fewer than sent
    assertTrue(fails(p.responder, frame).contains("failed authentication"));
  }

  @Test
  void streamEndingInsideAFrameIsATruncatedFrame() throws Exception {
    SessionPair p = new SessionPair(null).connect();
    byte[] frame = p.initiator.encrypt(ByteBuffer.wrap(new byte[30]));
    Received r = p.responder.receive(ByteBuffer.wrap(frame, 0, frame.length - 1));
    assertEquals(List.of(), r.messages());
    SecretStreamException e = assertThrows(SecretStreamException.class, p.responder::endOfInput);
    assertEquals("stream ended inside a frame (truncated frame)", e.getMessage());
    assertDead(p.responder);
  }

  @Test
  void cleanEndKeepsOurDirectionOpen() throws Exception {
    SessionPair p = new SessionPair(null).connect();
    p.responder.endOfInput();
    assertThrows(IllegalStateException.class, () -> p.responder.receive(ByteBuffer.allocate(1)));
    p.toInitiator.add(p.responder.encrypt(ByteBuffer.wrap(bytes("still here"))));
    p.pump();
    assertEquals("still here", new String(p.atInitiator.get(0), java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void streamEndingBeforeSetupFails() throws Exception {
    SecretStreamSession r = SecretStreamSession.responder(KeyPair.random());
    r.start();
    SecretStreamException e = assertThrows(SecretStreamException.class, r::endOfInput);
    assertEquals("stream ended before the secret-stream was set up (handshake)", e.getMessage());
  }

  @Test
  void dataFrameShorterThan17Fails() throws Exception {
    SessionPair p = new SessionPair(null).connect();
    String reason = fails(p.responder, HexFormat.of().parseHex("100000" + "00".repeat(16)));
    assertEquals("encrypted data frame of 16 bytes, allowed 17..16777215", reason);
  }

  @Test
  void oversizedHandshakeFrameFailsOnItsPrefix() throws Exception {
    SecretStreamSession r = SecretStreamSession.responder(KeyPair.random());
    r.start();
    assertEquals("handshake frame of 65536 bytes, allowed 0..65535", fails(r, new byte[] {0, 0, 1}));
  }

  /** A responder that has answered message 1, and the initiator's msg3 + header frames. */
  private record HalfOpen(SecretStreamSession initiator, SecretStreamSession responder, byte[] msg3, byte[] header) {
    static HalfOpen create() throws SecretStreamException {
      SecretStreamSession i = SecretStreamSession.initiator(KeyPair.random());
      SecretStreamSession r = SecretStreamSession.responder(KeyPair.random());
      r.start();
      Received atR = r.receive(ByteBuffer.wrap(i.start()));
      Received atI = i.receive(ByteBuffer.wrap(atR.toWrite().get(0)));
      return new HalfOpen(i, r, atI.toWrite().get(0), atI.toWrite().get(1));
    }
  }

  @Test
  void dataBeforeTheHeaderFails() throws Exception {
    HalfOpen h = HalfOpen.create();
    byte[] data = h.initiator().encrypt(ByteBuffer.wrap(bytes("too early")));
    String reason = fails(h.responder(), concat(h.msg3(), data)); // the initiator's header left out
    assertEquals("stream header (expected before any data) frame of 26 bytes, allowed exactly 56", reason);
  }

  @Test
  void wrongStreamIdFails() throws Exception {
    HalfOpen h = HalfOpen.create();
    byte[] header = h.header().clone();
    header[3 + 5] ^= 1;
    String reason = fails(h.responder(), concat(h.msg3(), header));
    assertEquals("wrong stream id in the stream header (not this handshake's initiator)", reason);
  }

  @Test
  void headerWithTheResponderRoleIsRefused() throws Exception {
    // a reflected header: the responder's own header sent back to it
    HalfOpen h = HalfOpen.create();
    byte[] ownHeader = h.responder().receive(ByteBuffer.wrap(h.msg3())).toWrite().get(0);
    assertTrue(fails(h.responder(), ownHeader).startsWith("wrong stream id"));
  }

  @Test
  void garbledHandshakeFails() throws Exception {
    SecretStreamSession i = SecretStreamSession.initiator(KeyPair.random());
    SecretStreamSession r = SecretStreamSession.responder(KeyPair.random());
    r.start();
    byte[] msg2 = r.receive(ByteBuffer.wrap(i.start())).toWrite().get(0);
    msg2[3 + 50] ^= 1;
    assertEquals("Noise handshake failed: Noise message failed authentication", fails(i, msg2));
    assertDead(i);
  }

  @Test
  void smallOrderEphemeralKeyFails() throws Exception {
    SecretStreamSession i = SecretStreamSession.initiator(KeyPair.random());
    i.start();
    byte[] msg2 = new byte[3 + 96];
    msg2[0] = 96;
    msg2[3] = 1; // the identity point as the responder's ephemeral key
    assertTrue(fails(i, msg2).startsWith("Noise handshake failed: DH refused the remote key"));
  }

  @Test
  void shortHandshakeMessageFails() throws Exception {
    SecretStreamSession r = SecretStreamSession.responder(KeyPair.random());
    r.start();
    assertEquals("Noise handshake failed: handshake message 1 is 0 bytes, at least 32 expected",
        fails(r, new byte[3]));
  }

  @Test
  void handshakeAcceptsAPayloadLikeJs() throws Exception {
    // noise-handshake reads and ignores message payloads; a message 1 with 5 payload bytes is valid
    SecretStreamSession i = SecretStreamSession.initiator(KeyPair.random());
    byte[] m1 = i.start();
    byte[] withPayload = Arrays.copyOf(m1, m1.length + 5);
    withPayload[0] = 37;
    SecretStreamSession r = SecretStreamSession.responder(KeyPair.random());
    r.start();
    assertDoesNotThrow(() -> r.receive(ByteBuffer.wrap(withPayload)));
  }

  private static String fails(SecretStreamSession s, byte[] wire) {
    return assertThrows(SecretStreamException.class, () -> s.receive(ByteBuffer.wrap(wire))).getMessage();
  }

  private static void assertDead(SecretStreamSession s) {
    SecretStreamException e = assertThrows(SecretStreamException.class, () -> s.receive(ByteBuffer.allocate(0)));
    assertTrue(e.getMessage().startsWith("secret-stream is closed after an earlier error: "), e.getMessage());
    assertThrows(IllegalStateException.class, s::keepAlive);
    assertThrows(SecretStreamException.class, () -> s.encrypt(ByteBuffer.allocate(1)));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    return SessionPair.concat(List.of(parts));
  }
}
