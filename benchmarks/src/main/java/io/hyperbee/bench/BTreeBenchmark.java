package io.hyperbee.bench;

import io.hyperbee.btree.Batch;
import io.hyperbee.btree.BeeIterator;
import io.hyperbee.btree.DiffEntry;
import io.hyperbee.btree.Entry;
import io.hyperbee.btree.Hyperbee;
import io.hyperbee.btree.KeyRange;
import io.hyperbee.btree.NodeBlock;
import io.hyperbee.crypto.KeyPair;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Hot B-tree paths on a tree of {@code keys} entries (16-byte keys, 100-byte values) built once per
 * trial in an in-memory Hypercore: point get, one-shot put, a batch of 1000 puts, a 1000-entry range
 * scan, a diff of two nearby versions, and decoding one node block.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class BTreeBenchmark {
  private static final int KEY_SIZE = 16;
  private static final int VALUE_SIZE = 100;

  @Param("1000000")
  public int keys;

  private Hypercore core;
  private Hyperbee db;
  private Hyperbee before;
  private Hyperbee after;
  private byte[] nodeBlock;
  private long nodeSeq;
  private final byte[] value = new byte[VALUE_SIZE];
  private SplittableRandom rnd;

  /** Key number {@code i}: "key-" + zero-padded decimal, 16 bytes, sorted like i. */
  static byte[] key(long i) {
    byte[] k = new byte[KEY_SIZE];
    byte[] prefix = {'k', 'e', 'y', '-'};
    System.arraycopy(prefix, 0, k, 0, 4);
    for (int p = KEY_SIZE - 1; p >= 4; p--) {
      k[p] = (byte) ('0' + (i % 10));
      i /= 10;
    }
    return k;
  }

  @Setup(Level.Trial)
  public void build() {
    KeyPair kp = KeyPair.fromSeed(new byte[32]);
    core = Hypercore.inMemory(HypercoreOptions.builder().keyPair(kp).sync(false).build());
    db = Hyperbee.open(core);
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < VALUE_SIZE; i++) {
      value[i] = (byte) r.nextInt(256);
    }
    // insert in a shuffled order (a permutation of 0..keys-1) so the tree looks like a used one
    int[] order = new int[keys];
    for (int i = 0; i < keys; i++) {
      order[i] = i;
    }
    for (int i = keys - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    for (int start = 0; start < keys; start += 10_000) {
      Batch batch = db.batch();
      for (int i = start; i < Math.min(keys, start + 10_000); i++) {
        batch.put(key(order[i] * 2L), value); // even numbers: odd ones are free for new puts
      }
      batch.flush();
    }
    before = db.snapshot();
    for (int i = 0; i < 10; i++) {
      db.put(key(r.nextInt(keys) * 2L), value);
    }
    after = db.snapshot();
    nodeSeq = core.length() - 1;
    nodeBlock = core.get(nodeSeq);
    rnd = new SplittableRandom(2);
  }

  @TearDown(Level.Trial)
  public void close() {
    db.close();
    core.close();
  }

  @Benchmark
  public Entry get() {
    return db.get(key(rnd.nextInt(keys) * 2L));
  }

  @Benchmark
  public void put() {
    db.put(key(rnd.nextInt(keys) * 2L + 1), value);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public void batchPut1000() {
    Batch batch = db.batch();
    for (int i = 0; i < 1000; i++) {
      batch.put(key(rnd.nextInt(keys) * 2L + 1), value);
    }
    batch.flush();
  }

  @Benchmark
  public void rangeScan1000(Blackhole bh) {
    long start = rnd.nextInt(Math.max(1, keys - 2000)) * 2L;
    BeeIterator<Entry> it = db.range(KeyRange.all().gte(key(start)).limit(1000));
    while (it.hasNext()) {
      bh.consume(it.next());
    }
  }

  @Benchmark
  public void diffNearbyVersions(Blackhole bh) {
    BeeIterator<DiffEntry> it = after.diff(before, KeyRange.all());
    while (it.hasNext()) {
      bh.consume(it.next());
    }
  }

  @Benchmark
  public NodeBlock nodeDecode() {
    return NodeBlock.decode(nodeSeq, nodeBlock);
  }
}
