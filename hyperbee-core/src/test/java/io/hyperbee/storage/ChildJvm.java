package io.hyperbee.storage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running a test main class on the test class path, for crash tests: the parent reads
 * its stdout line by line, writes to its stdin and kills it with SIGKILL
 * ({@link Process#destroyForcibly()} on Linux).
 */
public final class ChildJvm implements AutoCloseable {
  private static final String EOF = "\u0000EOF";

  private final Process process;
  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> taken = new ArrayList<>(); // lines consumed by awaitPrefix
  private final Thread reader;
  private final StringBuilder stderr = new StringBuilder();
  private final Thread errReader;

  private ChildJvm(Process process) {
    this.process = process;
    this.reader = pump(process.getInputStream(), lines::add, "child-stdout");
    this.errReader = pump(process.getErrorStream(), line -> {
      synchronized (stderr) {
        stderr.append(line).append('\n');
      }
    }, "child-stderr");
  }

  private interface LineSink {
    void accept(String line);
  }

  private Thread pump(java.io.InputStream in, LineSink sink, String name) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          sink.accept(line);
        }
      } catch (IOException e) {
        // the child died mid-line: what it printed before is all we get
      } finally {
        sink.accept(EOF);
      }
    }, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Starts {@code main} with {@code args}, tuned for a fast start. */
  public static ChildJvm start(Class<?> main, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m",
        "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    return new ChildJvm(new ProcessBuilder(command).start());
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
    process.destroyForcibly();
    process.waitFor();
    reader.join(10_000);
    List<String> out = new ArrayList<>(taken);
    taken.clear();
    for (String line; (line = lines.poll()) != null; ) {
      if (!line.equals(EOF)) {
        out.add(line);
      }
    }
    return out;
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

  public String stderr() {
    synchronized (stderr) {
      return stderr.toString();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
    errReader.join(10_000);
  }
}
