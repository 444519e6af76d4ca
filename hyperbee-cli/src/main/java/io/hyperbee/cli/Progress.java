package io.hyperbee.cli;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * A one-line progress display on stderr, redrawn in place at most every 100 ms and erased when
 * done. Drawn only when stderr is a terminal: in pipes and tests {@link #none()} prints nothing.
 */
abstract class Progress implements AutoCloseable {
  private static final long REDRAW_NANOS = 100_000_000L;

  /** Reports that {@code done} of {@code total} units are done ({@code total} -1 = unknown). */
  abstract void update(long done, long total);

  /** Erases the line. */
  @Override
  public abstract void close();

  static Progress none() {
    return new Progress() {
      @Override
      void update(long done, long total) {}

      @Override
      public void close() {}
    };
  }

  /** Progress of {@code label} (e.g. "verifying blocks") on {@code io}'s stderr if a terminal. */
  static Progress of(Io io, String label) {
    return io.terminal() ? new Terminal(io.err(), label, System::nanoTime) : none();
  }

  /** The drawing implementation; the clock is injectable for tests. */
  static final class Terminal extends Progress {
    private final PrintWriter err;
    private final String label;
    private final LongSupplier clock;
    private long lastDraw;
    private int drawnWidth;

    Terminal(PrintWriter err, String label, LongSupplier clock) {
      this.err = err;
      this.label = label;
      this.clock = clock;
      this.lastDraw = clock.getAsLong() - REDRAW_NANOS;
    }

    @Override
    void update(long done, long total) {
      long now = clock.getAsLong();
      if (now - lastDraw < REDRAW_NANOS && done != total) {
        return;
      }
      lastDraw = now;
      String text = total < 0
          ? (done == 0 ? label + " ..." : String.format("%s: %,d", label, done))
          : String.format("%s: %,d / %,d (%d%%)", label, done, total,
              total == 0 ? 100 : done * 100 / total);
      draw(text);
    }

    @Override
    public void close() {
      if (drawnWidth > 0) {
        draw("");
        err.print('\r');
        err.flush();
        drawnWidth = 0;
      }
    }

    private void draw(String text) {
      err.print('\r');
      err.print(text);
      for (int i = text.length(); i < drawnWidth; i++) {
        err.print(' ');
      }
      drawnWidth = Math.max(text.length(), 0);
      err.flush();
    }
  }
}
