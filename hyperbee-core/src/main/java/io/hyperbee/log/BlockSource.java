package io.hyperbee.log;

import io.hyperbee.merkle.Proof;
import io.hyperbee.merkle.ProofRequest;

/**
 * Where a sparse core gets what it lacks: a peer, another core ({@code writer::proof}), a test
 * double. Answers are untrusted: the core verifies each against its tree (or the upgrade's
 * signature) before storing anything.
 */
@FunctionalInterface
public interface BlockSource {
  /** The answer to {@code request}, or null when the source cannot supply it. */
  Proof request(ProofRequest request);

  /**
   * Asks ahead for {@code blocks} (below the core's length, not stored), without waiting
   * (hypercore's {@code download({ blocks })}); a later {@link #request} for one of them may be
   * answered from what this brought. Sources that only answer requests ignore it (the default).
   */
  default void prefetch(long[] blocks) {}
}
