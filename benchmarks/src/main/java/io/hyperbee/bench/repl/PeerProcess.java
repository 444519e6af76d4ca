package io.hyperbee.bench.repl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One peer of the bench as a child process (the Java {@link ReplPeer} or node running {@code
 * interop/repl-bench-peer.js}): a command line in, its answer line out, every wait bounded. The
 * child's stderr goes to ours. {@link #close} asks it to exit and kills this PID if it does not.
 */
final class PeerProcess implements AutoCloseable {
  private static final String EOF = "\u0000eof";
  private final String name;
  private final Process process;
  private final OutputStream stdin;
  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private PeerProcess(String name, Process process) {
    this.name = name;
    this.process = process;
    this.stdin = process.getOutputStream();
    Thread t = new Thread(this::readLines, "peer-" + name + "-stdout");
    t.setDaemon(true);
    t.start();
  }

  /** A Java peer on this JVM's class path, with {@code jvmArgs} (e.g. -Xmx). */
  static PeerProcess java(String name, Path base, List<String> jvmArgs) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(jvmArgs);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ReplPeer.class.getName(), base.toString()));
    return start(name, cmd);
  }

  /** A JS peer: {@code node interop/repl-bench-peer.js BASE} with the pinned packages. */
  static PeerProcess node(String name, Path base, Path interop) throws IOException {
    if (!Files.isDirectory(interop.resolve("node_modules").resolve("hypercore"))) {
      throw new IllegalStateException(interop.resolve("node_modules") + " is missing: run npm --prefix interop ci");
    }
    return start(name, List.of("node", interop.resolve("repl-bench-peer.js").toString(), base.toString()));
  }

  private static PeerProcess start(String name, List<String> cmd) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    return new PeerProcess(name, p);
  }

  String name() {
    return name;
  }

  /** Sends {@code command} and waits at most {@code timeout} for its answer. */
  Reply call(String command, Duration timeout) throws IOException, InterruptedException {
    stdin.write((command + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
    String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (line == null) {
      throw new IllegalStateException(name + " did not answer '" + command + "' within " + timeout);
    }
    if (line.equals(EOF)) {
      throw new IllegalStateException(name + " exited while answering '" + command + "'");
    }
    try {
      return Reply.parse(line);
    } catch (IllegalStateException e) {
      throw new IllegalStateException(name + ", '" + command + "': " + e.getMessage(), e);
    }
  }

  private void readLines() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        lines.add(line);
      }
    } catch (IOException ended) {
      // the process is gone
    }
    lines.add(EOF);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      try {
        stdin.write("exit\n".getBytes(StandardCharsets.UTF_8));
        stdin.flush();
      } catch (IOException gone) {
        // it is exiting already
      }
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly(); // this PID only
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
