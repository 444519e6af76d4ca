package io.hyperbee.bench;

import io.hyperbee.merkle.Node;
import io.hyperbee.storage.CoreHead;
import io.hyperbee.storage.CoreIdentity;
import io.hyperbee.storage.FileCoreStorage;
import io.hyperbee.storage.StorageBatch;
import io.hyperbee.storage.StorageBatch.BlockWrite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Raw {@link FileCoreStorage} throughput, below hashing and signing: commits of 100-byte blocks
 * with the nodes and head an append would bring (made-up hashes), unsynced and synced (fsync
 * before returning); and random block, run and node reads
 * from a core of {@value #READ_CORE_BLOCKS} blocks, through memory mappings or positional reads. Commits per second times {@code blocksPerCommit}
 * gives blocks per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class StorageBenchmark {
  static final int BLOCK_SIZE = 100;
  static final int READ_CORE_BLOCKS = 200_000;

  /** A core being appended to, with the flat-tree shape of what it holds. */
  @State(Scope.Benchmark)
  public static class Appending {
    @Param({"1", "1000"})
    int blocksPerCommit;

    @Param({"false", "true"})
    boolean sync;

    Path dir;
    FileCoreStorage storage;
    final List<Node> roots = new ArrayList<>();
    long length;
    byte[] block;

    @Setup(Level.Trial)
    public void open() throws IOException {
      dir = Files.createTempDirectory("storage-bench");
      storage = FileCoreStorage.open(dir, true, true, sync);
      storage.create(identity());
      block = new byte[BLOCK_SIZE];
      new Random(1).nextBytes(block);
    }

    /** The next batch of {@code n} blocks, with the leaves and parents an append creates. */
    StorageBatch next(int n) {
      List<BlockWrite> blocks = new ArrayList<>(n);
      List<Node> nodes = new ArrayList<>(2 * n);
      for (int i = 0; i < n; i++) {
        blocks.add(new BlockWrite(length, block));
        Node leaf = new Node(2 * length, BLOCK_SIZE, block32(length));
        nodes.add(leaf);
        roots.add(leaf);
        length++;
        while (roots.size() >= 2) {
          Node a = roots.get(roots.size() - 2);
          Node b = roots.get(roots.size() - 1);
          long parent = parent(a.index());
          if (parent != parent(b.index())) {
            break;
          }
          Node p = new Node(parent, a.size() + b.size(), a.hash());
          roots.remove(roots.size() - 1);
          roots.set(roots.size() - 1, p);
          nodes.add(p);
        }
      }
      return new StorageBatch(-1, blocks, nodes,
          new CoreHead(0, length, length * BLOCK_SIZE, block32(length), new byte[64]));
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
      storage.close();
      deleteTree(dir);
    }
  }

  /** A filled core read from many threads. */
  @State(Scope.Benchmark)
  public static class Reading {
    /**
     * Whether the files are read through memory mappings (the default) or positional reads. Set
     * through the system property the storage reads once, when it is first used in this fork (JMH
     * runs every parameter value in a fresh fork).
     */
    @Param({"true", "false"})
    boolean mapped;

    Path dir;
    FileCoreStorage storage;

    @Setup(Level.Trial)
    public void fill() throws IOException {
      System.setProperty("hyperbee.storage.mmap", Boolean.toString(mapped));
      Appending a = new Appending();
      a.sync = false;
      a.open();
      for (int i = 0; i < READ_CORE_BLOCKS / 1000; i++) {
        a.storage.commit(a.next(1000));
      }
      a.storage.close();
      dir = a.dir;
      storage = FileCoreStorage.open(dir, false, false, false);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
      storage.close();
      deleteTree(dir);
    }
  }

  @Benchmark
  public long commit(Appending a) {
    a.storage.commit(a.next(a.blocksPerCommit));
    return a.length;
  }

  @Benchmark
  public byte[] randomRead(Reading r) {
    return r.storage.readBlock(ThreadLocalRandom.current().nextInt(READ_CORE_BLOCKS));
  }

  @Benchmark
  @Threads(2)
  public byte[] randomRead2Threads(Reading r) {
    return r.storage.readBlock(ThreadLocalRandom.current().nextInt(READ_CORE_BLOCKS));
  }

  /** Sixteen consecutive blocks from a random start, as a range read or prefetch does. */
  @Benchmark
  public byte[][] randomRunRead(Reading r) {
    return r.storage.readBlocks(ThreadLocalRandom.current().nextInt(READ_CORE_BLOCKS - 16), 16);
  }

  @Benchmark
  public Node randomNodeRead(Reading r) {
    return r.storage.readNode(2L * ThreadLocalRandom.current().nextInt(READ_CORE_BLOCKS));
  }

  static long parent(long i) {
    int depth = Long.numberOfTrailingZeros(~i);
    long offset = i >>> (depth + 1);
    return ((offset >>> 1) * 2 + 1) * (1L << (depth + 1)) - 1;
  }

  static byte[] block32(long seed) {
    byte[] h = new byte[32];
    for (int i = 0; i < 8; i++) {
      h[i] = (byte) (seed >>> (8 * i));
    }
    return h;
  }

  static CoreIdentity identity() {
    byte[] key = new byte[32];
    return new CoreIdentity(key, null, key, new byte[64], true);
  }

  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
