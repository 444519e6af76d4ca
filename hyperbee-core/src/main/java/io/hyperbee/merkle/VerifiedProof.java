package io.hyperbee.merkle;

import java.util.List;

/**
 * What a proof established, ready to store in one atomic commit.
 *
 * @param state the new signed tree state when the proof carried an upgrade, else null
 * @param nodes every node the proof carried or implied (all verified)
 * @param blockIndex the proven block's index, or -1
 * @param blockValue the proven block's value, or null
 */
public record VerifiedProof(TreeState state, List<Node> nodes, long blockIndex, byte[] blockValue) {
  public VerifiedProof {
    nodes = List.copyOf(nodes);
  }
}
