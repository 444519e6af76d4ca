package io.hyperbee.replication.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.crypto.KeyPair;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import io.hyperbee.replication.net.Connection;
import io.hyperbee.replication.net.ConnectionOptions;
import io.hyperbee.replication.net.Listener;
import io.hyperbee.replication.replicator.ReplicaSource;
import io.hyperbee.replication.replicator.Replicator;
import io.hyperbee.replication.replicator.ReplicatorOptions;
import io.hyperbee.storage.ChildJvm;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica on disk downloading a large core in a child JVM is SIGKILLed mid-download; reopened,
 * it keeps every block it reported stored, verifies, and resumes: only the missing blocks are
 * fetched, and it ends complete and verified.
 */
@Timeout(300)
class CrashResumeTest extends TcpFixture {
  private static final int BLOCKS = 1500;
  private static final int BLOCK_SIZE = 1024;
  private static final int KILL_AFTER = 400;

  @TempDir Path tmp;

  private static byte[] block(int i) {
    byte[] b = new byte[BLOCK_SIZE];
    new Random(i).nextBytes(b);
    return b;
  }

  @Test
  void aReplicaKilledMidDownloadResumesWithoutFetchingWhatItHas() throws Exception {
    Hypercore writer = writerCore(61);
    List<byte[]> blocks = new ArrayList<>();
    for (int i = 0; i < BLOCKS; i++) {
      blocks.add(block(i));
    }
    writer.append(blocks);
    serve(writer);
    Listener listener = listen();
    Path dir = tmp.resolve("replica");

    long acked = 0;
    try (ChildJvm child = ChildJvm.start(DownloadChild.class, Integer.toString(listener.port()),
        HexFormat.of().formatHex(writer.key()), dir.toString())) {
      assertEquals("LENGTH " + BLOCKS, child.nextLine(120));
      while (acked < KILL_AFTER) {
        String line = child.nextLine(120);
        assertTrue(line.startsWith("DONE "), line);
        acked = Long.parseLong(line.substring(5));
      }
      for (String line : child.kill()) {
        if (line.startsWith("DONE ")) {
          acked = Math.max(acked, Long.parseLong(line.substring(5)));
        }
      }
    }

    ReplicaSource source = new ReplicaSource();
    Hypercore replica = own(Hypercore.open(dir, HypercoreOptions.builder().key(writer.key()).blockSource(source).sync(false).build()));
    assertEquals(BLOCKS, replica.length(), "the verified length survived");
    replica.verify();
    long held = held(replica);
    assertTrue(held >= acked, "every block reported stored is there: " + held + " of " + acked);
    assertTrue(held < BLOCKS, "killed mid-download: " + held);

    Replicator resumed = own(Replicator.of(replica, source, OPTIONS));
    CoreRegistry registry = new CoreRegistry();
    registry.add(resumed);
    connect(listener.address(), registry);
    await(() -> resumed.peerCount() == 1, () -> "the resumed replica connected");
    long fetched = resumed.download(0, BLOCKS, 4, Duration.ofSeconds(120), null); // the whole download's deadline
    assertEquals(BLOCKS - held, fetched, "only the missing blocks are fetched");
    assertEquals(fetched, resumed.blocksDownloaded());
    assertTrue(resumed.has(0, BLOCKS));
    for (int i = 0; i < BLOCKS; i++) {
      assertArrayEquals(block(i), replica.get(i), "block " + i);
    }
    replica.verify();
  }

  private static long held(Hypercore core) {
    long held = 0;
    for (long i = 0; i < core.length(); i++) {
      if (core.has(i)) {
        held++;
      }
    }
    return held;
  }

  /** The child: a replica in {@code dir} downloading the core {@code key} from 127.0.0.1:{@code port}. */
  public static final class DownloadChild {
    public static void main(String[] args) throws Exception {
      int port = Integer.parseInt(args[0]);
      byte[] key = HexFormat.of().parseHex(args[1]);
      ReplicaSource source = new ReplicaSource();
      // no fsync: a SIGKILL loses nothing the kernel was given; power loss is another test
      Hypercore core = Hypercore.open(Path.of(args[2]), HypercoreOptions.builder().key(key).blockSource(source).sync(false).build());
      Replicator replicator = Replicator.of(core, source, ReplicatorOptions.defaults());
      CoreRegistry registry = new CoreRegistry();
      registry.add(replicator);
      Connection c = Connection.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), KeyPair.random(),
          ConnectionOptions.DEFAULTS, x -> ReplicationStream.attach(x, registry));
      c.opened().get(20, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (core.length() == 0 && System.nanoTime() < deadline) {
        replicator.update(Duration.ofSeconds(5));
      }
      System.out.println("LENGTH " + core.length());
      replicator.download(0, core.length(), 4, Duration.ofSeconds(120), n -> System.out.println("DONE " + n));
      System.out.println("COMPLETE");
      Thread.sleep(120_000); // the parent kills it before
    }
  }
}
