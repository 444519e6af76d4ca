package io.hyperbee.storage;

import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clears and reclaims under simulated power losses (issue 16): appends, clears of random ranges,
 * reclaims (full and incremental, moving live blocks and deleting segments) and truncations, with
 * segments of 1 KiB so that every few writes start one. After every power cut the core opens,
 * verifies, and holds exactly the state after some write at or after the last durable one: no
 * live block is lost, a cleared block stays cleared, and no clear is half there.
 */
class ReclaimPowerLossTest {
  private static final long SEED = Long.getLong("powerloss.seed", 0xC1EA_12EDL);
  private static final int ROUNDS = Integer.getInteger("powerloss.rounds", 200);

  @TempDir Path tmp;
  private long savedSegmentBytes;

  @BeforeEach
  void smallSegments() {
    savedSegmentBytes = FileCoreStorage.segmentBytes;
    FileCoreStorage.segmentBytes = 1024;
  }

  @AfterEach
  void restore() {
    FileCoreStorage.segmentBytes = savedSegmentBytes;
  }

  @Test
  void clearsAndReclaimsSurvivePowerLoss() throws Exception {
    new PowerLossRun<String>("reclaim", SEED, ROUNDS, 60, 100).run(tmp.resolve("core"), new ClearingWorkload());
  }

  /** The core as a model: fork, and per block its bytes or null when cleared. */
  static final class ClearingWorkload implements PowerLossRun.Workload<String> {
    private Hypercore core;
    private boolean sync;
    private long fork;
    private final List<byte[]> blocks = new ArrayList<>();
    private String inFlight;

    @Override
    public void open(Path dir, FileOpener files, Random random) {
      sync = random.nextBoolean();
      core = Hypercore.open(FileCoreStorage.open(dir, true, false, sync, files), HypercoreOptions.defaults());
    }

    @Override
    public String read() {
      fork = core.fork();
      blocks.clear();
      for (long i = 0; i < core.length(); i++) {
        blocks.add(core.has(i) ? core.get(i) : null);
      }
      return stateOf(fork, blocks);
    }

    /** Fork, then per block a short hash or "--" when cleared: a failure shows which blocks differ. */
    private static String stateOf(long fork, List<byte[]> content) {
      StringBuilder out = new StringBuilder("fork " + fork + ":");
      for (byte[] b : content) {
        out.append(' ').append(b == null ? "--" : String.format("%08x", java.util.Arrays.hashCode(b)));
      }
      return out.toString();
    }

    @Override
    public void verify() {
      core.verify(); // a missing block that was not cleared fails it
    }

    @Override
    public PowerLossRun.Step<String> write(Random random) {
      int op = random.nextInt(12);
      if (op == 0 && !blocks.isEmpty()) {
        int to = blocks.size() - 1 - random.nextInt(Math.min(3, blocks.size()));
        List<byte[]> kept = new ArrayList<>(blocks.subList(0, to));
        inFlight = stateOf(fork + 1, kept);
        core.truncate(to);
        fork++;
        blocks.subList(to, blocks.size()).clear();
        return new PowerLossRun.Step<>(stateOf(fork, blocks), true);
      }
      if (op <= 3 && !blocks.isEmpty()) {
        int start = random.nextInt(blocks.size());
        int end = Math.min(blocks.size(), start + 1 + random.nextInt(8));
        List<byte[]> after = new ArrayList<>(blocks);
        for (int i = start; i < end; i++) {
          after.set(i, null);
        }
        inFlight = stateOf(fork, after);
        core.clear(start, end);
        blocks.clear();
        blocks.addAll(after);
        return new PowerLossRun.Step<>(stateOf(fork, blocks), true); // durable when it returns
      }
      if (op <= 5) {
        inFlight = stateOf(fork, blocks);
        core.reclaim(op == 4);
        return new PowerLossRun.Step<>(inFlight, true);
      }
      List<byte[]> add = new ArrayList<>();
      for (int n = 1 + random.nextInt(4); n > 0; n--) {
        byte[] b = new byte[1 + random.nextInt(300)];
        random.nextBytes(b);
        add.add(b);
      }
      List<byte[]> after = new ArrayList<>(blocks);
      after.addAll(add);
      inFlight = stateOf(fork, after);
      core.append(add);
      blocks.addAll(add);
      return new PowerLossRun.Step<>(stateOf(fork, blocks), sync);
    }

    @Override
    public String inFlight() {
      return inFlight;
    }

    @Override
    public void close() {
      core.close();
    }
  }
}
