package io.hyperbee.replication.replicator;

import io.hyperbee.merkle.Proof;
import io.hyperbee.merkle.ProofRequest;

/** One request sent to one peer and its outcome; guarded by the replicator's lock. */
final class Inflight {
  enum Outcome { PENDING, STORED, NO_DATA, FAILED }

  final long id;
  final Peer peer;
  final ProofRequest request;
  final long sentNanos;
  final long forkAtSend;
  final long lengthAtSend;
  Outcome outcome = Outcome.PENDING;
  /** Reads waiting on this request (a block asked by several readers is asked once). */
  int waiters;
  Proof proof;
  String failure;
  /** Its answer came and waits to be stored; a repeat is ignored. */
  boolean storing;

  Inflight(long id, Peer peer, ProofRequest request, long sentNanos, long forkAtSend, long lengthAtSend) {
    this.id = id;
    this.peer = peer;
    this.request = request;
    this.sentNanos = sentNanos;
    this.forkAtSend = forkAtSend;
    this.lengthAtSend = lengthAtSend;
  }

  boolean done() {
    return outcome != Outcome.PENDING;
  }

  boolean isUpgrade() {
    return request.upgrade() != null;
  }

  long blockIndex() {
    return request.block() == null ? -1 : request.block().index();
  }

  String describe() {
    return "request " + id + (request.block() != null ? " (block " + request.block().index() + ")" : "")
        + (request.upgrade() != null ? " (upgrade from " + request.upgrade().start() + ")" : "");
  }
}
