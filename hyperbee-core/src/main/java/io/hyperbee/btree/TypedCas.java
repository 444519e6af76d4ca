package io.hyperbee.btree;

/** {@link Cas} on decoded entries: the write happens only when it returns true. */
@FunctionalInterface
public interface TypedCas<K, V> {
  boolean test(TypedEntry<K, V> prev, TypedEntry<K, V> next);
}
