package io.hyperbee.log;

/**
 * Told when a {@link Hypercore}'s length changes: JS Hypercore's {@code 'append'} and
 * {@code 'truncate'} events (and when blocks are cleared, which JS tells only its replicator). Both kinds of change arrive here, local appends and the ones a
 * replica learns from a peer's verified upgrade, so a reader never needs to poll.
 *
 * <p>Listeners run on the thread that made the change, in the order of the changes, right after
 * the change is stored and visible to readers, while the core's write lock is held: a listener
 * must return quickly, must not append or truncate (the lock is not re-entered for that: it
 * would deadlock another writer waiting on it), and hands any real work to another thread. Reads
 * of the core from inside a listener see the new state. A listener that throws is logged to
 * the thread's uncaught-exception handler and does not stop the change or the other listeners.
 */
public interface CoreListener {

  /**
   * The core grew from {@code previousLength} to {@code length} (fork unchanged), by a local
   * append or a verified upgrade from a peer ({@code remote}).
   */
  default void onAppend(long previousLength, long length, boolean remote) {}

  /**
   * The core was cut back to {@code length} (JS's {@code 'truncate'}: {@code length} is the first
   * block that changed) and its fork is now {@code fork}. Blocks from {@code length} on that a
   * reader saw before are gone or replaced.
   */
  default void onTruncate(long length, long fork) {}

  /**
   * The local data of blocks {@code [start, end)} was dropped ({@link Hypercore#clear}; JS
   * announces it to peers as a {@code range} with {@code drop}); the length and fork are unchanged.
   */
  default void onClear(long start, long end) {}
}
