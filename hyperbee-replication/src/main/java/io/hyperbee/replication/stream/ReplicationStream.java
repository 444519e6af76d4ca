package io.hyperbee.replication.stream;

import static java.util.Objects.requireNonNull;

import io.hyperbee.HyperbeeException;
import io.hyperbee.replication.net.Connection;
import io.hyperbee.replication.protomux.Channel;
import io.hyperbee.replication.protomux.ChannelOptions;
import io.hyperbee.replication.protomux.Message;
import io.hyperbee.replication.protomux.MessageEncoding;
import io.hyperbee.replication.protomux.Protomux;
import io.hyperbee.replication.replicator.Peer;
import io.hyperbee.replication.replicator.Replicator;
import io.hyperbee.replication.replicator.WireChannel;
import io.hyperbee.replication.wire.WireMessage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The registered cores replicated over one {@link Connection}: a {@code hypercore/alpha} channel
 * per core (id: its discovery key; open payload: the capability for this stream's handshake hash
 * and our role; message types 0..9 in the order of spec 6), each bound to a {@link Peer} of the
 * core's {@link Replicator}. Opens a channel for every registered core once the handshake is
 * through, in one batch, and answers the peer's opens for registered cores; the peer's opens for
 * cores not registered here are rejected, as in JS. A core registered later gets its channel then.
 *
 * <p>Backpressure: received messages wait on the dispatch thread, counted in bytes; past the
 * connection's high-water mark the connection stops reading its socket until they are handled. A
 * peer's request is answered only once our send queue has drained below the mark (JS queues
 * requests until protomux is {@code drained}): it waits on a serving thread, in order, while the
 * dispatch goes on with other messages. A peer that asks without reading the answers stalls
 * itself, and is disconnected when it reads nothing within the connection's timeout.
 */
public final class ReplicationStream {
  static final String PROTOCOL = "hypercore/alpha";
  private static final String ALIAS = "hypercore";

  private final Connection connection;
  private final Protomux mux;
  private final CoreRegistry registry;
  private final ExecutorService dispatch;
  /** Answers the requests that wait for the send queue to drain, in order. */
  private final ExecutorService serving;
  /** Requests handed to {@link #serving} and not yet answered (or dropped); only the dispatch thread adds. */
  private final AtomicInteger deferred = new AtomicInteger();
  private final ConcurrentLinkedQueue<String> dropReasons = new ConcurrentLinkedQueue<>();
  /** Bytes of received messages waiting for the dispatch thread, and the most there ever were. */
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicLong peakQueuedBytes = new AtomicLong();
  private final Object room = new Object();
  private final WireTap tap;

  private ReplicationStream(Connection connection, CoreRegistry registry, WireTap tap) {
    this.connection = connection;
    this.mux = connection.mux();
    this.registry = registry;
    this.tap = tap;
    String name = HexFormat.of().formatHex(connection.publicKey(), 0, 4);
    this.dispatch = Executors.newSingleThreadExecutor(daemon("replication-stream-" + name));
    this.serving = Executors.newSingleThreadExecutor(daemon("replication-serving-" + name));
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Replicates {@code registry}'s cores over {@code connection}. Call it from the connection's
   * setup (before anything is read), so that no open of the peer arrives before we pair.
   */
  public static ReplicationStream attach(Connection connection, CoreRegistry registry) {
    return attach(connection, registry, WireTap.NONE);
  }

  /** As {@link #attach(Connection, CoreRegistry)}, showing every message to {@code tap}. */
  public static ReplicationStream attach(Connection connection, CoreRegistry registry, WireTap tap) {
    requireNonNull(connection, "connection is null");
    requireNonNull(registry, "registry is null");
    requireNonNull(tap, "tap is null");
    ReplicationStream stream = new ReplicationStream(connection, registry, tap);
    stream.mux.pair(PROTOCOL, null, stream::onPeerOpen);
    connection.addReadThrottle(stream::awaitRoom);
    Consumer<Replicator> added = stream::onCoreAdded;
    registry.watch(added);
    connection.opened().thenAccept(c -> stream.openAll());
    connection.closed().whenComplete((reason, e) -> {
      registry.unwatch(added);
      // the mux closed every channel before this completes, so their closes are queued already
      stream.dispatch.shutdown();
      stream.serving.shutdown(); // what waits there finds the connection closed and is dropped
      stream.roomMade();
    });
    return stream;
  }

  public Connection connection() {
    return connection;
  }

  /** Why peers on this stream were dropped ("discovery key hex: reason"), oldest first. */
  public List<String> dropReasons() {
    return List.copyOf(dropReasons);
  }

  /** Closes the connection; every channel closes with it. */
  public void close() {
    connection.close();
  }

  /** Bytes of received messages not yet handled. */
  long queuedBytes() {
    return queuedBytes.get();
  }

  /** The most bytes of received messages that ever waited to be handled. */
  long peakQueuedBytes() {
    return peakQueuedBytes.get();
  }

  /** The connection's read throttle: room once the received messages are under the high-water mark. */
  private boolean awaitRoom(long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    synchronized (room) {
      while (queuedBytes.get() > connection.options().highWaterBytes() && connection.closeReason() == null) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(room, remaining);
      }
      return true;
    }
  }

  private void roomMade() {
    synchronized (room) {
      room.notifyAll();
    }
  }

