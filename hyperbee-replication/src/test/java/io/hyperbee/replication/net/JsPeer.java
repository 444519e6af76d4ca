package io.hyperbee.replication.net;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A script of interop/ (peer.js unless named) as a child process (node from PATH, the pinned
 * packages installed by {@code npm --prefix interop ci}): commands go to its stdin, its event
 * lines are awaited with a bound. {@link #close} kills it by PID.
 */
public final class JsPeer implements AutoCloseable {
  private static final long WAIT_SECONDS = Echo.WAIT_SECONDS;

  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();
  /** Lines read while awaiting something else, oldest first: later awaits look here first. */
  private final List<String> unread = new ArrayList<>();
  private final OutputStream stdin;
  private final String name;

  private JsPeer(Process process, String name) {
    this.process = process;
    this.name = name;
    this.stdin = process.getOutputStream();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException e) {
        lines.add("error reading the peer's output: " + e);
      }
      lines.add("exited");
    }, "js-peer-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  static JsPeer start(String... args) throws IOException {
    return script("peer.js", args);
  }

  /** Runs {@code interop/<name>} with {@code args}. */
  public static JsPeer script(String name, String... args) throws IOException {
    Path interop = Path.of("..", "interop").toAbsolutePath().normalize();
    Path script = interop.resolve(name);
    if (!Files.isDirectory(interop.resolve("node_modules").resolve("protomux"))) {
      throw new IllegalStateException("interop/node_modules missing: run npm --prefix interop ci");
    }
    List<String> command = new ArrayList<>(List.of("node", script.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    return new JsPeer(p, name);
  }

  /** The oldest unconsumed line starting with {@code prefix}; fails after the bound. */
  public String await(String prefix) throws InterruptedException {
    for (int i = 0; i < unread.size(); i++) {
      if (unread.get(i).startsWith(prefix)) {
        return unread.remove(i);
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (true) {
      long left = deadline - System.nanoTime();
      String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
      if (line == null) {
        throw new AssertionError(name + " printed no '" + prefix + "' within " + WAIT_SECONDS + " s; saw " + seen);
      }
      seen.add(line);
      if (line.startsWith(prefix)) {
        return line;
      }
      unread.add(line);
      if (line.equals("exited")) {
        throw new AssertionError(name + " exited before '" + prefix + "'; saw " + seen);
      }
    }
  }

  /** The words after the prefix of the next matching line. */
  public String[] awaitWords(String prefix) throws InterruptedException {
    return await(prefix).substring(prefix.length()).trim().split(" ");
  }

  /** Everything printed so far that {@link #await} has not consumed. */
  List<String> pending() {
    List<String> fresh = new ArrayList<>();
    lines.drainTo(fresh);
    seen.addAll(fresh);
    unread.addAll(fresh);
    return List.copyOf(unread);
  }

  /** Sends {@code line} and waits for its "ok". */
  public void command(String line) throws IOException, InterruptedException {
    send(line);
    await("ok " + line.split(" ")[0]);
  }

  /** Sends {@code line} without waiting: for a command expected to fail ("error ..."). */
  public void send(String line) throws IOException {
    stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly(); // this PID only
      process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
    }
  }
}
