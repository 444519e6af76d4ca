package io.hyperbee.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running a test main class on the test class path, for crash tests: the parent reads
 * its stdout line by line, writes to its stdin and kills it with SIGKILL
 * ({@link Process#destroyForcibly()} on Linux).
 *
 * <p>The child's stdout and stderr go to files, which the parent reads as they grow, not to
 * pipes: {@code destroyForcibly} closes the process's pipe streams, so whatever the parent had not
 * read yet was lost, and a crash test's oracle missed the child's last lines (a clear the child
 * announced and did then looked like a block the store cleared on its own, issue 16). What the
 * child wrote to a file before it died is all there (the page cache survives the kill).
 */
public final class ChildJvm implements AutoCloseable {
  private static final String EOF = "\u0000EOF";

  private final Process process;
  private final Path out;
  private final Path err;
  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> taken = new ArrayList<>(); // lines consumed by awaitPrefix
  private final Thread reader;
  private volatile String stderrAtEnd; // kept by end(), which deletes the files

  private ChildJvm(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
    this.reader = new Thread(this::follow, "child-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Hands each line of the stdout file to {@link #lines} once it is written, until the child is
   * dead and the file read to its end; then EOF (after a last line without newline, if any).
   */
  private void follow() {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    ByteBuffer buf = ByteBuffer.allocate(1 << 16);
    try (FileChannel ch = FileChannel.open(out, StandardOpenOption.READ)) {
      long at = 0;
      while (true) {
        boolean dead = !process.isAlive(); // checked before the read: all it wrote is then in the file
        buf.clear();
        int n = ch.read(buf, at);
        if (n > 0) {
          at += n;
          for (int k = 0; k < n; k++) {
            byte b = buf.get(k);
            if (b == '\n') {
              lines.add(line.toString(StandardCharsets.UTF_8));
              line.reset();
            } else {
              line.write(b);
            }
          }
        } else if (dead) {
          break;
        } else {
          Thread.sleep(1);
        }
      }
    } catch (IOException e) {
      lines.add("(reading the child's stdout failed: " + e + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (line.size() > 0) {
        lines.add(line.toString(StandardCharsets.UTF_8)); // the child died mid-line
      }
      lines.add(EOF);
    }
  }

  /** Starts {@code main} with {@code args}, tuned for a fast start. */
  public static ChildJvm start(Class<?> main, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m",
        "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile("child-stdout", ".txt");
    Path err = Files.createTempFile("child-stderr", ".txt");
    try {
      return new ChildJvm(new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start(),
          out, err);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
      throw e;
    }
  }

  /** Waits for the next line; fails when the child prints none in time (or dies first). */
  public String nextLine(long timeoutSeconds) throws InterruptedException {
    String line = lines.poll(timeoutSeconds, TimeUnit.SECONDS);
    if (line == null || line.equals(EOF)) {
      throw new AssertionError("child printed nothing; stderr: " + stderr());
    }
    return line;
  }

  /** Waits for the next line, which must be {@code expected}. */
  public void expect(String expected, long timeoutSeconds) throws InterruptedException {
    String line = lines.poll(timeoutSeconds, TimeUnit.SECONDS);
    if (!expected.equals(line)) {
      throw new AssertionError("child said " + line + " instead of " + expected + "; stderr: " + stderr());
    }
  }

  /**
   * Waits until the child prints a line starting with {@code prefix} (or dies); the lines stay
   * in what {@link #kill} returns.
   */
  public void awaitPrefix(String prefix, long timeoutSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (true) {
      String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null || line.equals(EOF)) {
        throw new AssertionError("child printed no " + prefix + " line; stderr: " + stderr());
      }
      taken.add(line);
      if (line.startsWith(prefix)) {
        return;
      }
    }
  }

  public void send(String line) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  /** SIGKILLs the child and returns every line it printed since the last call. */
  public List<String> kill() throws InterruptedException {
    end();
    List<String> printed = new ArrayList<>(taken);
    taken.clear();
    for (String line; (line = lines.poll()) != null; ) {
      if (!line.equals(EOF)) {
        printed.add(line);
      }
    }
    return printed;
  }

  /** Starts the child of kill number {@code k}. */
  public interface Spawner {
    ChildJvm spawn(int k) throws Exception;
  }

  /** Checks the state the child of kill {@code k} left, given the lines it printed. */
  public interface Checker {
    void check(int k, List<String> lines, String stderr) throws Exception;
  }

  /**
   * Runs {@code kills} children one after another: each says READY, is told GO, is SIGKILLed and
   * its leftovers are checked. Even-numbered kills come a random 5 to 60 ms after GO (often while
   * the child opens and recovers the core); odd-numbered ones a random 0 to 30 ms after the
   * child's first line starting with {@code busyPrefix} (while it writes, however slow a loaded
   * machine makes its start). {@code spare} further children are kept starting meanwhile, so JVM
   * start-up overlaps the running child and the checks.
   */
  public static void killRepeatedly(java.util.Random random, int kills, int spare, String busyPrefix, Spawner spawner,
      Checker checker) throws Exception {
    java.util.ArrayDeque<ChildJvm> ready = new java.util.ArrayDeque<>();
    int spawned = 0;
    long waiting = 0;
    long checking = 0;
    long start = System.nanoTime();
    try {
      for (int k = 0; k < kills; k++) {
        while (spawned < kills && ready.size() <= spare) {
          ready.add(spawner.spawn(spawned++));
        }
        ChildJvm child = ready.poll();
        long t0 = System.nanoTime();
        child.expect("READY", 120);
        waiting += System.nanoTime() - t0;
        child.send("GO");
        if (k % 2 == 1) {
          child.awaitPrefix(busyPrefix, 120);
          Thread.sleep(random.nextInt(31));
        } else {
          Thread.sleep(5 + random.nextInt(56));
        }
        List<String> lines = child.kill();
        long t1 = System.nanoTime();
        checker.check(k, lines, child.stderr());
        checking += System.nanoTime() - t1;
      }
      System.out.printf("%d kills in %d ms: %d ms waiting for children to start, %d ms checking%n", kills,
          (System.nanoTime() - start) / 1_000_000, waiting / 1_000_000, checking / 1_000_000);
    } finally {
      for (ChildJvm c : ready) {
        c.close();
      }
    }
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** What the child wrote to stderr so far (all of it once killed or closed). */
  public String stderr() {
    String atEnd = stderrAtEnd;
    if (atEnd != null) {
      return atEnd;
    }
    try {
      return Files.readString(err, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(stderr unreadable: " + e + ")";
    }
  }

  /** SIGKILLs the child, waits until its stdout is read to the end, keeps its stderr, deletes both files. */
  private void end() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
    reader.join(10_000);
    if (stderrAtEnd == null) {
      stderrAtEnd = stderr();
    }
    try {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    } catch (IOException e) {
      // a temporary file left behind is harmless
    }
  }

  @Override
  public void close() throws InterruptedException {
    end();
  }
}
