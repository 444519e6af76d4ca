package io.hyperbee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged tool run as a new user runs it: {@code target/hyperbee.jar} with {@code java -jar}
 * and the {@code ./hyperbee} launcher, as separate processes with their own working directory.
 * Runs in the package phase, after the shade plugin built the jar.
 */
class CliJarTest {
  /** What JS computes for the demo's writes (src/test/js/demo-check.js). */
  static final String DEMO_TREE_HASH =
      "03d0ea54517be4f0be0c984f3820a7da97d5601fec1edc8c45a0b0f719ce94c8";
  static final String DEMO_SIGNATURE = "0100597a6bc297cf406696bbf320dbec486ba2dbf4287c3cf81cb769a1"
      + "af267bf87f50faf5dba5015d6f373b82a1042ec4edda825bed0b274e215fd2fac86dc9f3040000";

  private static final Path JAR = Path.of("target", "hyperbee.jar").toAbsolutePath();
  private static final Path LAUNCHER = Path.of("..", "hyperbee").toAbsolutePath().normalize();

  @TempDir Path cwd;

  record Run(int exit, String out, String err) {}

  @BeforeAll
  static void jarIsBuilt() {
    // a -Dtest=... run also selects this class in the test phase, before the jar is rebuilt
    assumeTrue(Boolean.getBoolean("hyperbee.jarTests"),
        "runs in the package phase (surefire execution jar-tests), after shading");
    assertTrue(Files.isRegularFile(JAR), JAR + " is missing: run mvn package");
  }

  @Test
  void demoRunsInTheDefaultDirectoryAndAgainInAFreshOne() throws Exception {
    Run first = jar(null, "demo");
    assertEquals(0, first.exit(), first::toString);
    assertEquals("", first.err());
    assertTrue(first.out().contains("tree hash:     " + DEMO_TREE_HASH), first.out());
    assertTrue(first.out().contains("signature:     " + DEMO_SIGNATURE), first.out());
    assertTrue(first.out().contains("~ fruit/banana\tyellow -> green"), first.out());
    assertTrue(first.out().contains("$ hyperbee put greeting 'hello, world'"), first.out());
    // the first run uses the default directory, so what a newcomer types next just works
    Run scan = jar(null, "scan", "--lt", "h");
    assertEquals("fruit/apple\tred\nfruit/banana\tgreen\ngreeting\thello, world\n", scan.out());

    Run second = jar(null, "demo");
    assertEquals(0, second.exit(), second::toString);
    assertTrue(second.out().contains("in hyperbee-data-2\n(hyperbee-data is taken"), second.out());
    assertTrue(second.out().contains("$ hyperbee put hyperbee-data-2 greeting"), second.out());
    assertTrue(second.out().contains("tree hash:     " + DEMO_TREE_HASH), second.out());
  }

  @Test
  void defaultDirectoryPipesAndErrors() throws Exception {
    Run missing = jar(null, "get", "k");
    assertEquals(ExitCodes.FAILED, missing.exit());
    assertEquals("", missing.out());
    assertEquals("hyperbee: no bee in hyperbee-data: the directory does not exist (create a bee"
        + " with: hyperbee init hyperbee-data)\n", missing.err());

    assertEquals(0, jar(null, "init").exit());
    String lines = "{\"type\":\"put\",\"key\":\"a\",\"value\":\"1\"}\n"
        + "{\"type\":\"put\",\"key\":\"b\",\"value\":\"2\"}\n";
    Run applied = jar(lines, "apply", "--json");
    assertEquals(0, applied.exit(), applied::toString);
    assertEquals("{\"lines\":2,\"puts\":2,\"dels\":0,\"batches\":0,\"version\":3}\n", applied.out());
    assertEquals("", applied.err(), "no progress drawn into a pipe");
    Run scan = jar(null, "scan", "--json");
    assertEquals("{\"seq\":1,\"key\":\"a\",\"value\":\"1\"}\n{\"seq\":2,\"key\":\"b\",\"value\":\"2\"}\n",
        scan.out());

    Run bad = jar("{\"type\":\"put\",\"key\":\"c\",\"value\":\"3\"}\nnot json\n", "apply");
    assertEquals(ExitCodes.USAGE, bad.exit());
    assertTrue(bad.err().startsWith("hyperbee: line 2: not valid JSON"), bad.err());
    assertEquals(1, bad.err().lines().count(), bad.err());
    assertEquals("3\n", jar(null, "get", "c").out());

    // commands whose DIR is optional and given no word at all (picocli leaves their list null)
    assertEquals(0, jar(null, "put", "c", "4").exit());
    Run compact = jar(null, "compact", "--keep-last", "2");
    assertEquals(0, compact.exit(), compact::toString);
    assertEquals("4\n", jar(null, "get", "c").out());
    assertEquals("3\n", jar(null, "get", "c", "--version", "4").out(), "the last 2 versions kept whole");
  }

