package io.hyperbee.replication.host;

import static java.util.Objects.requireNonNull;

import io.hyperbee.crypto.KeyPair;
import io.hyperbee.log.Hypercore;
import io.hyperbee.replication.net.Connection;
import io.hyperbee.replication.net.ConnectionOptions;
import io.hyperbee.replication.replicator.ReplicaSource;
import io.hyperbee.replication.replicator.Replicator;
import io.hyperbee.replication.replicator.ReplicatorOptions;
import io.hyperbee.replication.stream.CoreRegistry;
import io.hyperbee.replication.stream.ReplicationStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A replica's link to the peer it follows: the replica core's replicator and one connection to
 * the peer. Reads of the core fetch what it lacks through it, and the peer's appends reach the
 * core as they happen. Owns the replicator and the connection, not the core.
 */
public final class Upstream implements AutoCloseable {
  private static final long POLL_MILLIS = 5;

  private final Replicator replicator;
  private final CoreRegistry registry = new CoreRegistry();
  private volatile Connection connection;

  private Upstream(Replicator replicator) {
    this.replicator = replicator;
    registry.add(replicator);
  }

  /** Follows {@code core}, which was opened with {@code source} as its block source. */
  public static Upstream of(Hypercore core, ReplicaSource source, ReplicatorOptions options) {
    return new Upstream(Replicator.of(requireNonNull(core, "core is null"), source, options));
  }

  public Replicator replicator() {
    return replicator;
  }

  /**
   * Connects to {@code peer} and waits, at most {@code timeout} each, until the peer has opened
   * the core's channel and the replica knows the newest length the peer can prove.
   *
   * @throws IOException when the peer cannot be reached, closes the connection, or does not
   *     serve this core (no channel within {@code timeout})
   */
  public void connect(InetSocketAddress peer, Duration timeout) throws IOException {
    requireNonNull(peer, "peer is null");
    if (connection != null) {
      throw new IllegalStateException("already connected to a peer");
    }
    Connection c = Connection.connect(peer, KeyPair.random(), ConnectionOptions.DEFAULTS,
        x -> ReplicationStream.attach(x, registry));
    connection = c;
    awaitOpened(c, peer, timeout);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (replicator.peerCount() == 0) {
      if (c.closed().isDone()) {
        throw new IOException(peer + " closed the connection: " + c.closeReason().getMessage());
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(peer + " does not serve the core "
            + HexFormat.of().formatHex(replicator.core().key()) + " (no channel for it within "
            + timeout.toSeconds() + " s)");
      }
      sleep();
    }
    replicator.update(timeout);
  }

  /** Completes with the reason when the connection to the peer ends. */
  public CompletableFuture<IOException> disconnected() {
    Connection c = connection;
    if (c == null) {
      throw new IllegalStateException("not connected");
    }
    return c.closed();
  }

  /** Closes the connection and the replicator; the core stays open. */
  @Override
  public void close() {
    Connection c = connection;
    try {
      if (c != null) {
        c.close();
      }
    } finally {
      replicator.close();
    }
  }

  private static void awaitOpened(Connection c, InetSocketAddress peer, Duration timeout) throws IOException {
    try {
      c.opened().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IOException("the handshake with " + peer + " failed: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      c.close();
      throw new IOException("the handshake with " + peer + " took longer than " + timeout.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      c.close();
      throw new IOException("interrupted while connecting to " + peer, e);
    }
  }

  private static void sleep() throws IOException {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the peer");
    }
  }
}
