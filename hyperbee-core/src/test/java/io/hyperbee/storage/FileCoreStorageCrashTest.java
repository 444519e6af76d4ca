package io.hyperbee.storage;

import static io.hyperbee.storage.CoreStorageContractTest.assertHeadEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.merkle.FlatTree;
import io.hyperbee.merkle.Node;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM that commits batches to a {@link FileCoreStorage} with SIGKILL at random
 * moments, and after every kill checks on reopening that every acknowledged batch is there, the
 * length ends a batch (no partial batch), every block and node is right and the head matches the
 * tree. Children also store old blocks again (journalled commits), so kills hit those too.
 */
class FileCoreStorageCrashTest {
  private static final long SEED = 20261124L;
  private static final int KILLS = 60; // HypercoreCrashTest adds 200 through Hypercore

  @TempDir Path tmp;

  private final CrashPlan plan = new CrashPlan(SEED);
  private final FakeTree expected = new FakeTree();
  private final List<Node> expectedNodes = new ArrayList<>();
  private long verified;
  private long acknowledged;
  private int killsWithAcks;

  @Test
  void everyAcknowledgedBatchSurvivesSigkill() throws Exception {
    Path dir = tmp.resolve("core");
    Random random = new Random(SEED);
    ChildJvm.killRepeatedly(random, KILLS, 1, "ACK", k -> ChildJvm.start(CrashWriter.class, dir.toString(),
            Long.toString(SEED), Boolean.toString(k % 4 != 0), tmp.resolve("scratch-" + k).toString()),
        (k, lines, stderr) -> check(dir, random, lines, "kill " + k + " (seed " + SEED + "), child stderr: " + stderr));
    System.out.printf("storage crash test: %d kills, %d blocks, %d kills with acknowledged batches%n", KILLS, verified,
        killsWithAcks);
    // every odd-numbered kill comes after the child's first ACK (ChildJvm.killRepeatedly): at least
    // half the kills must have had acknowledged batches, or the test proved nothing
    assertTrue(killsWithAcks >= KILLS / 2, "only " + killsWithAcks + " of " + KILLS + " kills had acknowledged batches");
    try (FileCoreStorage s = FileCoreStorage.open(dir, false, false, false)) {
      for (long i = 0; i < verified; i++) {
        assertArrayEquals(plan.block(i), s.readBlock(i), "block " + i);
      }
      for (Node n : expectedNodes) {
        assertEquals(n, s.readNode(n.index()));
      }
    }
  }

  private void check(Path dir, Random random, List<String> lines, String context) {
    List<Long> rewritten = new ArrayList<>();
    killsWithAcks += lines.stream().anyMatch(l -> l.startsWith("ACK")) ? 1 : 0;
    for (String line : lines) {
      String[] f = line.split(" ");
      if (f[0].equals("ACK")) {
        long length = Long.parseLong(f[1]);
        acknowledged = Math.max(acknowledged, length);
        int batch = plan.batchEndingAt(length);
        List<byte[]> content = new ArrayList<>();
        for (long i = plan.boundary(batch - 1); i < length; i++) {
          content.add(plan.block(i));
        }
        assertEquals(Long.parseLong(f[2]), CrashPlan.crc(content), context);
      } else if (f[0].equals("REWRITE")) {
        for (int k = 1; k < f.length; k++) {
          rewritten.add(Long.parseLong(f[k]));
        }
      } else {
        throw new AssertionError("unexpected child output " + line + "; " + context);
      }
    }
    try (FileCoreStorage s = FileCoreStorage.open(dir, true, false, false)) {
      if (s.identity() == null) {
        assertEquals(0, acknowledged, context);
        return;
      }
      long length = s.head().length();
      assertTrue(length >= acknowledged && length >= verified, "lost an acknowledged batch: length " + length
          + ", acknowledged " + acknowledged + ", verified before " + verified + "; " + context);
      assertTrue(plan.batchEndingAt(length) >= 0, "partial batch visible at length " + length + "; " + context);
      while (expected.length() < length) {
        expectedNodes.addAll(expected.append(plan.block(expected.length())));
      }
      if (length > 0) {
        assertHeadEquals(expected.head(0), s.head());
      }
      List<Long> check = new ArrayList<>(rewritten);
      for (long i = verified; i < length; i++) {
        check.add(i);
      }
      for (int k = 0; k < 20 && length > 0; k++) {
        check.add((long) random.nextInt((int) length));
      }
      for (long i : check) {
        assertArrayEquals(plan.block(i), s.readBlock(i), "block " + i + "; " + context);
      }
      for (Node n : expectedNodes) {
        if (FlatTree.rightSpan(n.index()) >= 2 * verified) {
          assertEquals(n, s.readNode(n.index()), context);
        }
      }
      assertNull(s.readBlock(length), context);
      assertNull(s.readNode(2 * length), context);
      verified = length;
    }
  }
}
