package io.hyperbee.replication.replicator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.crypto.KeyPair;
import io.hyperbee.log.CoreListener;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Writers and replicas joined by in-memory channels (each side on its own thread), closed after each test. */
abstract class ReplicationFixture {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final ReplicatorOptions OPTIONS = ReplicatorOptions.defaults().withReadTimeout(WAIT);

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  <T extends AutoCloseable> T own(T resource) {
    open.add(resource);
    return resource;
  }

  static byte[] block(int i) {
    return ("block " + i).getBytes(StandardCharsets.UTF_8);
  }

  Replicator writer(int blocks) {
    Hypercore core = own(Hypercore.inMemory(HypercoreOptions.builder().keyPair(KeyPair.fromSeed(new byte[32])).build()));
    List<byte[]> list = new ArrayList<>();
    for (int i = 0; i < blocks; i++) {
      list.add(block(i));
    }
    core.append(list);
    return own(Replicator.of(core, OPTIONS));
  }

  Replicator replica(Replicator writer) {
    return replica(writer, OPTIONS);
  }

  Replicator replica(Replicator writer, ReplicatorOptions options) {
    ReplicaSource source = new ReplicaSource();
    Hypercore core = own(Hypercore.inMemory(HypercoreOptions.builder().key(writer.core().key()).blockSource(source).build()));
    return own(Replicator.of(core, source, options));
  }

  MemoryLink link(Replicator client, Replicator server) {
    return own(MemoryLink.connect(client, server));
  }


  /** Waits (bounded by WAIT) until {@code condition} holds. */
  static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }


  /** Brings a freshly linked replica to its peers' length (the eager upgrade may beat the call). */
  static void updated(Replicator reader) {
    reader.update(WAIT);
    await(() -> reader.core().length() > 0, "the replica learned a length");
  }

  /** A replica linked to {@code writer} that has learned its length. */
  Replicator followingReplica(Replicator writer) {
    Replicator reader = replica(writer);
    link(reader, writer);
    updated(reader);
    return reader;
  }
}
