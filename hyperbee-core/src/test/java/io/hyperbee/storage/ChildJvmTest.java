package io.hyperbee.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ChildJvm#kill} hands back every line the child wrote before it died: the crash tests'
 * oracles are built from those lines, and a lost "CLEARING" made ReclaimCrashTest see a clear the
 * child really did as a block "never cleared" (issue 16). {@link Process#destroyForcibly} closes
 * the process's stdout stream, so output still unread in a pipe was dropped.
 */
class ChildJvmTest {
  private static final int LINES = 3000;
  private static final int KILL_AFTER = 300;

  @TempDir Path tmp;

  @Test
  void killLosesNoLineTheChildWrote() throws Exception {
    for (int run = 0; run < 3; run++) {
      Path written = tmp.resolve("written-" + run);
      List<String> got;
      try (ChildJvm child = ChildJvm.start(Chatter.class, written.toString())) {
        child.expect("READY", 120);
        child.send("GO");
        awaitLines(written, KILL_AFTER);
        got = child.kill(); // while the child writes as fast as it can
      }
      Set<String> received = new HashSet<>(got);
      List<String> done = Files.readAllLines(written); // numbers whose line's write had returned
      assertTrue(done.size() >= KILL_AFTER, "run " + run);
      for (String n : done) {
        assertTrue(received.contains(Chatter.line(Integer.parseInt(n))), "run " + run + ": line " + n + " of "
            + done.size() + " written lines is lost (" + got.size() + " received)");
      }
    }
  }

  @Test
  void linesOfAChildThatExitsArriveInOrderThenEnd() throws Exception {
    try (ChildJvm child = ChildJvm.start(Chatter.class, tmp.resolve("w").toString(), "5")) {
      child.expect("READY", 120);
      child.send("GO");
      for (int i = 0; i < 5; i++) {
        assertEquals(Chatter.line(i), child.nextLine(120));
      }
      AssertionError end = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
          () -> child.nextLine(120));
      assertTrue(end.getMessage().contains("child printed nothing"), end.getMessage());
      assertTrue(child.stderr().contains("bye"), child.stderr());
    }
  }

  /** Waits (bounded) until the child has recorded {@code n} written lines. */
  private static void awaitLines(Path written, int n) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.exists(written) || Files.readAllLines(written).size() < n) {
      assertTrue(System.nanoTime() < deadline, "the child wrote fewer than " + n + " lines in time");
      Thread.sleep(1);
    }
  }

  /**
   * Child: after GO writes numbered lines of 1000 characters to stdout as fast as it can (up to
   * {@link #LINES}, or the count given), recording each number in a file once its write returned;
   * then says "bye" on stderr and waits for stdin to end.
   */
  public static final class Chatter {
    private Chatter() {}

    static String line(int i) {
      return i + " " + "x".repeat(1000);
    }

    public static void main(String[] args) throws IOException {
      PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
      int count = args.length > 1 ? Integer.parseInt(args[1]) : LINES;
      if (CrashPlan.awaitGo(out) < 0) {
        return;
      }
      Path written = Path.of(args[0]);
      try (var log = Files.newOutputStream(written, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
        for (int i = 0; i < count; i++) {
          out.println(line(i));
          out.flush();
          log.write((i + "\n").getBytes(StandardCharsets.US_ASCII));
          log.flush();
        }
      }
      System.err.println("bye");
      System.err.flush();
    }
  }
}
