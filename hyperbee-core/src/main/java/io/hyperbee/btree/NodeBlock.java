package io.hyperbee.btree;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A decoded node block for inspection (dump tools, benchmarks): its key, value (null when
 * absent) and, per level, the key seqs and the flat (seq, offset) child pairs. Arrays are shared
 * with the decoder; callers must not modify them.
 */
public final class NodeBlock {
  private final DecodedBlock block;

  private NodeBlock(DecodedBlock block) {
    this.block = block;
  }

  /**
   * Decodes block {@code seq} (needed to tell deletions from puts).
   *
   * @throws io.hyperbee.HyperbeeException {@code DECODING_ERROR} when the bytes are not a node
   */
  public static NodeBlock decode(long seq, byte[] bytes) {
    DecodedBlock b = Messages.decodeNode(seq, bytes);
    b.levels(); // decode the index eagerly so errors surface here
    return new NodeBlock(b);
  }

  public long seq() {
    return block.seq;
  }

  public byte[] key() {
    return block.key();
  }

  public byte[] value() {
    return block.value();
  }

  public boolean isDeletion() {
    return block.isDeletion();
  }

  public int levelCount() {
    return block.levels().length;
  }

  /** Key seqs of level {@code i}. */
  public long[] keys(int i) {
    return block.level(i).keySeqs();
  }

  /** Flat (seq, offset) child pairs of level {@code i}; empty for a leaf. */
  public long[] children(int i) {
    return block.level(i).childPairs();
  }

  /** One line per level, e.g. {@code [0: k(5) c(9:1 9:2)]}, as the spec writes them. */
  public List<String> describeLevels() {
    List<String> out = new ArrayList<>();
    Level[] levels = block.levels();
    for (int i = 0; i < levels.length; i++) {
      StringBuilder sb = new StringBuilder("[").append(i).append(": k(");
      long[] k = levels[i].keySeqs();
      for (int j = 0; j < k.length; j++) {
        sb.append(j == 0 ? "" : ",").append(k[j]);
      }
      sb.append(")");
      long[] c = levels[i].childPairs();
      if (c.length > 0) {
        sb.append(" c(");
        for (int j = 0; j < c.length; j += 2) {
          sb.append(j == 0 ? "" : " ").append(c[j]).append(':').append(c[j + 1]);
        }
        sb.append(")");
      }
      out.add(sb.append("]").toString());
    }
    return Collections.unmodifiableList(out);
  }
}
