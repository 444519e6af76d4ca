package io.hyperbee.storage;

import io.hyperbee.storage.StorageBatch.BlockWrite;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The child process of {@link FileCoreStorageCrashTest}: loads its classes on a scratch core, says
 * READY, waits for "GO" on stdin, then appends the deterministic batches of {@link CrashPlan} to a
 * {@link FileCoreStorage} (and now and then stores a few old blocks again, a commit that goes
 * through the journal), printing "ACK length crc" after each append returns, until it is killed.
 * Arguments: core directory, seed, sync, scratch directory.
 */
public final class CrashWriter {
  private CrashWriter() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    boolean sync = Boolean.parseBoolean(args[2]);
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    CrashPlan plan = new CrashPlan(seed);
    warmUp(Path.of(args[3]), plan);
    long deadline = CrashPlan.awaitGo(out);
    if (deadline < 0) {
      return;
    }
    try (FileCoreStorage s = FileCoreStorage.open(dir, true, false, sync)) {
      if (s.identity() == null) {
        s.create(CoreStorageContractTest.identity(false, true));
      }
      FakeTree tree = FakeTree.resume(s);
      int batch = plan.batchEndingAt(tree.length());
      if (batch < 0) {
        throw new IllegalStateException("length " + tree.length() + " ends no batch: a partial batch is visible");
      }
      Random random = new Random(seed ^ tree.length());
      while (System.nanoTime() < deadline) {
        long from = tree.length();
        long to = plan.boundary(batch + 1);
        List<byte[]> blocks = plan.blocks(from, batch + 1);
        s.commit(tree.appendBatch(0, blocks));
        out.println("ACK " + to + " " + CrashPlan.crc(blocks));
        out.flush();
        batch++;
        if (random.nextInt(4) == 0) {
          List<BlockWrite> again = new ArrayList<>();
          StringBuilder line = new StringBuilder("REWRITE");
          for (long i : random.longs(1 + random.nextInt(3), 0, to).distinct().toArray()) {
            again.add(new BlockWrite(i, plan.block(i)));
            line.append(' ').append(i);
          }
          out.println(line);
          out.flush();
          s.commit(new StorageBatch(-1, again, List.of(), null));
        }
      }
    }
  }

  /** Loads and compiles the write path before the parent starts its clock. */
  private static void warmUp(Path scratch, CrashPlan plan) throws IOException {
    try (FileCoreStorage s = FileCoreStorage.open(scratch, true, false, false)) {
      if (s.identity() == null) {
        s.create(CoreStorageContractTest.identity(false, true));
      }
      FakeTree tree = FakeTree.resume(s);
      for (int k = 0; k < 20; k++) {
        s.commit(tree.appendBatch(0, List.of(plan.block(k))));
        s.readBlock(tree.length() - 1);
      }
      s.commit(new StorageBatch(-1, List.of(new BlockWrite(0, plan.block(0))), List.of(), null));
    }
  }
}
