package io.hyperbee.btree;

/**
 * One difference between two versions, as JS {@code createDiffStream} yields it: {@code left} is
 * the entry in this bee, {@code right} the entry in the other version; either may be null.
 */
public record DiffEntry(Entry left, Entry right) {}
