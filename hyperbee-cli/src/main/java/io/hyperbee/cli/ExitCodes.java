package io.hyperbee.cli;

/** The process exit codes, listed in every command's help. */
final class ExitCodes {
  /** Success. */
  static final int OK = 0;
  /** {@code get}: the key is not in the bee. */
  static final int NOT_FOUND = 1;
  /** Bad arguments or input: unknown option, bad seed, non-hex or non-JSON key/value, bad line. */
  static final int USAGE = 2;
  /** The operation failed: missing directory, read-only bee, storage error. */
  static final int FAILED = 3;
  /** The bee's data is corrupt: a block, the Merkle tree or the signature does not verify. */
  static final int CORRUPT = 4;
  /** The bee is locked: another process (or another open in this one) has it open. */
  static final int LOCKED = 5;

  static final String HELP =
      "%nExit codes: 0 ok, 1 key not found (get), 2 bad arguments or input, 3 operation failed"
          + " (missing directory, read-only bee, I/O), 4 corrupt data, 5 locked (open in another"
          + " process).%n";

  private ExitCodes() {}
}
