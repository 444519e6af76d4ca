package io.hyperbee.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Runs a randomized workload under simulated power losses ({@link PowerLossFiles}) and proves
 * what survives: each round opens the store (which must open, and verify), checks that what it
 * holds is exactly the state after some write at or after the last one acknowledged as durable
 * (so no durable write is lost, and no batch is half there), then writes until a power cut armed
 * at a random operation of the file layer stops it, and rewrites the files as a disk might hold
 * them. Prints and returns the counts; fails on the first lost or partial write.
 *
 * @param <S> a value of the whole stored state, compared with {@code equals}
 */
public final class PowerLossRun<S> {

  /** A store under test, reopened every round. */
  public interface Workload<S> {
    /** Opens (creating in the first round) the store in {@code dir} with every file channel from {@code files}. */
    void open(Path dir, FileOpener files, Random random) throws Exception;

    /** The whole stored state, read through the opened store. */
    S read() throws Exception;

    /** Checks the store as a user would (Merkle tree, signature, decoding); throws when it fails. */
    void verify() throws Exception;

    /**
     * Makes one random write. Before touching the store it sets {@link #inFlight} to the state the
     * write leads to: a power cut during the write may keep it or not.
     */
    Step<S> write(Random random) throws Exception;

    /** The state the write in progress leads to. */
    S inFlight();

    /** Closes the store; may fail once the power is cut. */
    void close() throws Exception;
  }

  /** The state after an acknowledged write, and whether it was acknowledged as durable (synced). */
  public record Step<S>(S state, boolean durable) {}

  /** What a run did (a lost write fails the run, so none were). */
  public record Result(long powerLosses, long writes, long durableWrites, long durableWritesChecked,
      long rollbacks) {}

  private final String name;
  private final long seed;
  private final int rounds;
  private final int maxOpsPerRound;
  private final int minDurableChecked;

  /**
   * A run of {@code rounds} power losses, each armed within the first {@code maxOpsPerRound} file
   * operations of a round; it fails unless at least {@code minDurableChecked} durable writes were
   * checked after a later power loss and some unsynced write was rolled back (else it tested nothing).
   */
  public PowerLossRun(String name, long seed, int rounds, int maxOpsPerRound, int minDurableChecked) {
    this.name = name;
    this.seed = seed;
    this.rounds = rounds;
    this.maxOpsPerRound = maxOpsPerRound;
    this.minDurableChecked = minDurableChecked;
  }

  public Result run(Path dir, Workload<S> w) throws Exception {
    Random random = new Random(seed);
    PowerLossFiles files = new PowerLossFiles();
    List<S> history = new ArrayList<>();
    int durable = 0;
    long writes = 0;
    long durableWrites = 0;
    long checked = 0;
    long uncheckedDurable = 0;
    long rollbacks = 0;
    for (int round = 0; round < rounds; round++) {
      String context = name + " round " + round + " (seed " + seed + ")";
      S got;
      try {
        w.open(dir, files, random);
        got = w.read();
      } catch (RuntimeException e) {
        throw new AssertionError(context + ": the store does not open after a power loss: " + e, e);
      }
      if (history.isEmpty()) {
        history.add(got);
      }
      int k = history.size() - 1;
      while (k >= durable && !history.get(k).equals(got)) {
        k--;
      }
      assertTrue(k >= durable, context + ": the store holds a state written by no write at or after the last"
          + " durable one (" + durable + " of " + history.size() + "): a durable write was lost or a batch is"
          + " partial; holds " + got);
      rollbacks += history.size() - 1 - k;
      history.subList(k + 1, history.size()).clear();
      checked += uncheckedDurable;
      uncheckedDurable = 0;
      durable = k; // a writable open leaves what it recovered durable
      try {
        w.verify();
      } catch (RuntimeException e) {
        throw new AssertionError(context + ": the store does not verify after a power loss: " + e, e);
      }
      files.failAfter(1 + random.nextInt(maxOpsPerRound));
      while (!files.dead()) {
        try {
          Step<S> step = w.write(random);
          writes++;
          history.add(step.state());
          if (step.durable()) {
            durable = history.size() - 1;
            durableWrites++;
            uncheckedDurable++;
          }
        } catch (Exception | AssertionError e) {
          if (!files.dead()) {
            throw e;
          }
          history.add(w.inFlight()); // cut during this write: it may have happened or not
        }
      }
      try {
        w.close();
      } catch (Exception e) {
        // the power is off: closing cannot sync
      }
      files.powerLoss(random);
    }
    Result r = new Result(files.powerLosses, writes, durableWrites, checked, rollbacks);
    System.out.printf("power loss %s: %d crash points, %d writes (%d acknowledged durable, %d of them checked"
            + " after a later power loss), %d unsynced writes rolled back; pending file operations kept %d,"
            + " dropped %d, torn %d; files unlinked %d; writes through mappings %d; lost 0%n", name, r.powerLosses(),
        writes, durableWrites, checked, rollbacks, files.pendingOpsKept, files.pendingOpsDropped, files.pendingOpsTorn,
        files.filesUnlinked, files.mappedWrites);
    assertEquals(rounds, r.powerLosses());
    assertTrue(files.pendingOpsDropped > 0 && files.pendingOpsTorn > 0, "the power losses dropped and tore writes");
    assertTrue(checked >= minDurableChecked, "too few durable writes checked: " + r);
    assertTrue(rollbacks > 0, "no unsynced write was ever rolled back: the power losses tested nothing: " + r);
    assertTrue(!StoreFile.writeMapEnabled || files.mappedWrites > 0, "the store wrote nothing through a mapping,"
        + " so the power losses never tested that path");
    return r;
  }
}
