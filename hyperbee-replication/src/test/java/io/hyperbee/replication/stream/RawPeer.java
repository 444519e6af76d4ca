package io.hyperbee.replication.stream;

import io.hyperbee.crypto.Caps;
import io.hyperbee.crypto.KeyPair;
import io.hyperbee.replication.net.Connection;
import io.hyperbee.replication.net.ConnectionOptions;
import io.hyperbee.replication.protomux.Channel;
import io.hyperbee.replication.protomux.ChannelOptions;
import io.hyperbee.replication.protomux.Message;
import io.hyperbee.replication.protomux.MessageEncoding;
import io.hyperbee.replication.wire.Handshake;
import io.hyperbee.replication.wire.WireCodec;
import io.hyperbee.replication.wire.WireMessage;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A scripted peer over TCP, no replicator behind it: it opens one core's {@code hypercore/alpha}
 * channel with a valid capability (it knows the core's key, as any reader does), sends what a
 * test tells it, records the types it receives, and can stop reading its socket.
 */
final class RawPeer implements AutoCloseable {
  final Connection connection;
  /** Types of the messages received on the channel, in order. */
  final List<Integer> received = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Void> remoteOpened = new CompletableFuture<>();
  private final List<Message<byte[]>> messages = new ArrayList<>();
  private final CountDownLatch resume = new CountDownLatch(1);
  private volatile boolean reading = true;

  private RawPeer(InetSocketAddress address, byte[] key, ConnectionOptions options) throws Exception {
    connection = Connection.connect(address, KeyPair.random(), options,
        c -> c.addReadThrottle(timeout -> reading || resume.await(timeout, TimeUnit.MILLISECONDS)));
    // a connection that ends before the writer's open fails the wait with its reason at once
    connection.closed().thenAccept(reason -> remoteOpened.completeExceptionally(reason));
    try {
      connection.opened().get(TcpFixture.WAIT.toSeconds(), TimeUnit.SECONDS);
      Channel channel = connection.mux().createChannel(ChannelOptions.of(ReplicationStream.PROTOCOL, Caps.discoveryKey(key))
          .onOpen((handshake, c) -> remoteOpened.complete(null)));
      for (int type = 0; type < WireMessage.TYPES; type++) {
        int t = type;
        messages.add(channel.addMessage(MessageEncoding.RAW, (payload, c) -> received.add(t)));
      }
      channel.open(new Handshake(false, Caps.replicate(connection.isInitiator(), key, connection.handshakeHash())).encode());
      remoteOpened.get(TcpFixture.WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception | Error e) {
      connection.close();
      throw e;
    }
  }

  /** Connects and waits until the other side opened the core's channel too. */
  static RawPeer connect(InetSocketAddress address, byte[] key, ConnectionOptions options) throws Exception {
    return new RawPeer(address, key, options);
  }

  void send(WireMessage m) {
    sendRaw(m.type(), WireCodec.encode(m));
  }

  /** Any bytes as a message of {@code type}. */
  void sendRaw(int type, byte[] payload) {
    messages.get(type).send(payload);
  }

  /** From the next read on, the socket is not read (until {@link #close}). */
  void stopReading() {
    reading = false;
  }

  long count(int type) {
    return received.stream().filter(t -> t == type).count();
  }

  @Override
  public void close() {
    resume.countDown();
    connection.close();
  }
}
