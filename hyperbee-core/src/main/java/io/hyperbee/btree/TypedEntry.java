package io.hyperbee.btree;

/** An {@link Entry} decoded through a {@link TypedBee}'s codecs; {@code value} may be null. */
public record TypedEntry<K, V>(long seq, K key, V value) {}
