package io.hyperbee.replication.protomux;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Random and mutated frames (fixed seeds) into a mux with paired channels: each frame is either
 * accepted or refused with a {@link ProtomuxException} (then the mux is destroyed); nothing else
 * escapes and nothing hangs.
 */
class ProtomuxFuzzTest {
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void randomFramesOnlyEverRaiseProtomuxException() {
    Random random = new Random(0x5eed);
    int refused = 0;
    for (int round = 0; round < 20_000; round++) {
      byte[] frame = new byte[random.nextInt(24)];
      random.nextBytes(frame);
      if (frame.length > 0 && random.nextBoolean()) {
        frame[0] = (byte) random.nextInt(3); // mostly control and the first channels
      }
      if (frame.length > 1 && random.nextBoolean()) {
        frame[1] = (byte) random.nextInt(4);
      }
      refused += feed(frame) ? 0 : 1;
    }
    assertTrue(refused > 0 && refused < 20_000, "both outcomes seen: " + refused);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void mutatedJsFramesOnlyEverRaiseProtomuxException() throws Exception {
    List<byte[]> frames = new ArrayList<>();
    try (InputStream in = getClass().getResourceAsStream("/vectors/protomux.json")) {
      for (JsonNode s : new ObjectMapper().readTree(in).get("scenarios")) {
        for (String dir : List.of("aToB", "bToA")) {
          for (JsonNode f : s.get(dir)) {
            if (f.has("hex")) {
              frames.add(HexFormat.of().parseHex(f.get("hex").asText()));
            }
          }
        }
      }
    }
    Random random = new Random(42);
    for (int round = 0; round < 20_000; round++) {
      byte[] frame = frames.get(random.nextInt(frames.size())).clone();
      switch (random.nextInt(3)) {
        case 0 -> frame[random.nextInt(frame.length)] ^= (byte) (1 << random.nextInt(8));
        case 1 -> frame = java.util.Arrays.copyOf(frame, random.nextInt(frame.length));
        default -> frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
      }
      feed(frame);
    }
  }

  /** True if accepted; false if refused with ProtomuxException (any other throwable fails). */
  private static boolean feed(byte[] frame) {
    MuxPair x = new MuxPair();
    Channel ch = x.channel("a", x.a, "test", null, 2);
    ch.open(null);
    x.settle();
    try {
      x.b.receive(frame);
      return true;
    } catch (ProtomuxException e) {
      assertTrue(x.b.isDestroyed(), "a refused frame destroys the mux");
      return false;
    }
  }
}
