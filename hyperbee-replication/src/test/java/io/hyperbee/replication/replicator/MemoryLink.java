package io.hyperbee.replication.replicator;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * Two replicators of one core joined by an in-memory channel pair: each side receives on its
 * own thread, in order, as a protomux channel would deliver. The server-to-client direction may
 * pass through a {@link Tamper} (a hostile peer's messages).
 */
final class MemoryLink implements AutoCloseable {
  /** One channel message. */
  record Frame(int type, byte[] payload) {}

  /** Rewrites one outgoing message of the server; null swallows it. */
  interface Tamper extends java.util.function.UnaryOperator<Frame> {}

  /** A tamper that rewrites payloads and keeps their types. */
  static Tamper payloads(BiFunction<Integer, byte[], byte[]> rewrite) {
    return f -> {
      byte[] out = rewrite.apply(f.type(), f.payload());
      return out == null ? null : new Frame(f.type(), out);
    };
  }

  private final ExecutorService clientThread = Executors.newSingleThreadExecutor();
  private final ExecutorService serverThread = Executors.newSingleThreadExecutor();
  final Peer clientPeer; // the client's view of the server
  final Peer serverPeer; // the server's view of the client
  /** Types of the messages the client sent, in order. */
  final java.util.List<Integer> clientSent = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** Sees what the client sends and receives (the other side's tamper applied), as a stream's tap. */
  volatile io.hyperbee.replication.stream.WireTap clientTap = io.hyperbee.replication.stream.WireTap.NONE;
  private volatile String clientCloseReason;
  private volatile String serverCloseReason;

  private MemoryLink(Replicator client, Replicator server, Tamper tamper, long seed) {
    byte[] handshakeHash = new byte[64];
    new Random(seed).nextBytes(handshakeHash);
    Peer[] peers = new Peer[2];
    clientPeer = client.attach(new End(serverThread, () -> peers[1], null, true), true, handshakeHash);
    serverPeer = server.attach(new End(clientThread, () -> peers[0], tamper, false), false, handshakeHash);
    peers[0] = clientPeer;
    peers[1] = serverPeer;
    byte[] clientOpen = client.handshake(true, handshakeHash).encode();
    byte[] serverOpen = server.handshake(false, handshakeHash).encode();
    // each side's open is first in its stream, as protomux sends it before any channel message
    java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
    Runnable waitGate = () -> {
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    serverThread.execute(waitGate);
    clientThread.execute(waitGate);
    serverThread.execute(() -> serverPeer.onOpen(clientOpen));
    clientThread.execute(() -> clientPeer.onOpen(serverOpen));
    gate.countDown();
  }

  static MemoryLink connect(Replicator client, Replicator server) {
    return new MemoryLink(client, server, null, 1);
  }

  static MemoryLink connect(Replicator client, Replicator server, Tamper tamper) {
    return new MemoryLink(client, server, tamper, 2);
  }

  /** The reason the client closed the channel (dropped the server), or null. */
  String clientCloseReason() {
    return clientCloseReason;
  }

  String serverCloseReason() {
    return serverCloseReason;
  }

  private final class End implements WireChannel {
    private final ExecutorService receiver;
    private final java.util.function.Supplier<Peer> remote;
    private final Tamper tamper;
    private final boolean client;
    private volatile boolean closed;

    End(ExecutorService receiver, java.util.function.Supplier<Peer> remote, Tamper tamper, boolean client) {
      this.receiver = receiver;
      this.remote = remote;
      this.tamper = tamper;
      this.client = client;
    }

    @Override
    public void send(int type, byte[] payload) {
      if (closed) {
        return;
      }
      if (client) {
        clientSent.add(type);
        clientTap.sent(type, payload);
      }
      Frame out = tamper == null ? new Frame(type, payload) : tamper.apply(new Frame(type, payload));
      if (out != null) {
        deliver(() -> {
          if (!client) {
            clientTap.received(out.type(), out.payload());
          }
          remote.get().onMessage(out.type(), ByteBuffer.wrap(out.payload()));
        });
      }
    }

    @Override
    public void close(String reason) {
      if (closed) {
        return;
      }
      closed = true;
      if (client) {
        clientCloseReason = reason;
      } else {
        serverCloseReason = reason;
      }
      deliver(() -> remote.get().onClose());
    }

    /** Messages after the link was taken down go nowhere, as on a closed socket. */
    private void deliver(Runnable r) {
      try {
        receiver.execute(r);
      } catch (java.util.concurrent.RejectedExecutionException linkClosed) {
        closed = true;
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    clientThread.shutdown();
    serverThread.shutdown();
    clientThread.awaitTermination(10, TimeUnit.SECONDS);
    serverThread.awaitTermination(10, TimeUnit.SECONDS);
  }
}
