package io.hyperbee.replication.host;

import static java.util.Objects.requireNonNull;

import io.hyperbee.crypto.KeyPair;
import io.hyperbee.log.Hypercore;
import io.hyperbee.replication.net.Connection;
import io.hyperbee.replication.net.ConnectionOptions;
import io.hyperbee.replication.net.Listener;
import io.hyperbee.replication.replicator.Replicator;
import io.hyperbee.replication.replicator.ReplicatorOptions;
import io.hyperbee.replication.stream.CoreRegistry;
import io.hyperbee.replication.stream.ReplicationStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Serves cores to every peer that connects to one TCP address (corestore's
 * {@code store.replicate} on each incoming stream). Cores may be added while it runs; peers that
 * are already connected get a channel for them. Thread-safe.
 */
public final class Host implements AutoCloseable {
  /** Told of each peer, on the connection's threads; must not block. */
  public interface Observer {
    void connected(Connection connection);

    void disconnected(Connection connection, IOException reason);

    static Observer silent() {
      return new Observer() {
        @Override
        public void connected(Connection connection) {}

        @Override
        public void disconnected(Connection connection, IOException reason) {}
      };
    }
  }

  private final CoreRegistry registry = new CoreRegistry();
  private final List<Replicator> replicators = new ArrayList<>();
  private final ReplicatorOptions options;
  private final Listener listener;

  private Host(ReplicatorOptions options, InetSocketAddress address, KeyPair keys, Observer observer)
      throws IOException {
    this.options = options;
    this.listener = Listener.listen(address, keys, ConnectionOptions.DEFAULTS, c -> {
      ReplicationStream.attach(c, registry);
      c.opened().thenAccept(observer::connected);
      // a peer that failed its handshake never "connected": it is not reported as leaving either
      c.closed().thenAccept(reason -> {
        if (c.opened().isDone() && !c.opened().isCompletedExceptionally()) {
          observer.disconnected(c, reason);
        }
      });
    });
  }

  /** Listens on {@code address} (port 0: any free port) with the Noise key pair {@code keys}. */
  public static Host listen(InetSocketAddress address, KeyPair keys, ReplicatorOptions options,
      Observer observer) throws IOException {
    return new Host(requireNonNull(options, "options is null"), requireNonNull(address, "address is null"),
        requireNonNull(keys, "keys is null"), requireNonNull(observer, "observer is null"));
  }

  /**
   * Serves {@code core} (a writer or a replica: peers get what it holds) until this host closes;
   * the caller still owns the core and closes it after the host.
   */
  public Replicator serve(Hypercore core) {
    Replicator r = Replicator.of(core, options);
    try {
      registry.add(r);
    } catch (RuntimeException e) {
      r.close();
      throw e;
    }
    synchronized (replicators) {
      replicators.add(r);
    }
    return r;
  }

  /** The address peers connect to (the port chosen when 0 was asked for). */
  public InetSocketAddress address() {
    return listener.address();
  }

  /** Peers connected now. */
  public int connections() {
    return listener.connections().size();
  }

  /** Closes every connection and the listener, then the replicators (not the cores). */
  @Override
  public void close() throws IOException {
    try {
      listener.close();
    } finally {
      synchronized (replicators) {
        replicators.forEach(Replicator::close);
        replicators.clear();
      }
    }
  }
}
