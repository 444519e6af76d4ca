package io.hyperbee.replication.net;

import static java.util.Objects.requireNonNull;

import io.hyperbee.crypto.KeyPair;
import io.hyperbee.replication.protomux.Protomux;
import io.hyperbee.replication.secretstream.Received;
import io.hyperbee.replication.secretstream.SecretStreamSession;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A secret-stream over one TCP socket, with a {@link Protomux} on top: what JS builds with
 * {@code new SecretStream(isInitiator, socket)} and {@code Protomux.from(stream)}.
 *
 * <p>Threads: one reader (socket → session → mux; the mux's callbacks run on it) and one writer
 * (a queue of encrypted frames → socket, so a slow peer never blocks a sender holding the mux).
 * Frames are encrypted in call order under one lock; messages given before the handshake is
 * through wait and go out right after it, as in JS. Keep-alives and the handshake timeout run on
 * one shared timer thread. The connection owns its socket: the first failure (or {@link #close})
 * closes it, destroys the mux and becomes {@link #closeReason()}.
 *
 * <p>Memory is bounded both ways: the send queue counts its bytes; above the options' high-water
 * mark {@link #awaitDrained} makes a caller wait (bounded by the read timeout) for the peer to
 * read, and past {@code maxQueuedBytes} the peer is disconnected as not reading. Received
 * messages are held back by {@link ReadThrottle}s: the socket is not read while one has no room.
 */
public final class Connection implements Closeable {
  private static final ScheduledExecutorService TIMERS =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hyperbee-connection-timers");
        t.setDaemon(true);
        return t;
      });
  /** Written into the queue by close: the writer sends what came before it, then closes. */
  private static final byte[] END = new byte[0];
  /** How long a closing connection may take to write what was already queued. */
  private static final long CLOSE_GRACE_MILLIS = 1000;

  private final Socket socket;
  private final SecretStreamSession session;
  private final ConnectionOptions options;
  private final Protomux mux;
  private final Object writeLock = new Object();
  private final List<byte[]> waitingForHandshake = new ArrayList<>();
  private final LinkedBlockingQueue<byte[]> outbox = new LinkedBlockingQueue<>();
  /** Bytes in the outbox, not yet written to the socket. */
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicLong peakQueuedBytes = new AtomicLong();
  /** Waiters for the outbox to drain below the high-water mark. */
  private final Object drained = new Object();
  private final List<ReadThrottle> throttles = new CopyOnWriteArrayList<>();
  /** Set once the outbox overflowed: nothing more is queued, the connection is failing. */
  private volatile boolean overflowed;
  private final CompletableFuture<Connection> opened = new CompletableFuture<>();
  private final CompletableFuture<IOException> closed = new CompletableFuture<>();
  private volatile long lastWriteNanos = System.nanoTime();
  private volatile IOException closeReason;
  private ScheduledFuture<?> keepAlive;
  private ScheduledFuture<?> handshakeTimer;

  private Connection(Socket socket, SecretStreamSession session, ConnectionOptions options) {
    this.socket = socket;
    this.session = session;
    this.options = options;
    this.mux = new Protomux(this::send);
  }

  /** Connects to {@code address} as the Noise initiator. */
  public static Connection connect(InetSocketAddress address, KeyPair keys, ConnectionOptions options,
      Consumer<Connection> setup) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(address, (int) Math.min(Integer.MAX_VALUE, options.handshakeTimeoutMillis()));
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    return start(socket, SecretStreamSession.initiator(keys), options, setup);
  }

  /**
   * Runs {@code session} over {@code socket}, which the connection now owns: for a responder
   * (see {@link Listener}), or a session {@code fromHandshake} keys a DHT handshake handed over.
   * {@code setup} runs before anything is read, so pair handlers and channels it makes see every
   * frame (channel opens it sends wait for the handshake).
   */
  public static Connection start(Socket socket, SecretStreamSession session, ConnectionOptions options,
      Consumer<Connection> setup) throws IOException {
    requireNonNull(session, "session is null");
    requireNonNull(options, "options is null");
    Connection c = new Connection(requireNonNull(socket, "socket is null"), session, options);
    try {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, options.timeoutMillis()));
      setup.accept(c);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
    c.begin();
    return c;
  }

  private void begin() {
    if (options.handshakeTimeoutMillis() > 0) {
      handshakeTimer = TIMERS.schedule(this::handshakeTimedOut, options.handshakeTimeoutMillis(),
          TimeUnit.MILLISECONDS);
    }
    byte[] first = session.start();
    synchronized (writeLock) {
      if (first.length > 0) {
        enqueue(first);
      }
      flushWaiting();
    }
    checkOpened();
    Thread reader = new Thread(this::readLoop, "hyperbee-connection-reader-" + socket.getPort());
    Thread writer = new Thread(this::writeLoop, "hyperbee-connection-writer-" + socket.getPort());
    reader.setDaemon(true);
    writer.setDaemon(true);
    writer.start();
    reader.start();
  }

  public Protomux mux() {
    return mux;
  }

  public boolean isInitiator() {
    return session.isInitiator();
  }

  /** Completes once the handshake is through and both headers crossed; fails if it closes first. */
  public CompletableFuture<Connection> opened() {
    return opened;
  }

  /** Completes with the close reason when the connection ends (never exceptionally). */
  public CompletableFuture<IOException> closed() {
    return closed;
  }

  /** Why the connection ended; null while it is open. */
  public IOException closeReason() {
    return closeReason;
  }

  /** The peer's static public key (32 bytes); only after {@link #opened()}. */
  public byte[] remotePublicKey() {
    synchronized (writeLock) {
      return session.remotePublicKey();
    }
  }

  /** The 64-byte Noise handshake hash, the same on both sides; only after {@link #opened()}. */
  public byte[] handshakeHash() {
    synchronized (writeLock) {
      return session.handshakeHash();
    }
  }

  public byte[] publicKey() {
    return session.publicKey();
  }

  public ConnectionOptions options() {
    return options;
  }

  /** Bytes queued to send that the socket has not taken yet. */
  public long queuedBytes() {
    return queuedBytes.get();
  }

  /** The most bytes that were ever queued to send at once. */
  public long peakQueuedBytes() {
    return peakQueuedBytes.get();
  }

  /** Adds a throttle the reader consults before each read of the socket; call it from the setup. */
  public void addReadThrottle(ReadThrottle throttle) {
    throttles.add(requireNonNull(throttle, "throttle is null"));
  }

  /**
   * Waits until at most the high-water mark of bytes is queued to send (JS's {@code drained}).
   * If the peer reads none of it within the read timeout, the connection fails with that reason.
   *
   * @return true when there is room to send, false when the connection is closed
   */
  public boolean awaitDrained() throws InterruptedException {
    long limitMillis = options.waitLimitMillis();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limitMillis);
    synchronized (drained) {
      while (queuedBytes.get() > options.highWaterBytes() && closeReason == null) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          break;
        }
        TimeUnit.NANOSECONDS.timedWait(drained, remaining);
      }
    }
    if (closeReason != null) {
      return false;
    }
    long queued = queuedBytes.get();
    if (queued > options.highWaterBytes()) {
      fail(new ConnectionClosedException("the peer is not reading: " + queued + " bytes queued to send for "
          + limitMillis + " ms"));
      return false;
    }
    return true;
  }

  /** One raw secret-stream message past the mux: only tests use it, to act as a broken peer. */
  void sendMessage(byte[] message) {
    send(message.clone());
  }

  /** Closes the connection: queued frames are written (for at most a second), then the socket. */
  @Override
  public void close() {
    fail(new ConnectionClosedException("closed locally"));
  }

  // ---- reading ----

  private void readLoop() {
    byte[] buffer = new byte[65536];
    try {
      InputStream in = socket.getInputStream();
      while (closeReason == null) {
        awaitRoomToRead();
        int n;
        try {
          n = in.read(buffer);
        } catch (SocketTimeoutException e) {
          throw new ConnectionClosedException("Stream timed out: nothing read for "
              + options.timeoutMillis() + " ms");
        }
        if (n < 0) {
          synchronized (writeLock) {
            session.endOfInput();
          }
          throw new ConnectionClosedException("the peer ended the stream");
        }
        Received received;
        synchronized (writeLock) {
          received = session.receive(ByteBuffer.wrap(buffer, 0, n));
          received.toWrite().forEach(this::enqueue);
          flushWaiting();
        }
        checkOpened();
        for (byte[] message : received.messages()) {
          mux.receive(message);
        }
      }
    } catch (IOException e) {
      fail(e);
    } catch (RuntimeException e) {
      fail(new ConnectionClosedException("internal error while reading: " + e, e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail(new ConnectionClosedException("interrupted while reading", e));
    }
  }

  private void awaitRoomToRead() throws InterruptedException, ConnectionClosedException {
    for (ReadThrottle throttle : throttles) {
      if (!throttle.awaitRoom(options.waitLimitMillis())) {
        throw new ConnectionClosedException("received messages were not handled within "
            + options.waitLimitMillis() + " ms");
      }
    }
  }

  private void checkOpened() {
    boolean ready;
    synchronized (writeLock) {
      ready = session.isEstablished() && session.canReceiveData();
    }
    if (ready && opened.complete(this)) {
      if (handshakeTimer != null) {
        handshakeTimer.cancel(false);
      }
      if (options.keepAliveMillis() > 0) {
        scheduleKeepAlive(options.keepAliveMillis());
      }
    }
  }

  private void handshakeTimedOut() {
    if (!opened.isDone()) {
      fail(new ConnectionClosedException("handshake timed out after " + options.handshakeTimeoutMillis() + " ms"));
    }
  }

  // ---- writing ----

  /** The mux's sink: one protomux frame, one secret-stream message. */
  private void send(byte[] message) {
    IOException failure = null;
    synchronized (writeLock) {
      if (closeReason != null) {
        return;
      }
      if (!session.isEstablished()) {
        waitingForHandshake.add(message);
        return;
      }
      try {
        enqueue(session.encrypt(ByteBuffer.wrap(message)));
      } catch (IOException e) {
        failure = e;
      }
    }
    if (failure != null) {
      fail(failure); // outside the write lock: failing takes the mux's lock
    }
  }

  /** Under the write lock, once established: what the mux sent before the handshake finished. */
  private void flushWaiting() {
    if (!session.isEstablished() || waitingForHandshake.isEmpty()) {
      return;
    }
    List<byte[]> waiting = new ArrayList<>(waitingForHandshake);
    waitingForHandshake.clear();
    for (byte[] message : waiting) {
      try {
        enqueue(session.encrypt(ByteBuffer.wrap(message)));
      } catch (IOException e) {
        TIMERS.execute(() -> fail(e)); // not under the write lock
        return;
      }
    }
  }

  /** Under the write lock. Past the bound the frame is not queued and the connection fails. */
  private void enqueue(byte[] frame) {
    if (overflowed) {
      return;
    }
    long queued = queuedBytes.addAndGet(frame.length);
    if (queued > options.maxQueuedBytes()) {
      queuedBytes.addAndGet(-frame.length);
      overflowed = true;
      ConnectionClosedException reason = new ConnectionClosedException("the peer is not reading: "
          + (queued - frame.length) + " bytes queued to send, and " + frame.length + " more would pass the limit of "
          + options.maxQueuedBytes());
      TIMERS.execute(() -> fail(reason)); // not under the write lock
      return;
    }
    peakQueuedBytes.accumulateAndGet(queued, Math::max);
    lastWriteNanos = System.nanoTime();
    outbox.add(frame);
  }

  private void written(int bytes) {
    if (queuedBytes.addAndGet(-bytes) <= options.highWaterBytes()) {
      synchronized (drained) {
        drained.notifyAll();
      }
    }
  }

  private void writeLoop() {
    try {
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 65536);
      while (true) {
        byte[] frame = outbox.take();
        if (frame == END) {
          out.flush();
          break;
        }
        out.write(frame);
        written(frame.length);
        if (outbox.isEmpty()) {
          out.flush();
        }
      }
    } catch (IOException e) {
      fail(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeSocket();
    }
  }

  /** Sends a keep-alive when nothing was written for the interval (JS refreshes its timer on write). */
  private void scheduleKeepAlive(long delayMillis) {
    keepAlive = TIMERS.schedule(() -> {
      if (closeReason != null) {
        return;
      }
      long idleMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastWriteNanos);
      if (idleMillis >= options.keepAliveMillis()) {
        synchronized (writeLock) {
          if (closeReason == null) {
            enqueue(session.keepAlive());
          }
        }
        scheduleKeepAlive(options.keepAliveMillis());
      } else {
        scheduleKeepAlive(options.keepAliveMillis() - idleMillis);
      }
    }, delayMillis, TimeUnit.MILLISECONDS);
  }

  // ---- closing ----

  /** The first failure wins: it closes the socket (after queued frames) and destroys the mux. */
  private void fail(IOException reason) {
    synchronized (writeLock) {
      if (closeReason != null) {
        return;
      }
      closeReason = reason;
      outbox.add(END);
    }
    if (handshakeTimer != null) {
      handshakeTimer.cancel(false);
    }
    if (keepAlive != null) {
      keepAlive.cancel(false);
    }
    synchronized (drained) {
      drained.notifyAll();
    }
    TIMERS.schedule(this::closeSocket, CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    opened.completeExceptionally(reason);
    mux.destroy(reason);
    closed.complete(reason);
  }

  private void closeSocket() {
    try {
      socket.close();
    } catch (IOException e) {
      // already failed or closed; the close reason is recorded
    }
  }
}
