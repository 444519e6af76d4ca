package io.hyperbee.merkle;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A Merkle tree node: its flat-tree {@code index}, the total byte {@code size} of the blocks under
 * it, and its 32-byte BLAKE2b {@code hash}. The hash array is owned by the node; do not modify it.
 */
public record Node(long index, long size, byte[] hash) {

  @Override
  public boolean equals(Object o) {
    return o instanceof Node n && n.index == index && n.size == size && Arrays.equals(n.hash, hash);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Long.hashCode(index) + Long.hashCode(size)) + Arrays.hashCode(hash);
  }

  @Override
  public String toString() {
    return "Node{index=" + index + ", size=" + size + ", hash=" + HexFormat.of().formatHex(hash) + "}";
  }
}
