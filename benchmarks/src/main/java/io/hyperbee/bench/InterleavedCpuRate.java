package io.hyperbee.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares builds on a busy machine: runs {@link WriteCpuRate} from two or more benchmark jars in
 * one JVM, each jar in its own class loader, one round of each in turn (A B, then B A), and
 * reports the median of the per-round ratios of each jar's rate to the first jar's. On a shared
 * machine two builds run one after the other meet different loads (rounds of one build then
 * differ by 15-25%); rounds taken back to back share the machine's state of the moment, so their
 * ratio is steadier. The first {@value #WARMUP} rounds (JIT warm-up) are left out.
 *
 * <p>Run: {@code java -Xmx1g -cp benchmarks/target/benchmarks.jar io.hyperbee.bench.InterleavedCpuRate
 * ROUNDS ARGS JAR...}, where ARGS are WriteCpuRate's arguments joined by commas with one round,
 * e.g. {@code 20 hyperbee,fillrandomBatch1000,100000,1 base.jar new.jar} or {@code 12
 * hyperbee,overwriteBatch1000,20000,1,1000000,random base.jar new.jar} (with {@code
 * -Ddbbench.cache}: every round then copies the cached database and starts with cold caches).
 */
public final class InterleavedCpuRate {
  private static final int WARMUP = 3;
  private static final Pattern RATE = Pattern.compile("([\\d,]+) entries/s per CPU second");

  private InterleavedCpuRate() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: InterleavedCpuRate ROUNDS WRITECPURATE,ARGS,WITH,COMMAS JAR JAR...");
      System.exit(2);
    }
    int rounds = Integer.parseInt(args[0]);
    if (rounds <= WARMUP) {
      throw new IllegalArgumentException("rounds must exceed the " + WARMUP + " warm-up rounds");
    }
    String[] runArgs = args[1].split(",");
    List<String> jars = Arrays.asList(args).subList(2, args.length);
    Method[] mains = new Method[jars.size()];
    for (int j = 0; j < mains.length; j++) {
      URLClassLoader loader = new URLClassLoader(
          new URL[] {Path.of(jars.get(j)).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
      mains[j] = loader.loadClass(WriteCpuRate.class.getName()).getMethod("main", String[].class);
    }
    double[][] rates = new double[jars.size()][rounds];
    for (int r = 0; r < rounds; r++) {
      StringBuilder line = new StringBuilder("round " + r + ":");
      for (int k = 0; k < mains.length; k++) {
        int j = r % 2 == 0 ? k : mains.length - 1 - k;
        rates[j][r] = runOnce(mains[j], runArgs);
      }
      for (int j = 0; j < mains.length; j++) {
        line.append(String.format(" %s=%,.0f", jars.get(j), rates[j][r]));
      }
      System.out.println(line);
    }
    for (int j = 1; j < mains.length; j++) {
      double[] ratios = new double[rounds - WARMUP];
      for (int r = WARMUP; r < rounds; r++) {
        ratios[r - WARMUP] = rates[j][r] / rates[0][r];
      }
      Arrays.sort(ratios);
      System.out.printf("%s / %s: median ratio %.3f (quartiles %.3f-%.3f) over %d rounds%n", jars.get(j),
          jars.get(0), ratios[ratios.length / 2], ratios[ratios.length / 4], ratios[3 * ratios.length / 4], ratios.length);
    }
  }

  /** One WriteCpuRate run of one round; its rate per CPU second, read from what it prints. */
  private static double runOnce(Method main, String[] runArgs) throws Exception {
    PrintStream out = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      main.invoke(null, (Object) runArgs);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("WriteCpuRate failed: " + String.join(",", runArgs), e.getCause());
    } finally {
      System.setOut(out);
    }
    Matcher m = RATE.matcher(printed.toString(StandardCharsets.UTF_8));
    List<Double> found = new ArrayList<>();
    while (m.find()) {
      found.add(Double.parseDouble(m.group(1).replace(",", "")));
    }
    if (found.size() != 1) {
      throw new IllegalStateException("expected one round's rate, WriteCpuRate printed: " + printed);
    }
    return found.get(0);
  }
}
