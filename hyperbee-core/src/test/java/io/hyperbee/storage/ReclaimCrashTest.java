package io.hyperbee.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.log.Hypercore;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL during clear and reclaim (issue 16): a child JVM ({@link ReclaimCrashWriter}) appends,
 * clears and reclaims in a loop on small segments and reports each step; the parent kills it at
 * random moments (half of them soon after its third reclaim, wherever its loop is then) and, after each kill, opens the
 * core and checks it: it verifies against the signature, no acknowledged append is lost, every
 * block not cleared reads back exactly, every acknowledged clear reads as "not available locally",
 * and the clear that was running when the child died is there entirely or not at all.
 */
class ReclaimCrashTest {
  private static final long SEED = 16_2026_1204L;
  private static final int KILLS = 30;

  @TempDir Path tmp;
  private long savedSegmentBytes;
  private final CrashPlan plan = new CrashPlan(SEED);
  private final BitSet cleared = new BitSet(); // blocks whose clear was acknowledged or seen done
  private long acknowledgedLength;
  private int killsMidClear;
  private int killsMidReclaim;
  private long reclaims;
  private long[] notDone; // the last interrupted clear found not done, if any

  @BeforeEach
  void smallSegments() {
    savedSegmentBytes = FileCoreStorage.segmentBytes;
    FileCoreStorage.segmentBytes = ReclaimCrashWriter.SEGMENT_BYTES;
  }

  @AfterEach
  void restore() {
    FileCoreStorage.segmentBytes = savedSegmentBytes;
  }

  @Test
  void clearsAndReclaimsSurviveSigkill() throws Exception {
    Path dir = tmp.resolve("core");
    ChildJvm.killRepeatedly(new Random(SEED), KILLS, 2, "WARM",
        k -> ChildJvm.start(ReclaimCrashWriter.class, dir.toString(), Long.toString(SEED), Integer.toString(k)),
        (k, lines, stderr) -> check(dir, lines, "kill " + k + " (seed " + SEED + "), child stderr: " + stderr));
    System.out.printf("reclaim crash test: %d kills, %d blocks, %d cleared, %d reclaims, %d kills mid-clear,"
        + " %d mid-reclaim%n", KILLS, acknowledgedLength, cleared.cardinality(), reclaims, killsMidClear,
        killsMidReclaim);
    // odd-numbered kills come after the child's WARM (ChildJvm.killRepeatedly)
    assertTrue(reclaims >= KILLS / 2 * ReclaimCrashWriter.WARM_RECLAIMS, "only " + reclaims + " reclaims ran");
    assertTrue(cleared.cardinality() > 0, "nothing was ever cleared");
  }

  /** What a read of block {@code i} gives, for a failure message. */
  private String tryGet(Hypercore core, long i) {
    try {
      return java.util.Arrays.equals(plan.block(i), core.get(i)) ? "the right bytes" : "WRONG bytes";
    } catch (RuntimeException e) {
      return e.toString();
    }
  }

  private void check(Path dir, List<String> lines, String context) {
    long[] running = null; // the clear announced and not acknowledged
    boolean reclaiming = false;
    for (String line : lines) {
      String[] f = line.split(" ");
      switch (f[0]) {
        case "ACK" -> {
          long length = Long.parseLong(f[1]);
          int batch = plan.batchEndingAt(length);
          assertTrue(batch > 0, "acknowledged length " + length + " ends no batch; " + context);
          assertEquals(Long.parseLong(f[2]), CrashPlan.crc(plan.blocks(plan.boundary(batch - 1), batch)), context);
          acknowledgedLength = Math.max(acknowledgedLength, length);
        }
        case "CLEARING" -> running = new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])};
        case "CLEARED" -> {
          cleared.set((int) running[0], (int) running[1]);
          running = null;
        }
        case "RECLAIMING" -> reclaiming = true;
        case "RECLAIMED" -> {
          reclaiming = false;
          reclaims++;
        }
        case "WARM", "APPENDING" -> { }
        default -> fail("unexpected child output " + line + "; " + context);
      }
    }
    context = "last lines " + lines.subList(Math.max(0, lines.size() - 4), lines.size()) + "; " + context;
    killsMidClear += running != null ? 1 : 0;
    killsMidReclaim += reclaiming ? 1 : 0;
    try (Hypercore core = Hypercore.open(dir, io.hyperbee.log.HypercoreCrashWriter.options(SEED, false))) {
      long length = core.length();
      assertTrue(length >= acknowledgedLength, "lost an acknowledged append: length " + length
          + ", acknowledged " + acknowledgedLength + "; " + context);
      assertTrue(plan.batchEndingAt(length) >= 0, "partial batch visible at length " + length + "; " + context);
      // the child appends one batch past its last ACK at most: a longer core means lines of its
      // output went missing, and the checks below would blame the store for the steps they announced
      assertTrue(length <= plan.boundary(plan.batchEndingAt(acknowledgedLength) + 1), "length " + length
          + " lies past the append after the last acknowledged length " + acknowledgedLength
          + ": the child's output is incomplete; " + context);
      core.verify(); // every stored block against the tree, the tree against the signature
      if (running != null) { // the interrupted clear: all of it or none of it (of what it found stored)
        Boolean done = null;
        for (long i = running[0]; i < running[1]; i++) {
          if (cleared.get((int) i)) {
            continue; // cleared before, by an acknowledged clear
          }
          boolean gone = !core.has(i);
          assertTrue(done == null || done == gone, "block " + i + " of the interrupted clear " + running[0]
              + ".." + running[1] + " is half there; " + context);
          done = gone;
        }
        if (Boolean.TRUE.equals(done)) {
          cleared.set((int) running[0], (int) running[1]);
        } else {
          notDone = running;
        }
      }
      long storedBytes = 0;
      for (long i = 0; i < length; i++) {
        if (cleared.get((int) i)) {
          assertFalse(core.has(i), "cleared block " + i + " is back; " + context);
          long index = i;
          HyperbeeException e = assertThrows(HyperbeeException.class, () -> core.get(index),
              "cleared block " + i + "; " + context);
          assertEquals(ErrorCode.BLOCK_NOT_AVAILABLE, e.code(), context);
        } else {
          assertTrue(core.has(i), "block " + i + " was never cleared but is gone (length " + length + ", get: "
              + tryGet(core, i) + ")"
              + (notDone != null && i >= notDone[0] && i < notDone[1] ? " (its clear was interrupted and"
              + " found not done before)" : "") + "; " + context);
          byte[] block = core.get(i);
          assertArrayEquals(plan.block(i), block, "block " + i + "; " + context);
          storedBytes += block.length;
        }
      }
      StorageStats stats = core.storageStats();
      assertEquals(storedBytes, stats.liveBytes(), context);
      assertEquals(cleared.cardinality(), stats.clearedBlocks(), context);
    }
  }
}
