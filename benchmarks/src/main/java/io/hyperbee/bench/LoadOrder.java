package io.hyperbee.bench;

import java.util.Random;

/**
 * The order in which a read benchmark's database receives its keys 0..num-1: ascending, as
 * db_bench's fillseq (the log order is then the key order), or a fixed-seed shuffle of the key
 * indices, as db_bench's fillrandom (every key once, in random order).
 */
enum LoadOrder {
  SEQ,
  RANDOM;

  /** The shuffle's seed: the same random order in every fork and for every factory. */
  static final long SEED = 18;

  /** {@code "seq"} or {@code "random"}, DbBench's {@code load} parameter. */
  static LoadOrder of(String name) {
    for (LoadOrder o : values()) {
      if (o.paramName().equals(name)) {
        return o;
      }
    }
    throw new IllegalArgumentException("unknown load order " + name + " (seq or random)");
  }

  String paramName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The key indices 0..num-1 in this order. */
  int[] indices(int num) {
    if (num < 0) {
      throw new IllegalArgumentException("num " + num + " < 0");
    }
    int[] order = new int[num];
    for (int i = 0; i < num; i++) {
      order[i] = i;
    }
    if (this == RANDOM) {
      Random random = new Random(SEED);
      for (int i = num - 1; i > 0; i--) { // Fisher-Yates
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    return order;
  }
}
