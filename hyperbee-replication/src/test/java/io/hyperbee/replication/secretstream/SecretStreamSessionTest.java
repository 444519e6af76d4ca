package io.hyperbee.replication.secretstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.crypto.KeyPair;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SecretStreamSessionTest {
  @Test
  void handshakeAgreesOnHashAndKeys() throws Exception {
    KeyPair a = KeyPair.random();
    KeyPair b = KeyPair.random();
    SessionPair p = new SessionPair(SecretStreamSession.initiator(a), SecretStreamSession.responder(b), null).connect();
    assertTrue(p.initiator.isEstablished());
    assertTrue(p.responder.isEstablished());
    assertTrue(p.initiator.canReceiveData());
    assertTrue(p.responder.canReceiveData());
    assertArrayEquals(p.initiator.handshakeHash(), p.responder.handshakeHash());
    assertEquals(64, p.initiator.handshakeHash().length);
    assertArrayEquals(b.publicKey(), p.initiator.remotePublicKey());
    assertArrayEquals(a.publicKey(), p.responder.remotePublicKey());
    assertTrue(p.initiator.isInitiator());
    assertFalse(p.responder.isInitiator());
  }

  @Test
  void wireSizesMatchSecretStream() throws Exception {
    SecretStreamSession i = SecretStreamSession.initiator(KeyPair.random());
    SecretStreamSession r = SecretStreamSession.responder(KeyPair.random());
    byte[] m1 = i.start();
    assertEquals(0, r.start().length);
    assertEquals(35, m1.length);
    Received r1 = r.receive(ByteBuffer.wrap(m1));
    assertEquals(List.of(99), sizes(r1.toWrite()));
    Received i1 = i.receive(ByteBuffer.wrap(r1.toWrite().get(0)));
    assertEquals(List.of(67, 59), sizes(i1.toWrite()));
    assertTrue(i.isEstablished());
    assertFalse(i.canReceiveData());
    Received r2 = r.receive(ByteBuffer.wrap(SessionPair.concat(i1.toWrite())));
    assertEquals(List.of(59), sizes(r2.toWrite()));
    assertTrue(r.canReceiveData());
    i.receive(ByteBuffer.wrap(r2.toWrite().get(0)));
    assertTrue(i.canReceiveData());
    assertEquals(3 + 17 + 5, i.encrypt(ByteBuffer.wrap(new byte[5])).length);
  }

  @Test
  void messagesCrossBothWaysInRandomSplits() throws Exception {
    Random random = new Random(13);
    for (int round = 0; round < 20; round++) {
      SessionPair p = new SessionPair(random).connect();
      List<byte[]> sentByInitiator = new ArrayList<>();
      List<byte[]> sentByResponder = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        byte[] m = new byte[1 + random.nextInt(300)];
        random.nextBytes(m);
        boolean fromInitiator = random.nextBoolean();
        (fromInitiator ? sentByInitiator : sentByResponder).add(m);
        SecretStreamSession from = fromInitiator ? p.initiator : p.responder;
        (fromInitiator ? p.toResponder : p.toInitiator).add(from.encrypt(ByteBuffer.wrap(m)));
        if (random.nextInt(4) == 0) {
          (fromInitiator ? p.toResponder : p.toInitiator).add(from.keepAlive());
        }
      }
      p.pump();
      assertSameMessages(sentByInitiator, p.atResponder);
      assertSameMessages(sentByResponder, p.atInitiator);
    }
  }

  @Test
  void largestMessageCrossesAndOneMoreIsRefused() throws Exception {
    SessionPair p = new SessionPair(null).connect();
    byte[] big = new byte[SecretStreamSession.MAX_MESSAGE];
    new Random(1).nextBytes(big);
    byte[] frame = p.initiator.encrypt(ByteBuffer.wrap(big));
    assertEquals(3 + 0xFFFFFF, frame.length);
    Received r = p.responder.receive(ByteBuffer.wrap(frame));
    assertArrayEquals(big, r.messages().get(0));
    SecretStreamException e = assertThrows(SecretStreamException.class,
        () -> p.initiator.encrypt(ByteBuffer.allocate(SecretStreamSession.MAX_MESSAGE + 1)));
    assertTrue(e.getMessage().contains("too large"), e.getMessage());
  }

  @Test
  void fromHandshakeSkipsNoise() throws Exception {
    SessionPair noise = new SessionPair(null).connect();
    var keys = new io.hyperbee.replication.noise.HandshakeResult(new byte[32], filled(32, 1),
        filled(64, 7), filled(32, 2), filled(32, 3));
    var other = new io.hyperbee.replication.noise.HandshakeResult(filled(32, 1), new byte[32],
        filled(64, 7), filled(32, 3), filled(32, 2));
    SecretStreamSession i = SecretStreamSession.fromHandshake(true, keys);
    SecretStreamSession r = SecretStreamSession.fromHandshake(false, other);
    assertFalse(i.isEstablished()); // header not handed out yet
    SessionPair p = new SessionPair(i, r, null).connect();
    assertTrue(i.isEstablished() && i.canReceiveData() && r.canReceiveData());
    assertArrayEquals(filled(32, 3), i.remotePublicKey());
    p.toResponder.add(i.encrypt(ByteBuffer.wrap(new byte[] {9})));
    p.pump();
    assertArrayEquals(new byte[] {9}, p.atResponder.get(0));
    assertEquals(64, noise.initiator.handshakeHash().length);
  }

  @Test
  void encryptBeforeEstablishedIsAnIllegalState() throws Exception {
    SecretStreamSession i = SecretStreamSession.initiator(KeyPair.random());
    i.start();
    assertThrows(IllegalStateException.class, () -> i.encrypt(ByteBuffer.allocate(1)));
  }

  static byte[] filled(int n, int v) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) v);
    return b;
  }

  private static List<Integer> sizes(List<byte[]> frames) {
    return frames.stream().map(f -> f.length).toList();
  }

  static void assertSameMessages(List<byte[]> expected, List<byte[]> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), "message " + i);
    }
  }
}
