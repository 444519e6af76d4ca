package io.hyperbee.cli;

import io.hyperbee.replication.host.Upstream;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/** Prints a follower's losses of its peer and its attempts to reach it again, a line each, on stdout. */
final class LinkReport implements Upstream.Observer {
  private final PrintWriter out;
  private final String peer;

  LinkReport(PrintWriter out, String peer) {
    this.out = out;
    this.peer = peer;
  }

  @Override
  public void disconnected(IOException reason) {
    print("disconnected from " + peer + " (" + reason.getMessage() + "); reconnecting");
  }

  @Override
  public void attemptFailed(int attempt, IOException reason, Duration next) {
    print("reconnect attempt " + attempt + " failed (" + reason.getMessage() + "); next in "
        + String.format(Locale.ROOT, "%.1f", next.toMillis() / 1000.0) + " s");
  }

  @Override
  public void reconnected(int attempt) {
    print("reconnected to " + peer + " (attempt " + attempt + ")");
  }

  private void print(String line) {
    Io.printLine(out, line);
  }
}
