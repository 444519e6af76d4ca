package io.hyperbee.bench.repl;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.btree.BeeIterator;
import io.hyperbee.btree.Entry;
import io.hyperbee.btree.Hyperbee;
import io.hyperbee.btree.KeyRange;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import io.hyperbee.replication.bee.BeeExtension;
import io.hyperbee.replication.replicator.ReplicaSource;
import io.hyperbee.replication.replicator.Replicator;
import io.hyperbee.replication.replicator.ReplicatorOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reader side of the bench, each measurement on a fresh replica in its own temp folder (removed
 * after): a full download of every block, or one cold {@code get} / 100-entry range through a
 * Hyperbee on the replica. Measures what the JS bench's reader measures (see its README).
 */
final class JavaReader {
  /**
   * Appends are not fsynced, on the writer or the replica: JS's hypercore-storage writes RocksDB
   * batches without sync, and the comparison should not measure fsync on one side only.
   */
  static final boolean SYNC = Boolean.getBoolean("replbench.sync");
  /** Requests in flight per reader, as a bare JS Hypercore over TCP: min(512, 3 × 16). */
  static final int PARALLEL = Integer.getInteger("replbench.parallel", 48);
  static final Duration WAIT = Duration.ofSeconds(20);
  static final ReplicatorOptions OPTIONS = ReplicatorOptions.defaults();

  private final Path base;

  JavaReader(Path base) {
    this.base = base;
  }

  /**
   * Replicates all {@code length} blocks; time runs from the TCP connect to the last block stored.
   * Past {@code limit} it stops and reports the blocks it had (timedOut=1), as the JS bench's limit.
   */
  Map<String, ?> replicate(int port, byte[] key, long length, Duration limit) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory(base, "full-reader-");
    WireMeter meter = new WireMeter(false);
    try (Replica replica = Replica.open(dir, key)) {
      long cpu0 = ReplPeer.cpuNanos();
      long t0 = System.nanoTime();
      try (ReaderLink link = ReaderLink.connect(port, replica.replicator, meter, 0)) {
        replica.awaitLength(length);
        boolean timedOut = false;
        try {
          long left = limit.toNanos() - (System.nanoTime() - t0);
          replica.replicator.download(0, length, PARALLEL, Duration.ofNanos(Math.max(1, left)), null);
        } catch (HyperbeeException e) {
          if (e.code() != ErrorCode.BLOCK_NOT_AVAILABLE || System.nanoTime() - t0 < limit.toNanos()) {
            throw e;
          }
          timedOut = true;
        }
        long ns = System.nanoTime() - t0;
        if (!timedOut && !replica.replicator.has(0, length)) {
          throw new IllegalStateException("the download returned before every block was stored");
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("ms", ns / 1e6);
        r.put("timedOut", timedOut ? 1 : 0);
        r.put("blocks", timedOut ? replica.replicator.blocksDownloaded() : length);
        r.put("byteLength", replica.core.byteLength());
        r.put("wireBytes", link.wireBytes());
        r.put("cpuS", (ReplPeer.cpuNanos() - cpu0) / 1e9);
        r.put("requests", meter.counts().requests());
        return r;
      }
    } finally {
      ReplPeer.deleteTree(dir);
    }
  }

  /**
   * One cold read by a fresh reader: connect and update first (reported as connectMs), then the
   * operation alone, measured and checked: {@code get} of key {@code k} must return its value,
   * {@code range} from key {@code k} must yield the 100 consecutive keys. With {@code extension},
   * the reader's bee asks the writer for cache-warmup hints ({@link BeeExtension}), as JS's
   * default {@code new Hyperbee(core)} does.
   */
  Map<String, ?> cold(int port, byte[] key, long length, String op, long k, double rttMs, boolean extension)
      throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory(base, "cold-reader-");
    WireMeter meter = new WireMeter(true);
    try (Replica replica = Replica.open(dir, key);
        Hyperbee bee = beeOn(replica);
        BeeExtension ext = extension ? BeeExtension.attach(bee, replica.replicator) : null) {
      long t0 = System.nanoTime();
      try (ReaderLink link = ReaderLink.connect(port, replica.replicator, meter, rttMs)) {
        replica.awaitLength(length);
        long connectNs = System.nanoTime() - t0;
        WireMeter.Counts connect = meter.counts();
        meter.reset();
        long wire0 = link.wireBytes();
        long t1 = System.nanoTime();
        boolean ok = op.equals("get") ? getChecks(bee, k) : rangeChecks(bee, k);
        long ns = System.nanoTime() - t1;
        WireMeter.Counts c = meter.counts();
        long wire = link.wireBytes() - wire0;
        if (!ok) {
          throw new IllegalStateException("cold " + op + " of " + k + " returned a wrong result");
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("ms", ns / 1e6);
        r.put("connectMs", connectNs / 1e6);
        r.put("connectRoundTrips", connect.roundTrips());
        r.put("requests", c.requests());
        r.put("blocks", c.blocks());
        r.put("blockBytes", c.blockBytes());
        r.put("wireBytes", wire);
        r.put("roundTrips", c.roundTrips());
        r.put("extSent", c.extensionsSent());
        r.put("extReceived", c.extensionsReceived());
        return r;
      }
    } finally {
      ReplPeer.deleteTree(dir);
    }
  }

  /**
   * A bee on the replica, whose replicator may have as many requests in flight as a JS Hyperbee
   * lets its core (it raises them when it opens, extension or not; attaching the extension
   * raises them too).
   */
  private static Hyperbee beeOn(Replica replica) {
    replica.replicator.raiseMaxInflight(ReplicatorOptions.BEE_MAX_INFLIGHT);
    return Hyperbee.open(replica.core);
  }

  private static boolean getChecks(Hyperbee bee, long k) {
    Entry e = bee.get(Workload.key(k));
    return e != null && Arrays.equals(e.value(), Workload.value(k));
  }

  private static boolean rangeChecks(Hyperbee bee, long k) {
    int i = 0;
    try (BeeIterator<Entry> it = bee.range(KeyRange.all().gte(Workload.key(k)).limit(Workload.RANGE_LIMIT))) {
      while (it.hasNext()) {
        if (!Arrays.equals(it.next().key(), Workload.key(k + i))) {
          return false;
        }
        i++;
      }
    }
    return i == Workload.RANGE_LIMIT;
  }

  /** A replica on disk that knows only the key, and its replicator. */
  private static final class Replica implements AutoCloseable {
    final Hypercore core;
    final Replicator replicator;

    private Replica(Hypercore core, Replicator replicator) {
      this.core = core;
      this.replicator = replicator;
    }

    static Replica open(Path dir, byte[] key) {
      ReplicaSource source = new ReplicaSource();
      Hypercore core = Hypercore.open(dir, HypercoreOptions.builder().key(key).blockSource(source).sync(SYNC).build());
      try {
        return new Replica(core, Replicator.of(core, source, OPTIONS));
      } catch (RuntimeException e) {
        core.close();
        throw e;
      }
    }

    /** Waits (bounded) for the peer and the upgrade to the writer's length. */
    void awaitLength(long length) throws InterruptedException {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (core.length() < length) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the replica did not learn the length " + length + " in " + WAIT
              + " (it has " + core.length() + ", " + replicator.peerCount() + " peers)");
        }
        if (replicator.peerCount() == 0) {
          Thread.sleep(1);
        } else {
          replicator.update(Duration.ofMillis(Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
        }
      }
    }

    @Override
    public void close() {
      replicator.close();
      core.close();
    }
  }
}
