package io.hyperbee.log;

import io.hyperbee.crypto.KeyPair;
import io.hyperbee.storage.CrashPlan;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The child process of {@link HypercoreCrashTest}: waits for "GO" on stdin, then appends the
 * batches of {@link CrashPlan} to a synced {@link Hypercore} on disk, printing "ACK length crc"
 * after each append returns, until it is killed. Arguments: core directory, seed.
 */
public final class HypercoreCrashWriter {
  private HypercoreCrashWriter() {}

  public static HypercoreOptions options(long seed, boolean sync) {
    byte[] keySeed = new byte[32];
    new java.util.Random(seed).nextBytes(keySeed);
    return HypercoreOptions.builder().keyPair(KeyPair.fromSeed(keySeed)).sync(sync).build();
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    CrashPlan plan = new CrashPlan(seed);
    try (Hypercore warm = Hypercore.inMemory(options(seed, false))) {
      for (int i = 0; i < 20; i++) { // load and compile the append path (in memory: no fsyncs) first
        warm.append(List.of(plan.block(i)));
        warm.get(warm.length() - 1);
      }
    }
    long deadline = CrashPlan.awaitGo(out);
    if (deadline < 0) {
      return;
    }
    try (Hypercore core = Hypercore.open(dir, options(seed, true))) {
      int batch = plan.batchEndingAt(core.length());
      if (batch < 0) {
        throw new IllegalStateException("length " + core.length() + " ends no batch: a partial batch is visible");
      }
      while (System.nanoTime() < deadline) {
        List<byte[]> blocks = plan.blocks(core.length(), batch + 1);
        long length = core.append(blocks);
        out.println("ACK " + length + " " + CrashPlan.crc(blocks));
        out.flush();
        batch++;
      }
    }
  }
}
