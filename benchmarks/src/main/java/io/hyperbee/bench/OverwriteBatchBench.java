package io.hyperbee.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.iq80.leveldb.WriteBatch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Issue 18's third batched workload, beside {@link DbBench}'s two fills: random keys of a
 * database filled with {@code num} keys (batches of 1000, once per trial) overwritten in batches
 * of 1000, each value different from the one stored (a counter in its first 8 bytes; Hyperbee,
 * like JS, appends nothing for an identical value). Scores are entries per second.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar OverwriteBatchBench}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx256m")
public class OverwriteBatchBench {
  /** A database of {@code num} keys, filled once per trial. */
  @State(Scope.Benchmark)
  public static class Filled extends DbBench.OpenDb {
    @Param({"iq80", "jni", "hyperbee"})
    public String factory;

    @Param({"1000000"})
    public int num;

    long written;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      DbBench.Factory f = new DbBench.Factory();
      f.factory = factory;
      f.num = num;
      open(f);
      fill(num);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      close();
    }
  }

  @Benchmark
  @OperationsPerInvocation(DbBench.BATCH)
  public void overwriteBatch1000(Filled s) throws IOException {
    try (WriteBatch batch = s.db.createWriteBatch()) {
      for (int i = 0; i < DbBench.BATCH; i++) {
        byte[] value = s.value.clone(); // a batch may keep the arrays it is given until written
        long n = ++s.written;
        for (int b = 0; b < 8; b++) {
          value[b] = (byte) (n >>> (8 * b));
        }
        batch.put(DbBench.key(s.random.nextInt(s.num)), value);
      }
      s.db.write(batch);
    }
  }
}
