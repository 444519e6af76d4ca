package io.hyperbee.merkle;

/**
 * What a reader asks a peer to prove (the parts of hypercore's wire {@code request}); any part
 * may be null. {@code fork} is the fork the reader is on.
 *
 * @param block a block value with its uncles: {@code nodes} = levels the reader is missing
 * @param hash a tree node with its uncles (the first node sent is the node itself)
 * @param seek the block containing byte offset {@code bytes}
 * @param upgrade grow the reader's verified tree from {@code start} by {@code length} blocks
 * @param manifest whether to include the manifest
 */
public record ProofRequest(
    long fork, Index block, Index hash, Seek seek, Upgrade upgrade, boolean manifest) {

  /** A block or node index and how many levels of uncles to send. */
  public record Index(long index, long nodes) {
    public Index {
      checkNonNegative(index, "index");
      checkNonNegative(nodes, "nodes");
    }
  }

  public record Seek(long bytes, long padding) {
    public Seek {
      checkNonNegative(bytes, "bytes");
      checkNonNegative(padding, "padding");
    }
  }

  public record Upgrade(long start, long length) {
    public Upgrade {
      checkNonNegative(start, "start");
      checkNonNegative(length, "length");
    }
  }

  public ProofRequest {
    checkNonNegative(fork, "fork");
    if (block != null && hash != null) {
      throw new IllegalArgumentException("ask for a block or a hash, not both");
    }
  }

  /** Block {@code index} with {@code nodes} levels of uncles. */
  public static ProofRequest block(long fork, long index, long nodes) {
    return new ProofRequest(fork, new Index(index, nodes), null, null, null, false);
  }

  /** An upgrade from {@code start} by {@code length} blocks. */
  public static ProofRequest upgrade(long fork, long start, long length) {
    return new ProofRequest(fork, null, null, null, new Upgrade(start, length), false);
  }

  public ProofRequest withBlock(long index, long nodes) {
    return new ProofRequest(fork, new Index(index, nodes), null, seek, upgrade, manifest);
  }

  public ProofRequest withHash(long index, long nodes) {
    return new ProofRequest(fork, null, new Index(index, nodes), seek, upgrade, manifest);
  }

  public ProofRequest withSeek(long bytes, long padding) {
    return new ProofRequest(fork, block, hash, new Seek(bytes, padding), upgrade, manifest);
  }

  public ProofRequest withUpgrade(long start, long length) {
    return new ProofRequest(fork, block, hash, seek, new Upgrade(start, length), manifest);
  }

  public ProofRequest withManifest(boolean manifest) {
    return new ProofRequest(fork, block, hash, seek, upgrade, manifest);
  }

  private static void checkNonNegative(long v, String name) {
    if (v < 0) {
      throw new IllegalArgumentException(name + " must not be negative: " + v);
    }
  }
}
