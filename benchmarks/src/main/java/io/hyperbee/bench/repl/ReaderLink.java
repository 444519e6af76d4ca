package io.hyperbee.bench.repl;

import io.hyperbee.crypto.KeyPair;
import io.hyperbee.replication.net.Connection;
import io.hyperbee.replication.net.ConnectionOptions;
import io.hyperbee.replication.replicator.Replicator;
import io.hyperbee.replication.secretstream.SecretStreamSession;
import io.hyperbee.replication.stream.CoreRegistry;
import io.hyperbee.replication.stream.ReplicationStream;
import io.hyperbee.replication.stream.WireTap;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A reader's connection to the writer: a counting socket to 127.0.0.1:PORT (through a {@link
 * DelayProxy} when an RTT is emulated), secret-stream as initiator, and the replica's channel,
 * every message shown to a {@link WireTap}. Owns the connection and the proxy.
 */
final class ReaderLink implements AutoCloseable {
  private final CountingSocket socket;
  private final Connection connection;
  private final DelayProxy proxy;

  private ReaderLink(CountingSocket socket, Connection connection, DelayProxy proxy) {
    this.socket = socket;
    this.connection = connection;
    this.proxy = proxy;
  }

  static ReaderLink connect(int port, Replicator replica, WireTap tap, double rttMs) throws IOException {
    InetSocketAddress writer = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    DelayProxy proxy = rttMs > 0 ? DelayProxy.open(writer, rttMs) : null;
    CountingSocket socket = new CountingSocket();
    try {
      socket.connect(proxy != null ? proxy.address() : writer, 10_000);
      CoreRegistry registry = new CoreRegistry();
      registry.add(replica);
      Connection c = Connection.start(socket, SecretStreamSession.initiator(KeyPair.random()), ConnectionOptions.DEFAULTS,
          x -> ReplicationStream.attach(x, registry, tap));
      return new ReaderLink(socket, c, proxy);
    } catch (IOException | RuntimeException e) {
      socket.close();
      if (proxy != null) {
        proxy.close();
      }
      throw e;
    }
  }

  /** Bytes read off the reader's socket so far (framing, encryption, proofs, messages). */
  long wireBytes() {
    return socket.bytesRead();
  }

  @Override
  public void close() {
    connection.close();
    if (proxy != null) {
      proxy.close();
    }
  }
}
