package io.hyperbee.bench;

import io.hyperbee.crypto.KeyPair;
import io.hyperbee.replication.secretstream.Received;
import io.hyperbee.replication.secretstream.SecretStreamException;
import io.hyperbee.replication.secretstream.SecretStreamSession;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The secret-stream transport, in memory (no sockets): {@code message64k} encrypts one 64 KiB
 * message on one session and decrypts it on the other (score × 65,536 = bytes per second, one
 * connection, one direction); {@code handshake} runs a whole connection setup, both sides (Noise
 * XX with 3 DH each, both 56-byte headers). {@code interop/transport-bench.js} measures the same
 * with the JS packages.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx256m")
public class TransportBenchmark {
  static final int MESSAGE = 64 * 1024;
  private static final KeyPair INITIATOR = KeyPair.fromSeed(new byte[32]);
  private static final KeyPair RESPONDER = KeyPair.fromSeed(filled(32, 1));

  /** An established pair and a 64 KiB message. */
  @State(Scope.Thread)
  public static class Connected {
    SecretStreamSession sender;
    SecretStreamSession receiver;
    final byte[] message = new byte[MESSAGE];

    @Setup(Level.Trial)
    public void connect() throws SecretStreamException {
      new Random(1).nextBytes(message);
      sender = SecretStreamSession.initiator(INITIATOR);
      receiver = SecretStreamSession.responder(RESPONDER);
      connectPair(sender, receiver);
    }
  }

  @Benchmark
  public int message64k(Connected c) throws SecretStreamException {
    byte[] frame = c.sender.encrypt(ByteBuffer.wrap(c.message));
    Received r = c.receiver.receive(ByteBuffer.wrap(frame));
    return r.messages().get(0).length;
  }

  @Benchmark
  public boolean handshake() throws SecretStreamException {
    SecretStreamSession i = SecretStreamSession.initiator(INITIATOR);
    SecretStreamSession r = SecretStreamSession.responder(RESPONDER);
    connectPair(i, r);
    return i.canReceiveData() && r.canReceiveData();
  }

  /** Delivers each side's output to the other until both are quiet. */
  static void connectPair(SecretStreamSession i, SecretStreamSession r) throws SecretStreamException {
    Deque<byte[]> toR = new ArrayDeque<>();
    Deque<byte[]> toI = new ArrayDeque<>();
    toR.add(i.start());
    toI.add(r.start());
    while (!toR.isEmpty() || !toI.isEmpty()) {
      while (!toR.isEmpty()) {
        toI.addAll(r.receive(ByteBuffer.wrap(toR.poll())).toWrite());
      }
      while (!toI.isEmpty()) {
        toR.addAll(i.receive(ByteBuffer.wrap(toI.poll())).toWrite());
      }
    }
    if (!i.canReceiveData() || !r.canReceiveData()) {
      throw new IllegalStateException("secret-stream pair did not connect");
    }
  }

  private static byte[] filled(int n, int v) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) v);
    return b;
  }
}
