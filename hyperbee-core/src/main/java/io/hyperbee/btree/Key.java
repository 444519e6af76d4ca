package io.hyperbee.btree;

/**
 * A mutable key slot of a {@link TreeNode}: the seq of the block holding the key, bytes lazily.
 * A key inflated from the node cache points at the {@link CachedNode} array it came from
 * ({@code source}, key {@code index} there) instead of copying its bytes: a write compares most
 * keys of the nodes it inflates at most once or twice, so they are compared in place and copied
 * only when a node is encoded. The source is immutable per (seq, offset) and the bytes are those
 * of block {@code seq}'s key, so a key may move to any node and keep its source.
 */
final class Key {
  final long seq;
  byte[] value;
  final byte[] source;
  final int index;

  Key(long seq, byte[] value) {
    this(seq, value, null, 0);
  }

  Key(long seq, byte[] value, byte[] source, int index) {
    this.seq = seq;
    this.value = value;
    this.source = source;
    this.index = index;
  }
}
