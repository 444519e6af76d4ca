package io.hyperbee.btree;

/**
 * One stored B-tree node as decoded from its block (level {@code offset} of block {@code seq}'s
 * YoloIndex): key seqs and (seq, offset) child pairs, no key bytes. Reads walk the
 * {@link CachedNode} made from it once its keys are resolved; writes copy its seqs into a
 * {@link TreeNode}.
 */
final class Level {
  static final long[] NO_SEQS = new long[0];

  final long seq;
  final int offset;
  private final long[] keys;
  private final long[] children;

  Level(long seq, int offset, long[] keys, long[] children) {
    this.seq = seq;
    this.offset = offset;
    this.keys = keys;
    this.children = children;
  }

  long[] keySeqs() {
    return keys;
  }

  long[] childPairs() {
    return children;
  }

  boolean hasKeySeq(long seq) {
    for (long k : keys) {
      if (k == seq) {
        return true;
      }
    }
    return false;
  }
}
