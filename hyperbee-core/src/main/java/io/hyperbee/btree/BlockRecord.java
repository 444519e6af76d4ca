package io.hyperbee.btree;

/** The entry part of a node block: its seq, encoded key and value (null when absent). */
interface BlockRecord {
  long seq();

  byte[] key();

  byte[] value();

  /** Spec 2.5: no value and the block's own seq is in none of its levels. */
  boolean isDeletion();
}
