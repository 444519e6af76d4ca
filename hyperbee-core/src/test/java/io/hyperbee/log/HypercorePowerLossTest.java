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
 * verifies. Half the rounds open the storage with sync on, half with it off. The record of whole
 * lengths stays consistent with the head after every crash: every length it holds is one an
 * append or truncation of the recovered history reached (none past the length), and in its
 * complete span every such length is held, so no acknowledged batch end is lost.
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
    /** The lengths appends and truncations reached, for every state the workload wrote. */
    private final java.util.Map<String, java.util.TreeSet<Long>> wholeAt = new java.util.HashMap<>();
    private java.util.TreeSet<Long> whole = new java.util.TreeSet<>(List.of(0L));

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
      String s = state();
      whole = new java.util.TreeSet<>(wholeAt.getOrDefault(s, new java.util.TreeSet<>(List.of(0L))));
      wholeAt.put(s, whole);
      return s;
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
      io.hyperbee.storage.WholeLengths record = core.wholeLengths();
      long length = core.length();
      for (int i = 0; i < record.size(); i++) {
        long v = record.get(i);
        if (v > length || !whole.contains(v)) {
          throw new AssertionError("length " + v + " is recorded whole but no write reached it: " + record
              + ", length " + length + ", whole lengths " + whole);
        }
      }
      if (record.knownFrom() >= 0) {
        for (long v : whole.tailSet(record.knownFrom())) {
          if (v <= length && !record.contains(v)) {
            throw new AssertionError("whole length " + v + " is missing from the record " + record
                + " (length " + length + ")");
          }
        }
      }
    }

    @Override
    public PowerLossRun.Step<String> write(Random random) {
      int op = random.nextInt(10);
      if (op == 0 && !blocks.isEmpty()) {
        long to = blocks.size() - 1 - random.nextInt(Math.min(3, blocks.size()));
        List<byte[]> kept = new ArrayList<>(blocks.subList(0, (int) to));
        inFlight = stateOf(fork + 1, kept);
        java.util.TreeSet<Long> after = new java.util.TreeSet<>(whole.headSet(to, true));
        after.add(to);
        wholeAt.put(inFlight, after);
        core.truncate(to);
        fork++;
        blocks.subList((int) to, blocks.size()).clear();
        whole = after;
        return new PowerLossRun.Step<>(state(), true); // rewrites committed state: always forced
      }
      if (op <= 2) {
        inFlight = state();
        wholeAt.put(inFlight, whole);
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
      java.util.TreeSet<Long> reached = new java.util.TreeSet<>(whole);
      reached.add((long) after.size());
      wholeAt.put(inFlight, reached);
      core.append(add);
      blocks.addAll(add);
      whole = reached;
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
