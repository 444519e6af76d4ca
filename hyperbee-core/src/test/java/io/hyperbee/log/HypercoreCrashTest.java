package io.hyperbee.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.storage.ChildJvm;
import io.hyperbee.storage.CrashPlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test of issue 4: a child JVM appends batches to a synced {@link Hypercore} on disk
 * and reports each acknowledged append; the parent SIGKILLs it at random moments, reopens the core
 * and checks that every acknowledged batch is there, no partial batch is visible, and the whole
 * tree verifies against the signature. The next child starts while the previous one is checked.
 */
class HypercoreCrashTest {
  private static final long SEED = 4_2026_1124L;
  private static final int KILLS = 200;

  @TempDir Path tmp;

  private final CrashPlan plan = new CrashPlan(SEED);
  private long verified;
  private int killsWithAcks;

  @Test
  void everyAcknowledgedAppendSurvivesSigkill() throws Exception {
    Path dir = tmp.resolve("core");
    ChildJvm.killRepeatedly(new Random(SEED), KILLS, 2, "ACK", k -> ChildJvm.start(HypercoreCrashWriter.class,
            dir.toString(), Long.toString(SEED)),
        (k, lines, stderr) -> check(dir, lines, "kill " + k + " (seed " + SEED + "), child stderr: " + stderr));
    System.out.printf("hypercore crash test: %d kills, %d blocks, %d kills with acknowledged appends%n", KILLS,
        verified, killsWithAcks);
    // every odd-numbered kill comes after the child's first ACK (ChildJvm.killRepeatedly): at least
    // half the kills must have had acknowledged appends, or the test proved nothing
    assertTrue(killsWithAcks >= KILLS / 2, "only " + killsWithAcks + " of " + KILLS + " kills had acknowledged appends");
  }

  private void check(Path dir, List<String> lines, String context) {
    long acknowledged = 0;
    for (String line : lines) {
      String[] f = line.split(" ");
      assertEquals("ACK", f[0], "unexpected child output " + line + "; " + context);
      long length = Long.parseLong(f[1]);
      int batch = plan.batchEndingAt(length);
      assertTrue(batch > 0, "acknowledged length " + length + " ends no batch; " + context);
      List<byte[]> content = new ArrayList<>();
      for (long i = plan.boundary(batch - 1); i < length; i++) {
        content.add(plan.block(i));
      }
      assertEquals(Long.parseLong(f[2]), CrashPlan.crc(content), context);
      acknowledged = Math.max(acknowledged, length);
    }
    killsWithAcks += acknowledged > 0 ? 1 : 0;
    try (Hypercore core = Hypercore.open(dir, HypercoreCrashWriter.options(SEED, false))) {
      long length = core.length();
      assertTrue(length >= acknowledged && length >= verified, "lost an acknowledged batch: length " + length
          + ", acknowledged " + acknowledged + ", verified before " + verified + "; " + context);
      assertTrue(plan.batchEndingAt(length) >= 0, "partial batch visible at length " + length + "; " + context);
      for (long i = verified; i < length; i++) {
        assertArrayEquals(plan.block(i), core.get(i), "block " + i + "; " + context);
      }
      core.verify(); // every block against the tree, the tree against the signature
      verified = length;
    }
  }
}
