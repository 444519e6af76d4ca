package io.hyperbee.btree;

/**
 * Compare-and-swap predicate for put and del, as JS's {@code cas(prev, next)}: the write happens
 * only when it returns true. {@code prev} is the stored entry, {@code next} the entry that would be
 * written (for a del its value is null). Not called when the key is absent.
 */
@FunctionalInterface
public interface Cas {
  boolean test(Entry prev, Entry next);
}
