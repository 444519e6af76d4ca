package io.hyperbee.bench.repl;

import java.util.List;
import java.util.function.ToDoubleFunction;

/** Median and percentile as the JS bench computes them, so both tables mean the same. */
final class Stats {
  private Stats() {}

  static <T> double median(List<T> xs, ToDoubleFunction<T> f) {
    double[] s = xs.stream().mapToDouble(f).sorted().toArray();
    if (s.length == 0) {
      return Double.NaN;
    }
    int m = s.length / 2;
    return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
  }

  static <T> double percentile(List<T> xs, ToDoubleFunction<T> f, double p) {
    double[] s = xs.stream().mapToDouble(f).sorted().toArray();
    return s.length == 0 ? Double.NaN : s[Math.min(s.length - 1, (int) Math.floor(p * s.length))];
  }
}
