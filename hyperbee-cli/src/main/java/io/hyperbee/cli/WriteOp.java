package io.hyperbee.cli;

import io.hyperbee.btree.Cas;
import java.util.List;

/** One write of an {@code apply} line, with keys and values already encoded. */
sealed interface WriteOp {

  /** A put; {@code value} null writes no value; {@code cas} null means unconditional. */
  record Put(byte[] key, byte[] value, Cas cas) implements WriteOp {}

  /** A delete; {@code cas} null means unconditional. */
  record Del(byte[] key, Cas cas) implements WriteOp {}

  /** Puts and dels appended atomically. */
  record Batch(List<WriteOp> ops) implements WriteOp {}
}
