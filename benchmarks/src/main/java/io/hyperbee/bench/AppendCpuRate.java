package io.hyperbee.bench;

import com.sun.management.ThreadMXBean;
import io.hyperbee.crypto.KeyPair;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * The unbatched put below the B-tree (issue 18): one-block {@code Hypercore.appendOwned} calls on
 * a core on disk without fsync (hash the leaf and its parents, commit block, nodes, whole length
 * and head), scored in CPU nanoseconds and bytes allocated per append of the calling thread: both
 * hold still on a machine shared with other jobs, where wall rates do not.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.hyperbee.bench.AppendCpuRate
 * [appends=200000] [rounds=5] [blockBytes=250]}; each round appends to a fresh core (250 bytes is
 * about a fillseq put's block: key, value and the encoded path).
 */
public final class AppendCpuRate {
  private AppendCpuRate() {}

  public static void main(String[] args) throws IOException {
    int appends = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int blockBytes = args.length > 2 ? Integer.parseInt(args[2]) : 250;
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    byte[] block = new byte[blockBytes];
    new Random(18).nextBytes(block);
    HypercoreOptions options = HypercoreOptions.builder().keyPair(KeyPair.fromSeed(new byte[32])).sync(false).build();
    for (int round = 1; round <= rounds; round++) {
      Path dir = Files.createTempDirectory("append-cpu-rate");
      try {
        Hypercore core = Hypercore.open(dir, options);
        try {
          long cpu = threads.getCurrentThreadCpuTime();
          long allocated = threads.getCurrentThreadAllocatedBytes();
          for (int i = 0; i < appends; i++) {
            core.appendOwned(List.of(block.clone()));
          }
          cpu = threads.getCurrentThreadCpuTime() - cpu;
          allocated = threads.getCurrentThreadAllocatedBytes() - allocated;
          System.out.printf("round %d: %,d ns CPU and %,d bytes allocated per append%n", round, cpu / appends,
              allocated / appends);
        } finally {
          core.close();
        }
      } finally {
        StorageBenchmark.deleteTree(dir);
      }
    }
  }
}
