package io.hyperbee.replication.replicator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.replication.wire.WireMessage;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Extension messages travel as wire type 9 with the name elided when it repeats (spec 7's capture). */
class ExtensionTest extends ReplicationFixture {

  @Test
  void namedThenElidedAsJsSendsThemAndUnknownNamesAreDropped() throws Exception {
    Replicator writer = writer(3);
    Replicator reader = replica(writer);
    LinkedBlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
    List<String> others = new CopyOnWriteArrayList<>();
    reader.registerExtension("test-ext", (from, message) -> received.add(message));
    reader.registerExtension("other", (from, message) -> others.add(new String(message)));
    List<byte[]> frames = new CopyOnWriteArrayList<>();
    MemoryLink link = own(MemoryLink.connect(reader, writer, frame -> {
      if (frame.type() == WireMessage.EXTENSION) {
        frames.add(frame.payload());
      }
      return frame;
    }));
    await(() -> writer.peerCount() == 1 && reader.peerCount() == 1, "both sides opened");
    assertEquals(null, link.serverCloseReason());
    writer.broadcastExtension("test-ext", HexFormat.of().parseHex("026869")); // "hi" as a compact buffer
    writer.broadcastExtension("test-ext", HexFormat.of().parseHex("02796f"));
    writer.broadcastExtension("unknown", new byte[] {1});
    writer.broadcastExtension("test-ext", new byte[] {0});
    assertArrayEquals(HexFormat.of().parseHex("026869"), received.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertArrayEquals(HexFormat.of().parseHex("02796f"), received.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertArrayEquals(new byte[] {0}, received.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertEquals("08" + HexFormat.of().formatHex("test-ext".getBytes()) + "026869", HexFormat.of().formatHex(frames.get(0)));
    assertEquals("0002796f", HexFormat.of().formatHex(frames.get(1)));
    assertEquals(4, frames.size());
    assertTrue(others.isEmpty(), "an unregistered name reaches no handler");
  }
}
