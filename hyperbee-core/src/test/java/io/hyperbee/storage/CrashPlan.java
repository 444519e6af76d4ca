package io.hyperbee.storage;

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

  public static long crc(List<byte[]> blocks) {
    CRC32 crc = new CRC32();
    blocks.forEach(crc::update);
    return crc.getValue();
  }
}
