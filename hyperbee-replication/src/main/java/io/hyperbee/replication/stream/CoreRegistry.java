package io.hyperbee.replication.stream;

import static java.util.Objects.requireNonNull;

import io.hyperbee.replication.replicator.Replicator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cores a process replicates, by discovery key: what a stream may open channels for. The
 * registry does not own the replicators (their owner closes them). Thread-safe.
 */
public final class CoreRegistry {
  private final Map<String, Replicator> cores = new ConcurrentHashMap<>();

  /**
   * Adds {@code replicator}'s core. Streams already running pick it up when their peer opens it.
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
