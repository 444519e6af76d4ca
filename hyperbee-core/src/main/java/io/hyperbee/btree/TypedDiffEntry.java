package io.hyperbee.btree;

/** A {@link DiffEntry} decoded through a {@link TypedBee}'s codecs; either side may be null. */
public record TypedDiffEntry<K, V>(TypedEntry<K, V> left, TypedEntry<K, V> right) {}
