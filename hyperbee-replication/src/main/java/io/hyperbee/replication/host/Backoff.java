package io.hyperbee.replication.host;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How an {@link Upstream} waits between attempts to reach its peer again: {@code first} before
 * the first attempt, doubling up to {@code max}, each delay jittered into its upper half (so
 * many followers of one restarted writer do not all knock at once), for at most
 * {@code maxAttempts} attempts in a row ({@link #FOREVER}: until closed).
 */
public record Backoff(Duration first, Duration max, int maxAttempts) {
  /** No bound on the attempts. */
  public static final int FOREVER = -1;

  /** 100 ms doubling to 5 s, forever. */
  public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), FOREVER);

  public Backoff {
    requireNonNull(first, "first is null");
    requireNonNull(max, "max is null");
    if (first.isNegative() || first.isZero()) {
      throw new IllegalArgumentException("first must be positive, got " + first);
    }
    if (max.compareTo(first) < 0) {
      throw new IllegalArgumentException("max " + max + " is below first " + first);
    }
    if (maxAttempts < 0 && maxAttempts != FOREVER) {
      throw new IllegalArgumentException("maxAttempts must be FOREVER or at least 0, got " + maxAttempts);
    }
  }

  public Backoff withMaxAttempts(int attempts) {
    return new Backoff(first, max, attempts);
  }

  /** Whether attempt number {@code attempt} (1 for the first) may be made. */
  public boolean allows(int attempt) {
    return maxAttempts == FOREVER || attempt <= maxAttempts;
  }

  /** The wait before attempt {@code attempt} (1 for the first): in (d/2, d], d = first * 2^(attempt-1) capped at max. */
  public Duration delay(int attempt, RandomGenerator random) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempts count from 1, got " + attempt);
    }
    long cap = max.toMillis();
    long d = first.toMillis();
    for (int i = 1; i < attempt && d < cap; i++) {
      d *= 2;
    }
    d = Math.min(d, cap);
    long half = d / 2;
    return Duration.ofMillis(d - half + random.nextLong(half + 1));
  }
}
