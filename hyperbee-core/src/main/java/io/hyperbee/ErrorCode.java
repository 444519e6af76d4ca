package io.hyperbee;

/**
 * Why a {@link HyperbeeException} was thrown. The names follow hypercore-errors where JS has
 * the same failure, so people who know the JS can find their way.
 */
public enum ErrorCode {
  /** A block (or tree node) is not stored locally and no source could supply it. */
  BLOCK_NOT_AVAILABLE,
  /** A read past the length of a checkout or snapshot. */
  SNAPSHOT_NOT_AVAILABLE,
  /** A proof does not hash up to a trusted root, or is malformed. */
  INVALID_PROOF,
  /** A signature does not verify against the core's manifest. */
  INVALID_SIGNATURE,
  /** A stored record failed its checksum or hash check. */
  INVALID_CHECKSUM,
  /** Stored or received bytes do not decode. */
  DECODING_ERROR,
  /** Stored state is inconsistent in a way no checksum catches (missing file, bad header). */
  CORRUPTION,
  /** A write to a core opened without its secret key. */
  SESSION_NOT_WRITABLE,
  /** A write to a read-only bee, checkout or snapshot. */
  READ_ONLY,
  /** Use of a closed core, bee, batch or iterator. */
  CLOSED,
  /** Storage already holds a core where a new one was asked for, or holds none where one was expected. */
  STORAGE_CONFLICT,
  /**
   * The storage is locked: another process, or another open in this process, has it open (one
   * writer per store).
   */
  LOCKED,
  /** An I/O failure of the underlying storage. */
  IO_ERROR,
  /** An operation that is not valid in the current state (e.g. a concurrent modification). */
  INVALID_OPERATION,
  /**
   * A version or seq that falls strictly inside an atomic batch: no whole tree exists there. The
   * message names the whole versions before and after the batch.
   */
  VERSION_INSIDE_BATCH,
  /**
   * A bee's blocks were encoded against a head of the core that another writer has since left
   * (another bee on the same core appended, or the core was truncated): nothing was written.
   * One-shot puts and dels retry by themselves; a batch must be written again.
   */
  CORE_MOVED
}
