package io.hyperbee.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How a command that runs until stopped ({@code serve}, {@code follow}) learns it should stop:
 * SIGINT/SIGTERM (a shutdown hook) or an interrupt of its thread (tests run commands in-process).
 * On a signal the hook waits, for at most {@link #CLEANUP_SECONDS}, until the command has closed
 * what it opened, so the stores are synced before the JVM exits.
 */
final class StopSignal implements AutoCloseable {
  private static final long CLEANUP_SECONDS = 20;

  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch cleanedUp = new CountDownLatch(1);
  private final Thread hook = new Thread(this::onSignal, "hyperbee-stop");

  private StopSignal() {}

  /** Stops on SIGINT/SIGTERM and on an interrupt. */
  static StopSignal install() {
    StopSignal signal = new StopSignal();
    Runtime.getRuntime().addShutdownHook(signal.hook);
    return signal;
  }

  /** Stops on an interrupt only: a signal ends the JVM at once (what a crash-safe store survives). */
  static StopSignal interruptOnly() {
    return new StopSignal();
  }

  /**
   * Waits until a signal or an interrupt; true if it came, false after {@code millis} without. An
   * interrupt is taken as the request to stop and cleared: left set, it would close the stores'
   * file channels under the cleanup that follows (NIO closes a channel an interrupted thread uses).
   */
  boolean await(long millis) {
    try {
      return stop.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      stop.countDown();
      return true;
    }
  }

  private void onSignal() {
    stop.countDown();
    try {
      cleanedUp.await(CLEANUP_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Call once the command has closed everything: lets a signalled JVM exit. */
  @Override
  public void close() {
    cleanedUp.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook); // false when never installed
    } catch (IllegalStateException shuttingDown) {
      // the hook is running: it returns now that cleanedUp is counted down
    }
  }
}
