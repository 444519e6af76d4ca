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

  /** Waits for the next line, which must be {@code expected}. */
  public void expect(String expected, long timeoutSeconds) throws InterruptedException {
    String line = lines.poll(timeoutSeconds, TimeUnit.SECONDS);
    if (!expected.equals(line)) {
      throw new AssertionError("child said " + line + " instead of " + expected + "; stderr: " + stderr());
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
    List<String> out = new ArrayList<>();
    for (String line; (line = lines.poll()) != null; ) {
      if (!line.equals(EOF)) {
        out.add(line);
      }
    }
    return out;
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
