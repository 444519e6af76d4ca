package io.hyperbee.replication.secretstream;

import static io.hyperbee.replication.TransportVectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperbee.crypto.KeyPair;
import io.hyperbee.replication.TransportVectors;
import io.hyperbee.replication.noise.NoiseXX;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Random bytes, bit flips and truncations of a valid stream (the recorded JS transcript, so the
 * handshake and header are covered too): only SecretStreamException escapes, only genuine
 * messages come out, in order, and a stream that stops mid-frame is reported at its end.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS) // a guard against a hang, not a timing assertion
class SecretStreamFuzzTest {
  private static final JsonNode LIVE = TransportVectors.get("live");
  private static final byte[] WIRE = hex(LIVE.get("initiatorWire"));

  @Test
  void randomBytes() {
    Random random = new Random(101);
    for (int round = 0; round < 300; round++) {
      byte[] junk = new byte[random.nextInt(200)];
      random.nextBytes(junk);
      if (random.nextBoolean() && junk.length >= 3) {
        junk[2] = 0; // plausible lengths, to reach past the prefix check
      }
      boolean initiator = random.nextBoolean();
      SecretStreamSession s = initiator
          ? SecretStreamSession.initiator(KeyPair.random())
          : SecretStreamSession.responder(KeyPair.random());
      feed(s, junk, random, List.of(), true);
    }
  }

  @Test
  void bitFlipsOfARecordedStream() {
    Random random = new Random(202);
    for (int round = 0; round < 400; round++) {
      byte[] wire = WIRE.clone();
      int flips = 1 + random.nextInt(3);
      for (int f = 0; f < flips; f++) {
        wire[random.nextInt(wire.length)] ^= (byte) (1 << random.nextInt(8));
      }
      feed(recordedResponder(), wire, random, sentByInitiator(), !Arrays.equals(wire, WIRE));
    }
  }

  @Test
  void truncationsOfARecordedStream() {
    Random random = new Random(303);
    for (int round = 0; round < 200; round++) {
      // a cut between two data frames is a clean end; anywhere else the end is refused
      byte[] wire = Arrays.copyOf(WIRE, random.nextInt(WIRE.length + 1));
      feed(recordedResponder(), wire, random, sentByInitiator(), false);
    }
  }

  @Test
  void theUnchangedRecordedStreamGivesEveryMessage() throws Exception {
    SecretStreamSession r = recordedResponder();
    r.start();
    List<byte[]> got = r.receive(ByteBuffer.wrap(WIRE)).messages();
    r.endOfInput();
    SecretStreamSessionTest.assertSameMessages(sentByInitiator(), got);
  }

  /**
   * Feeds {@code wire} in random splits, then ends the input. A SecretStreamException may end it
   * (must, when {@code mustFail}); the messages delivered are a prefix of {@code genuine}.
   */
  private static void feed(SecretStreamSession s, byte[] wire, Random random, List<byte[]> genuine, boolean mustFail) {
    List<byte[]> got = new ArrayList<>();
    boolean failed = false;
    try {
      s.start();
      int at = 0;
      while (at < wire.length) {
        int n = 1 + random.nextInt(Math.min(wire.length - at, 300));
        got.addAll(s.receive(ByteBuffer.wrap(wire, at, n)).messages());
        at += n;
      }
      s.endOfInput();
    } catch (SecretStreamException expected) {
      assertTrue(expected.getMessage() != null && !expected.getMessage().isEmpty());
      failed = true;
    } catch (RuntimeException | Error e) {
      throw new AssertionError("something other than SecretStreamException escaped", e);
    }
    if (mustFail && !failed) {
      fail("a changed stream was accepted whole");
    }
    assertTrue(got.size() <= genuine.size(), "more messages than were sent");
    for (int i = 0; i < got.size(); i++) {
      assertArrayEquals(genuine.get(i), got.get(i), "message " + i + " is not what was sent");
    }
  }

  private static SecretStreamSession recordedResponder() {
    KeyPair keys = KeyPair.fromSeed(hex(LIVE.get("responderSeed")));
    NoiseXX noise = NoiseXX.withEphemeral(false, keys, KeyPair.fromSeed(hex(LIVE.get("responderEphemeralSeed"))));
    return SecretStreamSession.reproducing(noise, keys.publicKey(), new byte[24]);
  }

  private static List<byte[]> sentByInitiator() {
    List<byte[]> out = new ArrayList<>();
    LIVE.get("initiatorSent").forEach(m -> {
      if (!m.asText().isEmpty()) {
        out.add(hex(m));
      }
    });
    return out;
  }
}