  @Test
  void verifyNamesCorruptionOnDisk() throws Exception {
    assertEquals(0, jar(null, "init", "bee").exit());
    assertEquals(0, jar(null, "put", "bee", "k", "a value about to be damaged").exit());
    assertEquals(0, jar(null, "verify", "bee").exit());
    CorruptFiles.flipByteOf(cwd.resolve("bee"), "about to be damaged");
    Run r = jar(null, "verify", "bee");
    assertEquals(ExitCodes.CORRUPT, r.exit(), r::toString);
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains("block 1"), r.err());
  }

  @Test
  void launcherRunsTheJarWithUtf8ArgumentsEvenInAPosixLocale() throws Exception {
    Run version = launcher("--version");
    assertEquals(0, version.exit(), version::toString);
    assertTrue(version.out().startsWith("hyperbee "), version.out());
    assertFalse(version.err().contains("building"), "the jar is fresh: no rebuild");

    assertEquals(0, launcher("init", "bee").exit());
    assertEquals(0, launcher("put", "bee", "clé", "café").exit());
    Run get = launcher("get", "bee", "clé");
    assertEquals(0, get.exit(), get::toString);
    assertEquals("café\n", get.out());
    Run json = launcher("scan", "bee", "--json", "--key-encoding", "hex");
    assertEquals("{\"seq\":1,\"key\":\"636cc3a9\",\"value\":\"café\"}\n", json.out());
  }

  /** As a new user tries it: watch in one terminal, writes from another, one process each. */
  @Test
  void watchPrintsWritesOfAnotherProcessAsTheyHappen() throws Exception {
    assertEquals(0, jar(null, "init", "bee").exit());
    Path out = cwd.resolve("watch.out");
    Process watch = new ProcessBuilder(javaBin(), "-jar", JAR.toString(), "watch", "bee",
            "--gte", "fruit/", "--lt", "fruit0", "--count", "2", "--json")
        .directory(cwd.toFile())
        .redirectOutput(out.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      for (int i = 0; watch.isAlive() && System.nanoTime() < deadline; i++) {
        Run veg = jar(null, "put", "bee", "veg/" + i, "not watched");
        assertEquals(0, veg.exit(), veg::toString); // never locked out by the watch for long
        assertEquals(0, jar(null, "put", "bee", "fruit/" + i, "ripe " + i).exit());
      }
      assertTrue(watch.waitFor(60, TimeUnit.SECONDS), "watch did not stop after --count 2");
      assertEquals(0, watch.exitValue());
      List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
      assertTrue(lines.size() >= 2, lines::toString);
      for (String line : lines) {
        assertTrue(line.matches("\\{\"version\":\\d+,\"previous\":\\d+,\"left\":\\{\"seq\":\\d+,"
            + "\"key\":\"fruit/\\d+\",\"value\":\"ripe \\d+\"},\"right\":null}"), line);
      }
    } finally {
      watch.destroyForcibly();
      watch.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private Run jar(String stdin, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(javaBin(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    return run(command, stdin, Map.of());
  }

  private Run launcher(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
    command.addAll(List.of(args));
    return run(command, null, Map.of("LC_ALL", "C", "LANG", "C"));
  }

  private Run run(List<String> command, String stdin, Map<String, String> env)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
    pb.environment().putAll(env);
    pb.environment().put("PATH", Path.of(javaBin()).getParent() + ":" + System.getenv("PATH"));
    Path out = Files.createTempFile(cwd, "out", ".txt");
    Path err = Files.createTempFile(cwd, "err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    try (var in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    Run r = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
    Files.delete(out);
    Files.delete(err);
    return r;
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
