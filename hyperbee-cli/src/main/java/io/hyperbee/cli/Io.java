package io.hyperbee.cli;

import java.io.InputStream;
import java.io.PrintWriter;

/**
 * The streams a command talks through (the process's own, or captured ones in tests), whether
 * stderr is a terminal (the only case where progress is drawn) and whether stdin is one (then
 * {@code apply} says it is waiting for lines).
 */
record Io(InputStream in, PrintWriter out, PrintWriter err, boolean terminal, boolean interactive) {

  /** Streams that are not terminals (tests, the demo's steps). */
  Io(InputStream in, PrintWriter out, PrintWriter err) {
    this(in, out, err, false, false);
  }

  /**
   * Prints {@code line} on {@code out} at once, whole: commands that run until stopped print
   * from the threads of their peers too, and a line must not split another.
   */
  static void printLine(PrintWriter out, String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }
}
