package io.hyperbee.replication.replicator;

import java.time.Duration;

/**
 * @param requestTimeout a peer that leaves a request unanswered this long is dropped as stalled
 *     (its request goes to another peer)
 * @param readTimeout how long a read waits for a block by default (a {@code get} past it fails
 *     with {@code BLOCK_NOT_AVAILABLE})
 * @param maxInflight requests in flight per peer (a bare JS Hypercore over TCP: 3 x 16; see
 *     {@link #BEE_MAX_INFLIGHT} for a core a bee reads)
 */
public record ReplicatorOptions(Duration requestTimeout, Duration readTimeout, int maxInflight) {
  /**
   * Requests in flight per peer on a core a Hyperbee reads: hyperbee 2.27.3 raises its core's
   * in-flight range to (256, 512) when it opens ("the nodes are small"), which over TCP allows
   * min(512, 3 x 256). A cold range read with the cache-warmup extension is told of ~150 blocks
   * at once and asks for all of them in one round trip only with this budget (48 took four).
   */
  public static final int BEE_MAX_INFLIGHT = 512;

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
