package io.hyperbee.log;

import io.hyperbee.storage.FileCoreStorage;
import io.hyperbee.storage.FileOpener;
import io.hyperbee.storage.PowerLossRun;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hypercore appends, truncations and syncs under simulated power losses (issue 12, defect 5):
 * every append made with sync on, every truncation and everything before a {@link Hypercore#sync}
 * survives; unsynced appends may be lost but only whole, newest first; the core always opens and
 * verifies. Half the rounds open the storage with sync on, half with it off.
 */
class HypercorePowerLossTest {
  private static final long SEED = Long.getLong("powerloss.seed", 0x5EED_C0DEL);
  private static final int ROUNDS = Integer.getInteger("powerloss.rounds", 200);

  @TempDir Path tmp;

  @Test
  void durableWritesSurvivePowerLoss() throws Exception {
    new PowerLossRun<String>("hypercore", SEED, ROUNDS, 40, 200).run(tmp.resolve("core"),
        new CoreWorkload());
  }

  /** The core's blocks as a model: fork, and the blocks in order. */
  static final class CoreWorkload implements PowerLossRun.Workload<String> {
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
        blocks.add(core.get(i));
      }
      return state();
    }

    private String state() {
      try {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (byte[] b : blocks) {
          sha.update(b);
          sha.update((byte) 0xff);
        }
        return "fork " + fork + " length " + blocks.size() + " " + HexFormat.of().formatHex(sha.digest());
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new AssertionError(e);
      }
    }

    @Override
    public void verify() {
      core.verify();
    }

    @Override
    public PowerLossRun.Step<String> write(Random random) {
      int op = random.nextInt(10);
      if (op == 0 && !blocks.isEmpty()) {
        long to = blocks.size() - 1 - random.nextInt(Math.min(3, blocks.size()));
        List<byte[]> kept = new ArrayList<>(blocks.subList(0, (int) to));
        inFlight = stateOf(fork + 1, kept);
        core.truncate(to);
        fork++;
        blocks.subList((int) to, blocks.size()).clear();
        return new PowerLossRun.Step<>(state(), true); // rewrites committed state: always forced
      }
      if (op <= 2) {
        inFlight = state();
        core.sync();
        return new PowerLossRun.Step<>(state(), true);
      }
      List<byte[]> add = new ArrayList<>();
      for (int n = 1 + random.nextInt(4); n > 0; n--) {
        byte[] b = new byte[1 + random.nextInt(200)];
        random.nextBytes(b);
        add.add(b);
      }
      List<byte[]> after = new ArrayList<>(blocks);
      after.addAll(add);
      inFlight = stateOf(fork, after);
      core.append(add);
      blocks.addAll(add);
      return new PowerLossRun.Step<>(state(), sync);
    }

    private String stateOf(long f, List<byte[]> content) {
      long savedFork = fork;
      List<byte[]> saved = new ArrayList<>(blocks);
      fork = f;
      blocks.clear();
      blocks.addAll(content);
      String s = state();
      fork = savedFork;
      blocks.clear();
      blocks.addAll(saved);
      return s;
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
