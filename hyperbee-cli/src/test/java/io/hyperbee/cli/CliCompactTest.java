package io.hyperbee.cli;

import static io.hyperbee.cli.CliCommandsTest.fails;
import static io.hyperbee.cli.CliCommandsTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hyperbee compact}: keeps the current version (or the last N), frees the rest, reports both. */
class CliCompactTest {
  @TempDir Path tmp;

  @Test
  void compactKeepsTheCurrentVersionAndFreesTheRest() {
    String dir = tmp.resolve("bee").toString();
    ok("init", dir, "--seed", CliCommandsTest.SEED);
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 20; i++) {
        ok("put", dir, "k" + i, "value " + round + " " + "x".repeat(200));
      }
    }
    String before = ok("info", dir).out();
    assertTrue(before.contains("0 blocks cleared"), before);
    Cli.Result r = ok("compact", dir);
    String after = ok("info", dir).out();
    assertTrue(after.matches("(?s).*bytes live: +[1-9][0-9]* \\([1-9][0-9]* blocks cleared, 0 bytes reclaimable.*"), after);
    assertTrue(after.contains("bytes on disk: "), after);
    assertTrue(r.out().contains("blocks of older versions cleared"), r.out());
    assertTrue(r.out().matches("(?s).*freed: +[1-9][0-9]* bytes.*"), r.out());
    assertEquals("value 2 " + "x".repeat(200) + "\n", ok("get", dir, "k7").out());
    ok("put", dir, "k7", "after"); // still writable
    assertEquals("after\n", ok("get", dir, "k7").out());
    Cli.Result old = fails(ExitCodes.FAILED, "get", dir, "k7", "--version", "5");
    assertTrue(old.err().contains("not available locally"), old.err());
  }

  @Test
  void keepLastKeepsThatManyVersionsWhole() {
    String dir = tmp.resolve("bee").toString();
    ok("init", dir, "--seed", CliCommandsTest.SEED);
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 10; i++) {
        ok("put", dir, "k" + i, "value " + round);
      }
    }
    // versions: 1 after init (header), then one per put; the last 10 are the third round's
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("version: +([0-9]+)").matcher(ok("info", dir).out());
    assertTrue(m.find());
    long current = Long.parseLong(m.group(1));
    Cli.Result r = ok("compact", dir, "--keep-last", "10");
    assertTrue(r.out().contains((current - 9) + " to " + current + " kept"), r.out());
    for (long v = current - 9; v <= current; v++) {
      int written = (int) (v - (current - 10)); // keys of round 2 written by then (version v: v - 1 puts)
      for (int i = 0; i < 10; i++) {
        String want = i < written ? "value 2" : "value 1";
        assertEquals(want + "\n", ok("get", dir, "k" + i, "--version", Long.toString(v)).out(), "k" + i + " at " + v);
      }
    }
    Cli.Result old = fails(ExitCodes.FAILED, "get", dir, "k0", "--version", Long.toString(current - 12));
    assertTrue(old.err().contains("not available locally"), old.err());
    assertTrue(fails(ExitCodes.USAGE, "compact", dir, "--keep-last", "0").err().contains("at least 1"));
  }
}
