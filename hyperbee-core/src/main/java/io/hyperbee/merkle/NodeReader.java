package io.hyperbee.merkle;

/** Where the Merkle code reads stored tree nodes; the core storage implements it. */
@FunctionalInterface
public interface NodeReader {
  /** Node {@code index}, or null when it is not stored. */
  Node node(long index);
}
