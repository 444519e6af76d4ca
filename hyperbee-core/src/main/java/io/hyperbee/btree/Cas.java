package io.hyperbee.btree;

/**
 * Compare-and-swap predicate for put and del, as JS's {@code cas(prev, next)}: the write happens
 * only when it returns true. {@code prev} is the stored entry, {@code next} the entry that would be
 * written (for a del its value is null). Not called when the key is absent.
 *
 * <p>A cas must be a pure test of its two entries. It runs under the bee's write lock, possibly
 * on another writer's thread (the first in the writer queue encodes the writes queued behind it),
 * and may be asked more than once (again from the new head when another writer moved the core
 * under the write). Writing to the same bee from inside it is refused with {@code
 * INVALID_OPERATION} (it would wait for the lock it runs under).
 */
@FunctionalInterface
public interface Cas {
  boolean test(Entry prev, Entry next);
}
