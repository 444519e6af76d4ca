package io.hyperbee.replication.replicator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.crypto.Caps;
import io.hyperbee.crypto.KeyPair;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import io.hyperbee.replication.wire.Handshake;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The JS session captured in spec section 6 (writer with a, b, c under the TV1 key pair), played
 * against each Java side: the Java writer sends what the JS writer sent, and the Java reader
 * what the JS reader sent, byte for byte.
 */
class CapturedSessionTest extends ReplicationFixture {
  private static final HexFormat HEX = HexFormat.of();
  private static final String UPGRADE_DATA = "1801000003" + "020102"
      + "9cac92aaed9e7d11eb629465684582ce39cb496303998de123533b09e16f2f06" + "0401"
      + "9435aca782b6bc40e253392d45c885f3b1ad47f23e7b6c3f9daf5b0868c438c5" + "00" + "44"
      + "0100ffc0d71651d8c0c24962a662c90f411f371945e3514669899d3189b832a1bd96"
      + "0415ee04d8ccb4c4159506ad230d223f33ca3dce6aa6d16d27e9fbd47efa25050000"
      + "0100000101004144eea531e483d54e0c14f4ca68e0644f355343ff6fcb0f005200e12cd747cb"
      + "8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c";
  private static final String BLOCK_DATA = "0101000101620100" + "01"
      + "423177bd3da55c6ac57419beff9c763bab05e12a6d8908b38b7fc14360228d4a";

  /** Records what one side sends as "type:payload-hex". */
  private static final class Recorder implements WireChannel {
    final List<String> sent = new CopyOnWriteArrayList<>();

    @Override
    public void send(int type, byte[] payload) {
      sent.add(type + ":" + HEX.formatHex(payload));
    }

    @Override
    public void close(String reason) {
      sent.add("close:" + reason);
    }
  }

  private static byte[] handshakeHash() {
    byte[] h = new byte[64];
    Arrays.fill(h, (byte) 7);
    return h;
  }

  private Hypercore tv1Writer() {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) 1);
    Hypercore core = own(Hypercore.inMemory(HypercoreOptions.builder().keyPair(KeyPair.fromSeed(seed)).build()));
    core.append(bytes("a"), bytes("b"), bytes("c"));
    return core;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> requests(Recorder out) {
    return out.sent.stream().filter(m -> m.startsWith("1:")).toList();
  }

  private static void deliver(Peer peer, int type, String hex) {
    peer.onMessage(type, ByteBuffer.wrap(HEX.parseHex(hex)));
  }

  @Test
  void theJavaWriterAnswersAsTheJsWriterDid() {
    Hypercore core = tv1Writer();
    Replicator writer = own(Replicator.of(core, OPTIONS));
    Recorder out = new Recorder();
    Peer reader = writer.attach(out, true, handshakeHash()); // the writer opened the stream
    reader.onOpen(new Handshake(false, Caps.replicate(false, core.key(), handshakeHash())).encode());
    assertEquals(List.of("0:0f000300", "8:000003"), out.sent, "sync{flags 15, length 3} and range{0, 3} on open");
    deliver(reader, 0, "07000000");
    deliver(reader, 1, "1801000003");
    assertEquals("3:" + UPGRADE_DATA, out.sent.get(out.sent.size() - 1));
    deliver(reader, 1, "210100010101");
    assertEquals("3:" + BLOCK_DATA, out.sent.get(out.sent.size() - 1));
    assertTrue(out.sent.stream().noneMatch(s -> s.startsWith("close")), out.sent.toString());
  }

  @Test
  void theJavaReaderAsksAsTheJsReaderDid() throws Exception {
    Hypercore writerCore = tv1Writer();
    ReplicaSource source = new ReplicaSource();
    Hypercore core = own(Hypercore.inMemory(HypercoreOptions.builder().key(writerCore.key()).blockSource(source).build()));
    Replicator reader = own(Replicator.of(core, source, OPTIONS));
    Recorder out = new Recorder();
    Peer writer = reader.attach(out, false, handshakeHash());
    writer.onOpen(new Handshake(false, Caps.replicate(true, core.key(), handshakeHash())).encode());
    assertEquals(List.of("0:07000000"), out.sent, "sync{flags 7, length 0} on open");
    deliver(writer, 0, "0f000300");
    deliver(writer, 8, "000003");
    assertEquals("1:1801000003", out.sent.get(out.sent.size() - 1), "request{id 1, upgrade{0, 3}, manifest}");
    deliver(writer, 3, UPGRADE_DATA);
    await(() -> core.length() == 3, "the upgrade stored (answers are stored on the store thread)");
    Thread read = new Thread(() -> reader.get(1, WAIT));
    read.start();
    await(() -> requests(out).size() == 2, "the block request"); // syncs may interleave: they follow the upgrade
    assertEquals("1:210100010101", requests(out).get(1), "request{id 1 reused, block{1, nodes 1}, priority 1}");
    deliver(writer, 3, BLOCK_DATA);
    read.join(WAIT.toMillis());
    assertTrue(core.has(1));
    assertTrue(out.sent.stream().noneMatch(s -> s.startsWith("close")), out.sent.toString());
  }
}
