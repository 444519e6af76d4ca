package io.hyperbee.bench;

import io.hyperbee.crypto.Blake2b;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * BLAKE2b-256 of one message, the project's hand-written {@link Blake2b} beside BouncyCastle's
 * {@code Blake2bDigest} (what the project used before issue 18), each reused across calls and
 * finishing into a fresh 32-byte array as {@code NodeHasher} does. 73 bytes is a Merkle parent
 * (one compression), 149 a leaf over a db_bench block (two), 4096 a long message.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx256m")
@State(Scope.Thread)
public class Blake2bBenchmark {
  @Param({"73", "149", "4096"})
  int length;

  private byte[] message;
  private final Blake2b hand = new Blake2b();
  private final Blake2bDigest bouncyCastle = new Blake2bDigest(256);

  @Setup
  public void setUp() {
    message = new byte[length];
    new Random(18).nextBytes(message);
  }

  @Benchmark
  public byte[] handWritten() {
    return hand.update(message, 0, length).digest();
  }

  @Benchmark
  public byte[] bouncyCastle() {
    bouncyCastle.update(message, 0, length);
    byte[] out = new byte[Blake2b.HASH_LENGTH];
    bouncyCastle.doFinal(out, 0);
    return out;
  }
}
