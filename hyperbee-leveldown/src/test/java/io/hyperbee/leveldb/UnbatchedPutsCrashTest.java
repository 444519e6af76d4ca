package io.hyperbee.leveldb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.storage.ChildJvm;
import io.hyperbee.storage.CrashPlan;
import java.io.File;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unbatched, unsynced puts (issue 18: each its own append commit, written through the storage's
 * memory mappings) killed with SIGKILL at random moments: after every kill the database opens with
 * full verification, holds every acknowledged put, and holds the puts as a prefix of the sequence
 * (each put either there whole or not at all, none after a missing one) of each writer thread.
 * One and four writer threads in turn, so grouped appends (the bee's writer queue) are killed too.
 */
class UnbatchedPutsCrashTest {
  private static final long SEED = 18_2026_1204L;
  private static final int KILLS = 24;

  @TempDir Path tmp;

  private static final int THREADS = 4;

  private int killsWithAcks;
  private final long[] verified = new long[THREADS];

  @Test
  void everyAcknowledgedUnbatchedPutSurvivesSigkill() throws Exception {
    Path dir = tmp.resolve("db");
    Random random = new Random(SEED);
    ChildJvm.killRepeatedly(random, KILLS, 1, "ACK", k -> ChildJvm.start(Writer.class, dir.toString(),
            Integer.toString(k % 2 == 0 ? 1 : THREADS), tmp.resolve("scratch-" + k).toString()),
        (k, lines, stderr) -> check(dir, lines, "kill " + k + " (seed " + SEED + "), child stderr: " + stderr));
    System.out.printf("unbatched puts crash test: %d kills, %s puts per thread, %d kills with acknowledged puts%n",
        KILLS, java.util.Arrays.toString(verified), killsWithAcks);
    assertTrue(killsWithAcks >= KILLS / 2, "only " + killsWithAcks + " of " + KILLS + " kills had acknowledged puts");
  }

  private void check(Path dir, List<String> lines, String context) {
    long[] acknowledged = new long[THREADS];
    java.util.Arrays.fill(acknowledged, -1);
    boolean any = false;
    for (String line : lines) {
      String[] f = line.split(" ");
      assertEquals("ACK", f[0], "unexpected child output " + line + "; " + context);
      int t = Integer.parseInt(f[1]);
      acknowledged[t] = Math.max(acknowledged[t], Long.parseLong(f[2]));
      any = true;
    }
    killsWithAcks += any ? 1 : 0;
    if (!dir.toFile().exists()) {
      assertTrue(!any, context);
      return;
    }
    try (DB db = HyperbeeDBFactory.factory.open(dir.toFile(), new Options().paranoidChecks(true))) {
      for (int t = 0; t < THREADS; t++) {
        long n = Writer.firstMissing(db, t);
        assertTrue(n > acknowledged[t] && n >= verified[t], "lost an acknowledged put of thread " + t
            + ": first missing " + n + ", acknowledged " + acknowledged[t] + ", verified before " + verified[t] + "; "
            + context);
        for (long i = Math.max(0, verified[t] - 100); i < n; i++) {
          assertArrayEquals(Writer.value(t, i), db.get(Writer.key(t, i)), "put " + t + "/" + i + "; " + context);
        }
        for (long i = n + 1; i < n + 100; i++) {
          assertNull(db.get(Writer.key(t, i)), "put " + t + "/" + i + " is there but " + n + " is not; " + context);
        }
        verified[t] = n;
      }
    } catch (java.io.IOException e) {
      throw new AssertionError("the database does not open after a kill: " + e + "; " + context, e);
    }
  }

  /**
   * The child: warms up on a scratch database, says READY, waits for GO, then puts from 1 or 4
   * threads at once, thread t continuing its own sequence of keys where the database ends it and
   * printing "ACK t i" once put i returned, until killed. Arguments: database, threads, scratch
   * directory.
   */
  public static final class Writer {
    private Writer() {}

    public static void main(String[] args) throws Exception {
      int threads = Integer.parseInt(args[1]);
      PrintStream out = new PrintStream(System.out, false, UTF_8);
      try (DB scratch = HyperbeeDBFactory.factory.open(new File(args[2]), new Options())) {
        for (long i = 0; i < 2000; i++) {
          scratch.put(key(0, i), value(0, i));
        }
      }
      long deadline = CrashPlan.awaitGo(out);
      if (deadline < 0) {
        return;
      }
      try (DB db = HyperbeeDBFactory.factory.open(new File(args[0]), new Options())) {
        Thread[] writers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
          int thread = t;
          long from = firstMissing(db, t);
          writers[t] = new Thread(() -> {
            for (long i = from; System.nanoTime() < deadline; i++) {
              db.put(key(thread, i), value(thread, i)); // unbatched, unsynced: one append commit each
              synchronized (out) {
                out.println("ACK " + thread + " " + i);
                out.flush();
              }
            }
          });
          writers[t].start();
        }
        for (Thread w : writers) {
          w.join();
        }
      }
    }

    /** The first index of thread {@code t} whose key the database does not hold (its puts go in order). */
    static long firstMissing(DB db, int t) {
      long lo = 0;
      long hi = 1;
      while (db.get(key(t, hi - 1)) != null) {
        lo = hi;
        hi *= 2;
      }
      while (lo < hi) { // the first missing one lies in [lo, hi)
        long mid = (lo + hi) >>> 1;
        if (db.get(key(t, mid)) != null) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }

    static byte[] key(int t, long i) {
      return String.format("t%d-%010d", t, i).getBytes(UTF_8);
    }

    static byte[] value(int t, long i) {
      byte[] v = new byte[20 + (int) (i % 180)];
      new Random(i * 31 + t).nextBytes(v);
      return v;
    }
  }
}
