package io.hyperbee.replication.secretstream;

import static io.hyperbee.replication.TransportVectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperbee.crypto.Blake2b;
import io.hyperbee.crypto.KeyPair;
import io.hyperbee.replication.TransportVectors;
import io.hyperbee.replication.noise.NoiseXX;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** secretstream frames and a whole secret-stream session recorded from sodium-native and @hyperswarm/secret-stream. */
class SecretStreamVectorsTest {
  private static final JsonNode SS = TransportVectors.get("secretstream");

  @Test
  void initFromHeaderIsLibsodiumsState() {
    SecretStreamState s = new SecretStreamState(hex(SS.get("key")), hex(SS.get("header")));
    assertArrayEquals(hex(SS.get("initState")), s.toLibsodiumState());
  }

  @Test
  void pushAndPullEveryLengthFrom0To40() throws Exception {
    SecretStreamState push = SecretStreamState.fromLibsodiumState(hex(SS.get("initState")));
    SecretStreamState pull = SecretStreamState.fromLibsodiumState(hex(SS.get("initState")));
    for (int n = 0; n <= 40; n++) {
      byte[] expected = hex(SS.get("small").get(n));
      assertArrayEquals(expected, push(push, SecretStreamState.TAG_MESSAGE, message(n)), "length " + n);
      byte[] out = new byte[n];
      assertEquals(0, pull.pull(expected, 0, expected.length, out, 0));
      assertArrayEquals(message(n), out, "length " + n);
    }
  }

  @Test
  void pushAround16MiB() {
    for (JsonNode c : SS.get("big")) {
      int n = c.get("length").asInt();
      byte[] frame = push(SecretStreamState.fromLibsodiumState(hex(SS.get("initState"))),
          SecretStreamState.TAG_MESSAGE, message(n));
      assertArrayEquals(hex(c.get("blake2b256")), new Blake2b().update(frame).digest(), "length " + n);
      assertArrayEquals(hex(c.get("tail")), Arrays.copyOfRange(frame, frame.length - 17, frame.length));
    }
  }

  @Test
  void rekeyWhenTheCounterWraps() throws Exception {
    SecretStreamState push = SecretStreamState.fromLibsodiumState(hex(SS.get("wrapStart")));
    SecretStreamState pull = SecretStreamState.fromLibsodiumState(hex(SS.get("wrapStart")));
    for (int i = 0; i < 4; i++) {
      byte[] expected = hex(SS.get("wrap").get(i));
      assertArrayEquals(expected, push(push, SecretStreamState.TAG_MESSAGE, message(5 + i)), "message " + i);
      byte[] out = new byte[5 + i];
      pull.pull(expected, 0, expected.length, out, 0);
      assertArrayEquals(message(5 + i), out);
    }
    assertArrayEquals(hex(SS.get("wrapEnd")), push.toLibsodiumState());
    assertArrayEquals(hex(SS.get("wrapEnd")), pull.toLibsodiumState());
  }

  @Test
  void rekeyTagRekeysBothSides() throws Exception {
    SecretStreamState push = SecretStreamState.fromLibsodiumState(hex(SS.get("initState")));
    SecretStreamState pull = SecretStreamState.fromLibsodiumState(hex(SS.get("initState")));
    byte[] first = hex(SS.get("rekeyTag").get(0));
    assertArrayEquals(first, push(push, SecretStreamState.TAG_REKEY, message(3)));
    assertEquals(SecretStreamState.TAG_REKEY, pull.pull(first, 0, first.length, new byte[3], 0));
    byte[] second = hex(SS.get("rekeyTag").get(1));
    assertArrayEquals(second, push(push, SecretStreamState.TAG_MESSAGE, message(4)));
    byte[] out = new byte[4];
    pull.pull(second, 0, second.length, out, 0);
    assertArrayEquals(message(4), out);
  }

  /** Java sessions with the recorded keys write exactly what the JS streams wrote, and read it. */
  @Test
  void liveSecretStreamTranscript() throws Exception {
    JsonNode live = TransportVectors.get("live");
    byte[] initiatorWire = hex(live.get("initiatorWire"));
    byte[] responderWire = hex(live.get("responderWire"));
    byte[] initiatorHeader = Arrays.copyOfRange(initiatorWire, 35 + 67 + 3 + 32, 35 + 67 + 3 + 56);
    byte[] responderHeader = Arrays.copyOfRange(responderWire, 99 + 3 + 32, 99 + 3 + 56);
    KeyPair iKeys = seed(live, "initiatorSeed");
    KeyPair rKeys = seed(live, "responderSeed");
    SecretStreamSession i = SecretStreamSession.reproducing(
        NoiseXX.withEphemeral(true, iKeys, seed(live, "initiatorEphemeralSeed")), iKeys.publicKey(), initiatorHeader);
    SecretStreamSession r = SecretStreamSession.reproducing(
        NoiseXX.withEphemeral(false, rKeys, seed(live, "responderEphemeralSeed")), rKeys.publicKey(), responderHeader);

    List<byte[]> iOut = new ArrayList<>(List.of(i.start()));
    List<byte[]> rOut = new ArrayList<>(List.of(r.start()));
    Received atR = r.receive(ByteBuffer.wrap(initiatorWire));
    Received atI = i.receive(ByteBuffer.wrap(responderWire));
    rOut.addAll(atR.toWrite());
    iOut.addAll(atI.toWrite());
    for (JsonNode m : live.get("initiatorSent")) {
      iOut.add(i.encrypt(ByteBuffer.wrap(hex(m))));
    }
    for (JsonNode m : live.get("responderSent")) {
      rOut.add(r.encrypt(ByteBuffer.wrap(hex(m))));
    }
    assertArrayEquals(initiatorWire, SessionPair.concat(iOut));
    assertArrayEquals(responderWire, SessionPair.concat(rOut));
    assertArrayEquals(hex(live.get("hash")), i.handshakeHash());
    assertArrayEquals(rKeys.publicKey(), i.remotePublicKey());
    assertEquals(nonEmpty(live.get("responderReceived")), hexes(atR.messages()));
    assertEquals(nonEmpty(live.get("initiatorReceived")), hexes(atI.messages()));
  }

  static byte[] push(SecretStreamState state, int tag, byte[] message) {
    byte[] out = new byte[message.length + SecretStreamState.OVERHEAD];
    state.push(tag, ByteBuffer.wrap(message), out, 0);
    return out;
  }

  /** interop/transport-vectors.js's message(n). */
  static byte[] message(int n) {
    byte[] m = new byte[n];
    for (int i = 0; i < n; i++) {
      m[i] = (byte) ((i * 31L + n) % 251);
    }
    return m;
  }

  private static List<String> nonEmpty(JsonNode hexes) {
    List<String> out = new ArrayList<>();
    hexes.forEach(h -> {
      if (!h.asText().isEmpty()) {
        out.add(h.asText());
      }
    });
    return out;
  }

  private static List<String> hexes(List<byte[]> messages) {
    return messages.stream().map(java.util.HexFormat.of()::formatHex).toList();
  }

  private static KeyPair seed(JsonNode c, String field) {
    return KeyPair.fromSeed(hex(c.get(field)));
  }
}
