package io.hyperbee.replication.net;

import static java.util.Objects.requireNonNull;

import io.hyperbee.crypto.KeyPair;
import io.hyperbee.replication.secretstream.SecretStreamSession;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Accepts TCP connections as the Noise responder, each its own {@link Connection} with its own
 * threads, so one connection's failure never touches another. Owns the server socket and the
 * connections it accepted: {@link #close} ends them all.
 */
public final class Listener implements Closeable {
  /** How long close waits for the accept thread to see the server socket closed. */
  private static final long ACCEPT_EXIT_MILLIS = 5_000;

  private final ServerSocket server;
  private final KeyPair keys;
  private final ConnectionOptions options;
  private final Consumer<Connection> setup;
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private volatile boolean closing;
  private Thread acceptThread;

  private Listener(ServerSocket server, KeyPair keys, ConnectionOptions options, Consumer<Connection> setup) {
    this.server = server;
    this.keys = keys;
    this.options = options;
    this.setup = setup;
  }

  /**
   * Listens on {@code address} (port 0: any free port). {@code setup} runs for each connection
   * before anything is read from it (register pair handlers there); it runs on the accept thread.
   */
  public static Listener listen(InetSocketAddress address, KeyPair keys, ConnectionOptions options,
      Consumer<Connection> setup) throws IOException {
    requireNonNull(keys, "keys is null");
    requireNonNull(options, "options is null");
    requireNonNull(setup, "setup is null");
    ServerSocket server = new ServerSocket();
    try {
      // a restarted server binds its old port again while connections of the last run linger
      // in TIME_WAIT, so that the peers following it find it where they left it
      server.setReuseAddress(true);
      server.bind(address);
    } catch (IOException e) {
      server.close();
      throw e;
    }
    Listener listener = new Listener(server, keys, options, setup);
    Thread accept = new Thread(listener::acceptLoop, "hyperbee-listener-" + server.getLocalPort());
    accept.setDaemon(true);
    listener.acceptThread = accept;
    accept.start();
    return listener;
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** The connections accepted and not yet closed. */
  public Set<Connection> connections() {
    return Set.copyOf(connections);
  }

  private void acceptLoop() {
    while (!closing) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        return; // the server socket closed
      }
      try {
        Connection c = Connection.start(socket, SecretStreamSession.responder(keys), options, setup);
        connections.add(c);
        c.closed().whenComplete((reason, e) -> connections.remove(c));
      } catch (IOException | RuntimeException e) {
        // this connection failed to start (start closed its socket); the others go on
      }
    }
  }

  @Override
  public void close() throws IOException {
    closing = true;
    server.close();
    awaitAcceptLoop();
    for (Connection c : connections) {
      c.close();
    }
  }

  /**
   * Waits (bounded) for the accept thread to leave: until it does, the kernel keeps the closed
   * listening socket alive (the thread's poll holds it), and a server restarted on the same port
   * fails to bind. It also means no connection is accepted after the loop below closed them all.
   */
  private void awaitAcceptLoop() {
    Thread t = acceptThread;
    if (t == null || t == Thread.currentThread()) {
      return;
    }
    try {
      t.join(ACCEPT_EXIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
