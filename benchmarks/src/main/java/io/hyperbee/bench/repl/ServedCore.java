package io.hyperbee.bench.repl;

import io.hyperbee.btree.Hyperbee;
import io.hyperbee.crypto.KeyPair;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import io.hyperbee.replication.bee.BeeExtension;
import io.hyperbee.replication.net.ConnectionOptions;
import io.hyperbee.replication.net.Listener;
import io.hyperbee.replication.replicator.Replicator;
import io.hyperbee.replication.stream.CoreRegistry;
import io.hyperbee.replication.stream.ReplicationStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * The writer side of the bench: a core reopened from disk and served to every connection on
 * 127.0.0.1 (port 0), as the JS writer's {@code socket.pipe(core.replicate(false)).pipe(socket)}.
 * With the extension on, a bee on the core answers readers' cache-warmup queries ({@link
 * BeeExtension}), as the JS writer's {@code new Hyperbee(core)} does. Owns the core, its
 * replicator, the bee and its extension (when on) and the listener.
 */
final class ServedCore implements AutoCloseable {
  private final Hypercore core;
  private final Replicator replicator;
  private final Listener listener;
  private final Hyperbee bee;
  private final BeeExtension extension;
  private volatile long cpu0 = ReplPeer.cpuNanos();

  private ServedCore(Hypercore core, Replicator replicator, Hyperbee bee, BeeExtension extension, Listener listener) {
    this.core = core;
    this.replicator = replicator;
    this.bee = bee;
    this.extension = extension;
    this.listener = listener;
  }

  static ServedCore open(Path dir, boolean withExtension) throws IOException {
    Hypercore core = Hypercore.open(dir, HypercoreOptions.builder().createIfMissing(false).sync(JavaReader.SYNC).build());
    Replicator replicator = null;
    Hyperbee bee = null;
    BeeExtension extension = null;
    try {
      replicator = Replicator.of(core, JavaReader.OPTIONS);
      if (withExtension) {
        bee = Hyperbee.open(core);
        extension = BeeExtension.attach(bee, replicator);
      }
      CoreRegistry registry = new CoreRegistry();
      registry.add(replicator);
      Listener listener = Listener.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), KeyPair.random(),
          ConnectionOptions.DEFAULTS, c -> ReplicationStream.attach(c, registry));
      return new ServedCore(core, replicator, bee, extension, listener);
    } catch (IOException | RuntimeException e) {
      closeAll(core, replicator, bee, extension);
      throw e;
    }
  }

  int port() {
    return listener.port();
  }

  void markCpu() {
    cpu0 = ReplPeer.cpuNanos();
  }

  double cpuSeconds() {
    return (ReplPeer.cpuNanos() - cpu0) / 1e9;
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing the rest anyway
    }
    closeAll(core, replicator, bee, extension);
  }

  /** Closes what was opened (nulls were not), the extension before the bee and the replicator. */
  private static void closeAll(Hypercore core, Replicator replicator, Hyperbee bee, BeeExtension extension) {
    if (extension != null) {
      extension.close();
    }
    if (bee != null) {
      bee.close();
    }
    if (replicator != null) {
      replicator.close();
    }
    core.close();
  }
}
