package io.hyperbee.cli;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The CLI as a child JVM on this test's class path (for what needs a process: signals, a kill
 * mid-download), or a script of interop/ under node. Stdout and stderr lines (a terminal's
 * progress redraws, split at '\r', count as lines) are read as they come; every wait is bounded,
 * and {@link #close} kills it by PID.
 */
final class ChildCli implements AutoCloseable {
  private static final long WAIT_SECONDS = 60;

  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();

  private ChildCli(Process process) {
    this.process = process;
    read(process.getInputStream(), "out");
    read(process.getErrorStream(), "err");
  }

  /** Runs {@code hyperbee ARGS}; with {@code terminal} it draws progress as on a terminal. */
  static ChildCli start(boolean terminal, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        "-D" + Main.STDERR_TTY_PROPERTY + "=" + terminal,
        Main.class.getName()));
    command.addAll(List.of(args));
    return new ChildCli(new ProcessBuilder(command).start());
  }

  /** {@code node interop/SCRIPT} (the pinned packages: {@code npm --prefix interop ci}). */
  static ChildCli node(String script) throws IOException {
    Path interop = Path.of("..", "interop").toAbsolutePath().normalize();
    if (!java.nio.file.Files.isDirectory(interop.resolve("node_modules").resolve("corestore"))) {
      throw new IllegalStateException("interop/node_modules missing: run npm --prefix interop ci");
    }
    return new ChildCli(new ProcessBuilder("node", interop.resolve(script).toString()).start());
  }

  /** Writes one line to the child's stdin. */
  void send(String line) throws IOException {
    process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().flush();
  }

  /** The words after {@code prefix} of the next line that starts with it. */
  String[] awaitWords(String prefix) throws InterruptedException {
    return awaitLine(l -> l.startsWith(prefix), "'" + prefix + "'").substring(prefix.length()).trim().split(" ");
  }

  /** The next line (of stdout or stderr) that matches, waiting at most the bound. */
  String awaitLine(Predicate<String> wanted, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (true) {
      long left = deadline - System.nanoTime();
      String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
      if (line == null) {
        throw new AssertionError("the child printed no " + what + " within " + WAIT_SECONDS + " s; saw " + seen);
      }
      seen.add(line);
      if (wanted.test(line)) {
        return line;
      }
    }
  }

  /** SIGTERM (as {@code kill PID}); waits for the exit and returns its code. */
  int terminate() throws InterruptedException {
    process.toHandle().destroy(); // Process.destroy would also close our ends of its pipes
    return awaitExit();
  }

  /** SIGKILL: no shutdown hook runs, as in a crash. */
  int kill() throws InterruptedException {
    process.destroyForcibly();
    return awaitExit();
  }

  /** What the child printed that was not awaited yet, after its exit. */
  List<String> rest() {
    List<String> rest = new ArrayList<>();
    lines.drainTo(rest);
    seen.addAll(rest);
    return rest;
  }

  private int awaitExit() throws InterruptedException {
    if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
      throw new AssertionError("the child did not exit within " + WAIT_SECONDS + " s");
    }
    return process.exitValue();
  }

  private void read(java.io.InputStream stream, String name) {
    Thread reader = new Thread(() -> {
      try (Reader r = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
        StringBuilder line = new StringBuilder();
        for (int c = r.read(); c >= 0; c = r.read()) {
          if (c == '\n' || c == '\r') {
            lines.add(line.toString());
            line.setLength(0);
          } else {
            line.append((char) c);
          }
        }
        lines.add(line.toString());
      } catch (IOException e) {
        lines.add("error reading the child's " + name + ": " + e);
      }
    }, "child-cli-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
