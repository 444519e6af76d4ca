package io.hyperbee.replication.host;

import static java.util.Objects.requireNonNull;

import io.hyperbee.crypto.KeyPair;
import io.hyperbee.log.Hypercore;
import io.hyperbee.replication.net.Connection;
import io.hyperbee.replication.net.ConnectionOptions;
import io.hyperbee.replication.replicator.Peer;
import io.hyperbee.replication.replicator.ReplicaSource;
import io.hyperbee.replication.replicator.Replicator;
import io.hyperbee.replication.replicator.ReplicatorOptions;
import io.hyperbee.replication.stream.CoreRegistry;
import io.hyperbee.replication.stream.ReplicationStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A replica's link to the peer it follows: the replica core's replicator and one connection at a
 * time to the peer. Reads of the core fetch what it lacks through it, and the peer's appends reach
 * the core as they happen.
 *
 * <p>Losing the peer: a thread of the upstream watches the link. When the connection ends
 * (closed, reset, timed out) or the peer closes the core's channel, it tries to reach the same
 * address again as the {@link Backoff} given to {@link #connect(InetSocketAddress, Duration,
 * Backoff, Observer)} says (without one, following ends there); once linked again the replicator
 * syncs with the peer, learns its newest length and goes on asking only for what the core lacks.
 * Reads that wait meanwhile wait for a peer within their own timeout, as with no peer at all. A
 * peer the replicator dropped for breaking the protocol, or one on another fork than the replica
 * (its writer truncated the log), is not tried again: following ends with a {@link
 * PeerRefusedException} saying why (a peer dropped for a stall, its connection still up, is a
 * timeout like any other and is tried again).
 *
 * <p>Owns the replicator, the connection and the watching thread, not the core; {@link #close}
 * ends them all.
 */
public final class Upstream implements AutoCloseable {
  private static final long POLL_MILLIS = 5;
  /** How often the watching thread looks at the channel while the connection is up. */
  private static final long WATCH_MILLIS = 50;

  /** Told of the link's losses and recoveries, on the upstream's watching thread; must not block. */
  public interface Observer {
    /** The link to the peer ended for {@code reason}; attempts to reach it again follow. */
    void disconnected(IOException reason);

    /** Attempt {@code attempt} (1 for the first) failed; the next follows after {@code next}. */
    void attemptFailed(int attempt, IOException reason, Duration next);

    /** Linked to the peer again by attempt {@code attempt}; the core has the newest length it proved. */
    void reconnected(int attempt);

    static Observer silent() {
      return new Observer() {
        @Override
        public void disconnected(IOException reason) {}

        @Override
        public void attemptFailed(int attempt, IOException reason, Duration next) {}

        @Override
        public void reconnected(int attempt) {}
      };
    }
  }

  /** One connection to the peer and the core's peer (channel) on it. */
  private record Link(Connection connection, Peer peer) {}

  private final Replicator replicator;
  private final CoreRegistry registry = new CoreRegistry();
  private final CompletableFuture<IOException> ended = new CompletableFuture<>();
  private final CountDownLatch closing = new CountDownLatch(1);
  private Link link; // guarded by this
  private Thread watcher; // guarded by this
  private boolean closed; // guarded by this

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
   * the core's channel and the replica knows the newest length the peer can prove. Following
   * ends when the link is lost ({@link #ended}).
   *
   * @throws IOException when the peer cannot be reached, closes the connection, does not serve
   *     this core (no channel within {@code timeout}); a {@link PeerRefusedException} when it is
   *     on another fork or breaks the protocol
   */
  public void connect(InetSocketAddress peer, Duration timeout) throws IOException {
    start(peer, timeout, null, Observer.silent());
  }

  /**
   * As {@link #connect(InetSocketAddress, Duration)}, then keeps following: a lost link is
   * linked again, attempts spaced as {@code backoff} says, each told to {@code observer}.
   * Following ends ({@link #ended}) when the peer is refused or {@code backoff}'s attempts run
   * out.
   */
  public void connect(InetSocketAddress peer, Duration timeout, Backoff backoff, Observer observer)
      throws IOException {
    start(peer, timeout, requireNonNull(backoff, "backoff is null"), requireNonNull(observer, "observer is null"));
  }

  private void start(InetSocketAddress peer, Duration timeout, Backoff backoff, Observer observer) throws IOException {
    requireNonNull(peer, "peer is null");
    requireNonNull(timeout, "timeout is null");
    synchronized (this) {
      if (link != null || watcher != null || closed) {
        throw new IllegalStateException(closed ? "closed" : "already connected to a peer");
      }
    }
    Link first = open(peer, timeout, List.of());
    synchronized (this) {
      if (!install(first)) {
        throw new IOException("closed while connecting to " + name(peer));
      }
      watcher = new Thread(() -> watch(first, peer, timeout, backoff, observer),
          "upstream-" + HexFormat.of().formatHex(replicator.core().discoveryKey(), 0, 4));
      watcher.setDaemon(true);
      watcher.start();
    }
  }

  /**
   * Completes with the reason when following ends for good: the link was lost (and not linked
   * again), the peer was refused, or this upstream closed.
   */
  public CompletableFuture<IOException> ended() {
    return ended;
  }

  /** Whether a connection to the peer is up now (false while linking again). */
  public synchronized boolean connected() {
    return link != null && !link.connection().closed().isDone();
  }

  /** Closes the connection, the watching thread and the replicator; the core stays open. */
  @Override
  public void close() {
    Link current;
    Thread t;
    synchronized (this) {
      closed = true;
      current = link;
      t = watcher;
    }
    closing.countDown();
    try {
      if (current != null) {
        current.connection().close();
      }
    } finally {
      replicator.close(); // wakes a watcher waiting on the replicator
      ended.complete(new IOException("the upstream link was closed"));
      joinWatcher(t);
    }
  }

  private void joinWatcher(Thread t) {
    if (t == null || t == Thread.currentThread()) {
      return;
    }
    t.interrupt();
    try {
      // a connect in progress is bounded by the handshake timeout; the watcher closes what it
      // opens after close, so not waiting longer loses nothing
      t.join(ConnectionOptions.DEFAULTS.handshakeTimeoutMillis() + 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Makes {@code l} the current link, unless closed meanwhile (then closes it). */
  private synchronized boolean install(Link l) {
    if (closed) {
      l.connection().close();
      return false;
    }
    link = l;
    return true;
  }

  // ---- the watching thread -----------------------------------------------------------------

  private void watch(Link first, InetSocketAddress peer, Duration timeout, Backoff backoff, Observer observer) {
    try {
      Link current = first;
      while (current != null) {
        IOException lost = awaitLoss(current, peer);
        if (lost == null) {
          return; // closed
        }
        if (backoff == null || lost instanceof PeerRefusedException) {
          ended.complete(lost);
          return;
        }
        observer.disconnected(lost);
        current = relink(peer, timeout, backoff, observer, current);
      }
    } catch (RuntimeException | Error e) {
      if (!isClosed()) {
        ended.complete(new IOException("following " + name(peer) + " stopped: " + e, e));
      }
    }
  }

  /** Links to {@code peer} again; null when following ended (gave up, refused or closed). */
  private Link relink(InetSocketAddress peer, Duration timeout, Backoff backoff, Observer observer, Link lost) {
    if (!backoff.allows(1)) {
      ended.complete(new IOException("lost " + name(peer) + " and not trying again (no attempts allowed)"));
      return null;
    }
    Duration delay = backoff.delay(1, ThreadLocalRandom.current());
    for (int attempt = 1; ; attempt++) {
      if (pause(delay)) {
        return null;
      }
      try {
        Link l = open(peer, timeout, List.of(lost.peer()));
        if (!install(l)) {
          return null;
        }
        observer.reconnected(attempt);
        return l;
      } catch (PeerRefusedException e) {
        ended.complete(e);
        return null;
      } catch (IOException e) {
        if (isClosed()) {
          return null;
        }
        if (!backoff.allows(attempt + 1)) {
          ended.complete(new IOException("gave up after " + attempt + " attempts to reach " + name(peer)
              + " again: " + e.getMessage(), e));
          return null;
        }
        delay = backoff.delay(attempt + 1, ThreadLocalRandom.current());
        observer.attemptFailed(attempt, e, delay);
      }
    }
  }

  /**
   * Waits until the link is lost and returns why, or null once closed. The peer's channel is
   * watched as well as the connection: a dropped or closed channel leaves the connection up with
   * nothing to follow on it, so it is closed here.
   */
  private IOException awaitLoss(Link l, InetSocketAddress peer) {
    while (!isClosed()) {
      try {
        IOException reason = l.connection().closed().get(WATCH_MILLIS, TimeUnit.MILLISECONDS);
        if (isClosed()) {
          return null; // our own close, not a loss
        }
        return reason != null ? reason : new IOException(name(peer) + " closed the connection");
      } catch (TimeoutException stillUp) {
        // look at the channel
      } catch (ExecutionException e) {
        return new IOException(name(peer) + " failed: " + e.getCause().getMessage(), e.getCause());
      } catch (InterruptedException e) {
        return null; // close interrupts
      }
      IOException channelLost = channelLost(l, peer);
      if (channelLost != null) {
        l.connection().close();
        return channelLost;
      }
    }
    return null;
  }

  /** Why the core's channel on a connection that is still up is of no more use, or null. */
  private IOException channelLost(Link l, InetSocketAddress peer) {
    Peer p = l.peer();
    String dropped = p.dropReason();
    if (dropped != null) {
      return p.stalled() ? new IOException(name(peer) + " stalled: " + dropped)
          : new PeerRefusedException(name(peer) + " broke the protocol and was dropped: " + dropped);
    }
    if (!replicator.peers().contains(p)) {
      return isClosed() ? null : new IOException(name(peer) + " closed the core's channel");
    }
    return otherFork(p, peer);
  }

  /** A refusal when the peer synced a fork other than the replica's, which holds blocks; else null. */
  private PeerRefusedException otherFork(Peer p, InetSocketAddress peer) {
    Hypercore core = replicator.core();
    long fork = core.fork();
    if (p.synced() && core.length() > 0 && p.remoteFork() != fork) {
      return new PeerRefusedException(name(peer) + " is on fork " + p.remoteFork() + " but this replica is on fork "
          + fork + " (length " + core.length() + "): the writer truncated its log since; the replica keeps"
          + " what it verified and does not follow the other fork");
    }
    return null;
  }

  /** {@code 127.0.0.1:4000}: the address as given, without a resolved name before it. */
  private static String name(InetSocketAddress peer) {
    return peer.getHostString() + ":" + peer.getPort();
  }

  private synchronized boolean isClosed() {
    return closed;
  }

  /** Waits {@code delay}; true when closed meanwhile. */
  private boolean pause(Duration delay) {
    try {
      return closing.await(delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      return true; // close interrupts
    }
  }

  // ---- one link ----------------------------------------------------------------------------

  /**
   * Connects, waits for the core's channel (a peer other than those of {@code old}, lost links
   * whose close may not have reached the replicator yet) and for the newest length the peer can
   * prove, and checks the peer is one to follow.
   */
  private Link open(InetSocketAddress peer, Duration timeout, List<Peer> old) throws IOException {
    Connection c = Connection.connect(peer, KeyPair.random(), ConnectionOptions.DEFAULTS,
        x -> ReplicationStream.attach(x, registry));
    try {
      awaitOpened(c, peer, timeout);
      Peer p = awaitChannel(c, peer, timeout, old);
      replicator.update(timeout);
      IOException refused = p.dropReason() != null ? channelLost(new Link(c, p), peer) : otherFork(p, peer);
      if (refused != null) {
        throw refused;
      }
      return new Link(c, p);
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  private Peer awaitChannel(Connection c, InetSocketAddress peer, Duration timeout, List<Peer> old) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (Peer p : replicator.peers()) {
        if (!old.contains(p)) {
          return p;
        }
      }
      if (c.closed().isDone()) {
        throw new IOException(name(peer) + " closed the connection: " + c.closeReason().getMessage());
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(name(peer) + " does not serve the core "
            + HexFormat.of().formatHex(replicator.core().key()) + " (no channel for it within "
            + timeout.toSeconds() + " s)");
      }
      sleep();
    }
  }

  private static void awaitOpened(Connection c, InetSocketAddress peer, Duration timeout) throws IOException {
    try {
      c.opened().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IOException("the handshake with " + name(peer) + " failed: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("the handshake with " + name(peer) + " took longer than " + timeout.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while connecting to " + name(peer), e);
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
