package io.hyperbee.bench.repl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An emulated network latency on the reader's link, as the JS bench's {@code link(sock, rs,
 * rttMs)}: one connection to 127.0.0.1 is forwarded to {@code target} with every chunk held back
 * half the round-trip time in each direction, in order, without a bandwidth limit. Owns its
 * sockets and threads; {@link #close} ends them.
 */
final class DelayProxy implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final long halfNanos;
  private final ScheduledExecutorService toTarget = single("delay-to-target");
  private final ScheduledExecutorService toClient = single("delay-to-client");
  private volatile Socket client;
  private volatile Socket upstream;

  private DelayProxy(ServerSocket server, InetSocketAddress target, double rttMs) {
    this.server = server;
    this.target = target;
    this.halfNanos = (long) (rttMs * 1e6 / 2);
  }

  static DelayProxy open(InetSocketAddress target, double rttMs) throws IOException {
    ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    DelayProxy proxy = new DelayProxy(server, target, rttMs);
    Thread accept = new Thread(proxy::acceptOne, "delay-proxy-accept");
    accept.setDaemon(true);
    accept.start();
    return proxy;
  }

  InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
  }

  private void acceptOne() {
    try {
      client = server.accept();
      client.setTcpNoDelay(true);
      upstream = new Socket();
      upstream.connect(target, 10_000);
      upstream.setTcpNoDelay(true);
      pump(client.getInputStream(), upstream.getOutputStream(), toTarget, "delay-proxy-up");
      pump(upstream.getInputStream(), client.getOutputStream(), toClient, "delay-proxy-down");
    } catch (IOException e) {
      close();
    }
  }

  private void pump(InputStream in, OutputStream out, ScheduledExecutorService delayed, String name) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[65536];
      try {
        for (int n = in.read(buf); n > 0; n = in.read(buf)) {
          byte[] chunk = Arrays.copyOf(buf, n);
          // equal delays keep the order: the executor runs ties in submission order
          later(delayed, () -> write(out, chunk));
        }
      } catch (IOException ended) {
        // the other side closed
      }
      later(delayed, this::close);
    }, name);
    t.setDaemon(true);
    t.start();
  }

  private void later(ScheduledExecutorService delayed, Runnable task) {
    try {
      delayed.schedule(task, halfNanos, TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      // the proxy is closed: nothing more to forward
    }
  }

  private void write(OutputStream out, byte[] chunk) {
    try {
      out.write(chunk);
    } catch (IOException e) {
      close();
    }
  }

  @Override
  public void close() {
    closeQuietly(server);
    closeQuietly(client);
    closeQuietly(upstream);
    toTarget.shutdownNow();
    toClient.shutdownNow();
  }

  private static void closeQuietly(java.io.Closeable c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  private static ScheduledExecutorService single(String name) {
    return Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }
}
