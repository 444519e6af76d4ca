package io.hyperbee.btree;

/** A mutable key slot of a {@link TreeNode}: the seq of the block holding the key, bytes lazily. */
final class Key {
  final long seq;
  byte[] value;

  Key(long seq, byte[] value) {
    this.seq = seq;
    this.value = value;
  }
}
