package io.hyperbee.storage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;

/** The deterministic content every run of a crash-test seed writes: batch boundaries and block bytes. */
public final class CrashPlan {
  private final long seed;
  private final List<Long> boundaries = new ArrayList<>(List.of(0L));
  private final Random sizes;

  public CrashPlan(long seed) {
    this.seed = seed;
    this.sizes = new Random(seed);
  }

  /** Length after batch {@code j} (batch 0 = empty core). */
  public long boundary(int j) {
    while (boundaries.size() <= j) {
      boundaries.add(boundaries.get(boundaries.size() - 1) + 1 + sizes.nextInt(8));
    }
    return boundaries.get(j);
  }

  /** The batch after which the core has {@code length} blocks, or -1 when no batch ends there. */
  public int batchEndingAt(long length) {
    for (int j = 0; ; j++) {
      long b = boundary(j);
      if (b == length) {
        return j;
      }
      if (b > length) {
        return -1;
      }
    }
  }

  public byte[] block(long i) {
    Random r = new Random(seed * 1_000_003L + i);
    byte[] b = new byte[r.nextInt(300)];
    r.nextBytes(b);
    return b;
  }

  /** Blocks {@code from} (inclusive) up to the end of batch {@code batch}. */
  public List<byte[]> blocks(long from, int batch) {
    List<byte[]> blocks = new ArrayList<>();
    for (long i = from; i < boundary(batch); i++) {
      blocks.add(block(i));
    }
    return blocks;
  }

  /**
   * The child's side of the start: prints READY once warmed up, then waits for the parent's GO.
   *
   * @return the nanoTime by which the child stops writing (it never outlives a dead parent for
   *     long), or -1 when the parent did not say GO
   */
  public static long awaitGo(PrintStream out) throws IOException {
    out.println("READY");
    out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    return "GO".equals(in.readLine()) ? System.nanoTime() + 20_000_000_000L : -1;
  }

  public static long crc(List<byte[]> blocks) {
    CRC32 crc = new CRC32();
    blocks.forEach(crc::update);
    return crc.getValue();
  }
}
