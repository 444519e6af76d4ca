package io.hyperbee.bench;

import io.hyperbee.crypto.KeyPair;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Hypercore hot paths: appending 100-byte blocks in calls of 1 or 1000 blocks (hash and commit;
 * the signature is deferred until asked for), the same followed by {@code signature()} (tree hash
 * and one signature per call), and random {@code get}. Storage "memory" is {@code MemoryCoreStorage};
 * "disk" is the on-disk storage without fsync. Scores are calls per second: multiply the append
 * score by {@code batch} for blocks per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class HypercoreBenchmark {
  private static final int BLOCK_SIZE = 100;
  /** Appends start over on a fresh core past this many blocks, to bound memory and file size. */
  private static final long MAX_BLOCKS = 500_000;
  private static final int READ_BLOCKS = 100_000;
  private static final KeyPair KEY_PAIR = KeyPair.fromSeed(new byte[32]);

  /** A core and where it lives; recreated per trial. */
  abstract static class CoreState {
    Hypercore core;
    Path dir;

    abstract String storage();

    Hypercore newCore() throws IOException {
      HypercoreOptions options = HypercoreOptions.builder().keyPair(KEY_PAIR).sync(false).build();
      if (storage().equals("memory")) {
        return Hypercore.inMemory(options);
      }
      dir = Files.createTempDirectory("hypercore-bench");
      return Hypercore.open(dir, options);
    }

    void closeCore() {
      if (core != null) {
        core.close();
        core = null;
      }
      if (dir != null) {
        deleteTree(dir);
        dir = null;
      }
    }
  }

  @State(Scope.Thread)
  public static class AppendState extends CoreState {
    @Param({"memory", "disk"})
    public String storage;

    @Param({"1", "1000"})
    public int batch;

    List<byte[]> blocks;

    @Override
    String storage() {
      return storage;
    }

    @Setup(Level.Iteration)
    public void setUp() throws IOException {
      Random r = new Random(1);
      blocks = new ArrayList<>();
      for (int i = 0; i < batch; i++) {
        byte[] b = new byte[BLOCK_SIZE];
        r.nextBytes(b);
        blocks.add(b);
      }
      core = newCore();
    }

    @TearDown(Level.Iteration)
    public void tearDown() {
      closeCore();
    }

    void restartIfFull() throws IOException {
      if (core.length() >= MAX_BLOCKS) {
        closeCore();
        core = newCore();
      }
    }
  }

  @State(Scope.Thread)
  public static class ReadState extends CoreState {
    @Param({"memory", "disk"})
    public String storage;

    long[] indexes;
    int next;

    @Override
    String storage() {
      return storage;
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      core = newCore();
      Random r = new Random(2);
      List<byte[]> chunk = new ArrayList<>();
      for (int i = 0; i < READ_BLOCKS; i++) {
        byte[] b = new byte[BLOCK_SIZE];
        r.nextBytes(b);
        chunk.add(b);
        if (chunk.size() == 1000) {
          core.append(chunk);
          chunk.clear();
        }
      }
      indexes = new long[1 << 16];
      for (int i = 0; i < indexes.length; i++) {
        indexes[i] = r.nextInt(READ_BLOCKS);
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      closeCore();
    }
  }

  /** Appends with signing deferred: nobody asks for the signature, so none is made. */
  @Benchmark
  public long append(AppendState s) throws IOException {
    s.restartIfFull();
    return s.core.append(s.blocks);
  }

  /**
   * Appends and then asks for the signature, as a writer that announces every new length to
   * peers does: one tree hash and one Ed25519 signature per call.
   */
  @Benchmark
  public byte[] appendAndSign(AppendState s) throws IOException {
    s.restartIfFull();
    s.core.append(s.blocks);
    return s.core.signature();
  }

  @Benchmark
  public byte[] randomGet(ReadState s) {
    long index = s.indexes[s.next++ & (s.indexes.length - 1)];
    return s.core.get(index);
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