  /** Every registered core's channel in one batch, as corestore corks its opens. */
  private void openAll() {
    synchronized (mux) {
      mux.cork();
      try {
        for (Replicator r : registry.all()) {
          openChannel(r);
        }
      } finally {
        mux.uncork();
      }
    }
  }

  /** A core registered while the stream runs; before the handshake, openAll will open it. */
  private void onCoreAdded(Replicator replicator) {
    if (!connection.opened().isDone() || connection.opened().isCompletedExceptionally()) {
      return;
    }
    synchronized (mux) {
      openChannel(replicator);
    }
  }

  /** The peer opened a core: ours too if we replicate it (else the mux rejects it). */
  private void onPeerOpen(byte[] discoveryKey) {
    Replicator r = registry.get(discoveryKey);
    if (r != null) {
      openChannel(r);
    }
  }

  /** Under the mux's lock (its callbacks hold it; openAll takes it). */
  private void openChannel(Replicator replicator) {
    byte[] discoveryKey = replicator.core().discoveryKey();
    if (mux.opened(PROTOCOL, discoveryKey) || mux.isDestroyed()) {
      return;
    }
    boolean initiator = connection.isInitiator();
    byte[] handshakeHash = connection.handshakeHash();
    Binding binding = new Binding(replicator, HexFormat.of().formatHex(discoveryKey));
    Channel channel = mux.createChannel(ChannelOptions.of(PROTOCOL, discoveryKey)
        .alias(ALIAS)
        .onOpen((handshake, c) -> later(() -> binding.peer().onOpen(handshake), binding))
        .onClose((byPeer, c) -> later(() -> binding.peer().onClose(), binding)));
    if (channel == null) {
      return;
    }
    for (int type = 0; type < WireMessage.TYPES; type++) {
      int t = type;
      binding.messages.add(channel.addMessage(MessageEncoding.RAW,
          (payload, c) -> {
            tap.received(t, payload);
            received(() -> binding.peer().onMessage(t, ByteBuffer.wrap(payload)), binding,
                payload.length, t == WireMessage.REQUEST);
          }));
    }
    binding.channel = channel;
    later(() -> binding.attach(initiator, handshakeHash), null); // queued before onOpen's task
    channel.open(replicator.handshake(initiator, handshakeHash).encode());
  }

  /**
   * A received message's {@code task}, counted against the read throttle until it ran (or was
   * dropped because the stream ended); a request waits until our send queue has room for its answer.
   */
  private void received(Runnable task, Binding binding, int bytes, boolean request) {
    peakQueuedBytes.accumulateAndGet(queuedBytes.addAndGet(bytes), Math::max);
    Consumer<Boolean> handle = run -> {
      try {
        if (run && binding.peer != null) {
          task.run();
        }
      } finally {
        queuedBytes.addAndGet(-bytes);
        roomMade();
      }
    };
    if (!later(request ? () -> answerWhenDrained(handle) : () -> handle.accept(true), null)) {
      handle.accept(false);
    }
  }

  /**
   * On the dispatch thread: a request is answered at once when the send queue has room and no
   * request waits before it; else it waits its turn on the serving thread while the dispatch goes
   * on with the peer's other messages, as JS queues requests until protomux is drained (so two
   * peers answering each other never wait on each other's reads).
   */
  private void answerWhenDrained(Consumer<Boolean> answer) {
    if (deferred.get() == 0 && connection.queuedBytes() <= connection.options().highWaterBytes()) {
      answer.accept(true);
      return;
    }
    deferred.incrementAndGet();
    try {
      serving.execute(() -> {
        boolean drained = false;
        try {
          drained = connection.awaitDrained();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          try {
            answer.accept(drained);
          } finally {
            deferred.decrementAndGet();
          }
        }
      });
    } catch (RejectedExecutionException streamOver) {
      deferred.decrementAndGet();
      answer.accept(false);
    }
  }

  /**
   * Runs {@code task} on the dispatch thread, in order, once the binding has a peer; false when
   * the stream is over and it will never run.
   */
  private boolean later(Runnable task, Binding binding) {
    try {
      dispatch.execute(() -> {
        if (binding == null || binding.peer != null) {
          task.run();
        }
      });
      return true;
    } catch (RejectedExecutionException streamOver) {
      // the connection closed: its channels' closes were queued before the shutdown
      return false;
    }
  }

  /** One core's channel on this stream, as the replicator's {@link WireChannel}. */
  private final class Binding implements WireChannel {
    private final Replicator replicator;
    private final String name;
    private final List<Message<byte[]>> messages = new ArrayList<>(WireMessage.TYPES);
    private volatile Channel channel;
    private volatile Peer peer;

    Binding(Replicator replicator, String name) {
      this.replicator = replicator;
      this.name = name;
    }

    Peer peer() {
      return peer;
    }

    void attach(boolean initiator, byte[] handshakeHash) {
      try {
        peer = replicator.attach(this, initiator, handshakeHash);
      } catch (HyperbeeException closed) {
        close("replicator closed"); // its own reason when it closes its channels
      }
    }

    @Override
    public void send(int type, byte[] payload) {
      tap.sent(type, payload);
      messages.get(type).send(payload);
    }

    @Override
    public void close(String reason) {
      dropReasons.add(name + ": " + reason);
      channel.close();
    }
  }
}
