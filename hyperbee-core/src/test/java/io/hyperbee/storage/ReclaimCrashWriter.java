package io.hyperbee.storage;

import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreCrashWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * The child process of {@link ReclaimCrashTest}: waits for "GO" on stdin, then loops over a synced
 * {@link Hypercore} on disk (segments of {@link #SEGMENT_BYTES}, so that a reclaim moves blocks and
 * deletes segments): append a batch of {@link CrashPlan}, clear a random range, reclaim (full or
 * not), until it is killed. It announces each step before it starts ("APPENDING", "CLEARING start
 * end", "RECLAIMING") and acknowledges it after it returns ("ACK length crc", "CLEARED start end",
 * "RECLAIMED"), and says "WARM" after its third reclaim. Arguments: core directory, seed, kill number (seeds the ranges).
 */
public final class ReclaimCrashWriter {
  static final long SEGMENT_BYTES = 2048;
  static final int WARM_RECLAIMS = 3;

  private ReclaimCrashWriter() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    Random random = new Random(seed * 31 + Long.parseLong(args[2]));
    FileCoreStorage.segmentBytes = SEGMENT_BYTES;
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    CrashPlan plan = new CrashPlan(seed);
    try (Hypercore warm = Hypercore.inMemory(HypercoreCrashWriter.options(seed, false))) {
      for (int i = 0; i < 20; i++) { // load and compile the append and clear paths first
        warm.append(List.of(plan.block(i)));
        warm.get(warm.length() - 1);
        warm.clear(i / 2);
      }
    }
    long deadline = CrashPlan.awaitGo(out);
    if (deadline < 0) {
      return;
    }
    try (Hypercore core = Hypercore.open(dir, HypercoreCrashWriter.options(seed, true))) {
      int batch = plan.batchEndingAt(core.length());
      if (batch < 0) {
        throw new IllegalStateException("length " + core.length() + " ends no batch: a partial batch is visible");
      }
      int reclaims = 0;
      while (System.nanoTime() < deadline) {
        List<byte[]> blocks = plan.blocks(core.length(), batch + 1);
        say(out, "APPENDING");
        long length = core.append(blocks);
        say(out, "ACK " + length + " " + CrashPlan.crc(blocks));
        batch++;
        long start = random.nextInt((int) length);
        long end = Math.min(length, start + 1 + random.nextInt(6));
        say(out, "CLEARING " + start + " " + end);
        core.clear(start, end);
        say(out, "CLEARED " + start + " " + end);
        if (random.nextInt(3) == 0) {
          say(out, "RECLAIMING");
          core.reclaim(random.nextBoolean());
          say(out, "RECLAIMED");
          if (++reclaims == WARM_RECLAIMS) {
            say(out, "WARM"); // the parent kills soon after this, wherever the loop is then
          }
        }
      }
    }
  }

  private static void say(PrintStream out, String line) {
    out.println(line);
    out.flush(); // in the pipe before the step starts: a kill cannot hide it from the parent
  }
}
