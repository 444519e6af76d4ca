package io.hyperbee.bench.repl;

import java.nio.charset.StandardCharsets;

/**
 * The data of the JS replication bench (/work/shared/bench/js-repl/bench.mjs), byte for byte:
 * keys {@code "%016d"}, values of 100 bytes (50 random printable bytes repeated) from a pool of
 * 1,024 drawn with mulberry32 seeded 301, and the cold readers' keys from mulberry32 seeded 4242.
 * Both implementations must build the same bee, so the generator is JS's, not java.util.Random.
 */
public final class Workload {
  static final int BATCH = 1000;
  static final int RANGE_LIMIT = 100;
  private static final byte[][] VALUES = valuePool();

  private Workload() {}

  public static byte[] key(long i) {
    return String.format("%016d", i).getBytes(StandardCharsets.US_ASCII);
  }

  public static byte[] value(long i) {
    return VALUES[(int) (i & 1023)];
  }

  /** The keys of {@code readers} cold gets (any key below n) or range starts (below n - 100). */
  static long[] coldKeys(long n, int readers, boolean range) {
    Mulberry32 r = new Mulberry32(4242);
    long[] gets = new long[readers];
    long[] ranges = new long[readers];
    for (int i = 0; i < readers; i++) {
      gets[i] = (long) Math.floor(r.next() * n);
    }
    for (int i = 0; i < readers; i++) {
      ranges[i] = (long) Math.floor(r.next() * (n - RANGE_LIMIT));
    }
    return range ? ranges : gets;
  }

  private static byte[][] valuePool() {
    Mulberry32 r = new Mulberry32(301);
    byte[][] pool = new byte[1024][];
    for (int v = 0; v < pool.length; v++) {
      byte[] value = new byte[100];
      for (int j = 0; j < 50; j++) {
        value[j] = (byte) (32 + Math.floor(r.next() * 95));
        value[j + 50] = value[j];
      }
      pool[v] = value;
    }
    return pool;
  }

  /** JS's mulberry32, in 32-bit unsigned arithmetic. */
  static final class Mulberry32 {
    private int a;

    Mulberry32(int seed) {
      this.a = seed;
    }

    double next() {
      a += 0x6D2B79F5;
      int t = a;
      t = (t ^ (t >>> 15)) * (t | 1);
      t ^= t + (t ^ (t >>> 7)) * (t | 61);
      return ((t ^ (t >>> 14)) & 0xFFFFFFFFL) / 4294967296.0;
    }
  }
}
