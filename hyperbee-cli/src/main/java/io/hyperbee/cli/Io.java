package io.hyperbee.cli;

import java.io.InputStream;
import java.io.PrintWriter;

/**
 * The streams a command talks through (the process's own, or captured ones in tests) and whether
 * stderr is a terminal, which is the only case where progress is drawn.
 */
record Io(InputStream in, PrintWriter out, PrintWriter err, boolean terminal) {}
