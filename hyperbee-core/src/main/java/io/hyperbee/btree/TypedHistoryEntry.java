package io.hyperbee.btree;

/** A {@link HistoryEntry} decoded through a {@link TypedBee}'s codecs; {@code value} may be null. */
public record TypedHistoryEntry<K, V>(HistoryEntry.Type type, long seq, K key, V value) {}
