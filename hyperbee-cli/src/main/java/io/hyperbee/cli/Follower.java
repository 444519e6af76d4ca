package io.hyperbee.cli;

import io.hyperbee.HyperbeeException;
import java.nio.file.Path;

/**
 * Follows a bee that another process writes: the core's lock admits one process at a time, so
 * instead of holding the directory open (which would lock the writer out) each round opens it
 * read-only, lets {@code round} look at what is new, and closes it again; writers wait out such a
 * brief open ({@link BeeDirectory}). Rounds run every {@code interval} until one returns false or
 * the thread is interrupted. A round that finds the directory held by another process is skipped.
 */
final class Follower {
  /** One look at the bee; false to stop following. */
  @FunctionalInterface
  interface Round {
    boolean look(BeeDirectory db);
  }

  private final Path dir;
  private final long intervalMillis;

  Follower(Path dir, long intervalMillis) {
    if (intervalMillis < 1) {
      throw CliException.usage("--interval must be at least 1 millisecond, got " + intervalMillis);
    }
    this.dir = dir;
    this.intervalMillis = intervalMillis;
  }

  /** Runs rounds until one returns false; the first round runs at once. */
  void follow(Round round) {
    while (true) {
      Boolean more = tryRound(round);
      if (more != null && !more) {
        return;
      }
      try {
        Thread.sleep(intervalMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The round's answer, or null when another process held the bee (try again next time). */
  private Boolean tryRound(Round round) {
    try (BeeDirectory db = BeeDirectory.open(dir, true)) {
      return round.look(db);
    } catch (HyperbeeException e) {
      if (BeeDirectory.heldElsewhere(e)) {
        return null;
      }
      throw e;
    }
  }
}
