package io.hyperbee.replication.replicator;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.log.BlockSource;
import io.hyperbee.merkle.Proof;
import io.hyperbee.merkle.ProofRequest;

/**
 * The block source of a replica core: made before the core (which takes it in its options) and
 * bound to the core's {@link Replicator} once both exist. Reads before that fail clearly.
 */
public final class ReplicaSource implements BlockSource {
  private volatile Replicator replicator;

  void bind(Replicator r) {
    if (replicator != null) {
      throw new IllegalStateException("this source already serves a replicator");
    }
    replicator = r;
  }

  @Override
  public Proof request(ProofRequest request) {
    Replicator r = replicator;
    if (r == null) {
      throw new HyperbeeException(ErrorCode.BLOCK_NOT_AVAILABLE, "the replica has no replicator yet");
    }
    return r.fetch(request);
  }

  /** Asks the replicator's peers ahead (see {@link Replicator#prefetch}); nothing before it is bound or after it closed. */
  @Override
  public void prefetch(long[] blocks) {
    Replicator r = replicator;
    if (r != null) {
      r.prefetchIfOpen(blocks);
    }
  }
}
