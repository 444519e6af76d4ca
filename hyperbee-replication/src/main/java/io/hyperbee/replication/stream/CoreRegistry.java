package io.hyperbee.replication.stream;

import static java.util.Objects.requireNonNull;

import io.hyperbee.replication.replicator.Replicator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The cores a process replicates, by discovery key: what a stream may open channels for. The
 * registry does not own the replicators (their owner closes them). Thread-safe.
 */
public final class CoreRegistry {
  private final Map<String, Replicator> cores = new ConcurrentHashMap<>();
  private final Set<Consumer<Replicator>> watchers = ConcurrentHashMap.newKeySet();

  /**
   * Adds {@code replicator}'s core; streams already running open a channel for it, as corestore
   * attaches a core opened later to every stream.
   *
   * @throws IllegalArgumentException if another replicator of the same core is registered
   */
  public void add(Replicator replicator) {
    requireNonNull(replicator, "replicator is null");
    String key = hex(replicator.core().discoveryKey());
    Replicator previous = cores.putIfAbsent(key, replicator);
    if (previous != null && previous != replicator) {
      throw new IllegalArgumentException("core " + key + " is already registered");
    }
    if (previous == null) {
      watchers.forEach(w -> w.accept(replicator));
    }
  }

  /** {@code watcher} is told of every core added from now on (on the adding thread). */
  void watch(Consumer<Replicator> watcher) {
    watchers.add(requireNonNull(watcher, "watcher is null"));
  }

  void unwatch(Consumer<Replicator> watcher) {
    watchers.remove(watcher);
  }

  public void remove(Replicator replicator) {
    cores.remove(hex(replicator.core().discoveryKey()), replicator);
  }

  /** The replicator of the core with this discovery key, or null. */
  public Replicator get(byte[] discoveryKey) {
    return discoveryKey == null ? null : cores.get(hex(discoveryKey));
  }

  public List<Replicator> all() {
    return List.copyOf(cores.values());
  }

  private static String hex(byte[] discoveryKey) {
    return HexFormat.of().formatHex(discoveryKey);
  }
}
