package io.hyperbee.replication.replicator;

import java.time.Duration;

/**
 * @param requestTimeout a peer that leaves a request unanswered this long is dropped as stalled
 *     (its request goes to another peer)
 * @param readTimeout how long a read waits for a block by default (a {@code get} past it fails
 *     with {@code BLOCK_NOT_AVAILABLE})
 * @param maxInflight requests in flight per peer (JS over TCP: 3 x 16)
 */
public record ReplicatorOptions(Duration requestTimeout, Duration readTimeout, int maxInflight) {
  public ReplicatorOptions {
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive");
    }
    if (readTimeout.isNegative()) {
      throw new IllegalArgumentException("readTimeout must not be negative");
    }
    if (maxInflight < 1) {
      throw new IllegalArgumentException("maxInflight must be at least 1");
    }
  }

  public static ReplicatorOptions defaults() {
    return new ReplicatorOptions(Duration.ofSeconds(20), Duration.ofSeconds(30), 48);
  }

  public ReplicatorOptions withRequestTimeout(Duration d) {
    return new ReplicatorOptions(d, readTimeout, maxInflight);
  }

  public ReplicatorOptions withReadTimeout(Duration d) {
    return new ReplicatorOptions(requestTimeout, d, maxInflight);
  }
}
