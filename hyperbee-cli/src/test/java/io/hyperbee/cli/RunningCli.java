package io.hyperbee.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * A command that runs until stopped ({@code serve}, {@code follow}) run in-process on its own
 * thread, its output readable while it runs; {@link #stop} interrupts it (as Ctrl-C stops it)
 * and returns what it printed. Every wait is bounded.
 */
final class RunningCli implements AutoCloseable {
  static final long WAIT_SECONDS = 60;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final Thread thread;
  private volatile int exit = -1;

  private RunningCli(String... args) {
    thread = new Thread(() -> exit = Main.run(args,
        new Io(InputStream.nullInputStream(), new PrintWriter(out), new PrintWriter(err))), "cli-" + args[0]);
    thread.setDaemon(true);
    thread.start();
  }

  static RunningCli start(String... args) {
    return new RunningCli(args);
  }

  /** The first stdout line starting with {@code prefix}, waiting for it at most the bound. */
  String awaitLine(String prefix) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (System.nanoTime() < deadline) {
      String found = Arrays.stream(out.toString().split("\n")).filter(l -> l.startsWith(prefix)).findFirst().orElse(null);
      if (found != null) {
        return found;
      }
      if (!thread.isAlive()) {
        break;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no line '" + prefix + "' within " + WAIT_SECONDS + " s:\n" + result());
  }

  /** Waits until stdout holds at least {@code count} lines starting with {@code prefix}. */
  void awaitLines(String prefix, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (Arrays.stream(out.toString().split("\n")).filter(l -> l.startsWith(prefix)).count() < count) {
      if (System.nanoTime() > deadline || !thread.isAlive()) {
        throw new AssertionError(count + " lines '" + prefix + "' expected within " + WAIT_SECONDS + " s:\n" + result());
      }
      Thread.sleep(10);
    }
  }

  /** Waits for the command to end by itself. */
  Cli.Result await() throws InterruptedException {
    thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    if (thread.isAlive()) {
      throw new AssertionError("still running after " + WAIT_SECONDS + " s:\n" + result());
    }
    return result();
  }

  /** Interrupts the command (its stop request) and waits for it to end. */
  Cli.Result stop() throws InterruptedException {
    thread.interrupt();
    return await();
  }

  @Override
  public void close() throws InterruptedException {
    if (thread.isAlive()) {
      stop();
    }
  }

  private Cli.Result result() {
    return new Cli.Result(exit, out.toString(), err.toString());
  }
}
