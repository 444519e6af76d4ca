package io.hyperbee.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A {@link FileOpener} that simulates losing power, in the manner of LevelDB's
 * fault_injection_test and RocksDB's FaultInjectionTestFS. Writes go to the real files (so reads
 * see them, as they would see the page cache), and each file remembers what it held at its last
 * force and every write and truncation since, writes through a read-write mapping included
 * (announced through {@link FileOpener.MappedWrites}; the pre-extension that mapping makes is
 * not recorded, so a power loss may drop it too). A file created through it only survives a power
 * loss once its directory was forced after the creation.
 *
 * <p>{@link #failAfter} arms a power cut at the n-th write, truncation or force from now: that
 * operation and every later one fail with an IOException, as a machine that lost power does
 * nothing more. {@link #powerLoss} then rewrites every file as a disk might hold it: the forced
 * content, then each later operation in order either kept, dropped, or torn (a prefix of it
 * written, or its range zeroed, or filled with garbage); a file whose creation was not made
 * durable disappears, and a file deleted (through {@link #delete}) without its directory forced
 * since comes back. Counts what it did for the tests' reports.
 */
public final class PowerLossFiles implements FileOpener {
  /** One write or truncation not yet forced. */
  private record Pending(long position, byte[] bytes, long truncateTo) {}

  /** What the disk holds for a file, and what came after. */
  private static final class FileState {
    byte[] durable;
    final List<Pending> pending = new ArrayList<>();
    boolean linked; // its directory entry is durable
    boolean unlinked; // deleted, but the deletion not yet durable: a power loss brings it back

    FileState(byte[] durable, boolean linked) {
      this.durable = durable;
      this.linked = linked;
    }
  }

  private final Map<Path, FileState> files = new TreeMap<>(); // sorted: a seeded run is repeatable
  private long countdown = -1; // operations until the power cut; -1: none armed
  private boolean dead;

  public long powerLosses;
  public long pendingOpsKept;
  public long pendingOpsDropped;
  public long pendingOpsTorn;
  public long filesUnlinked;
  public long deletesUndone;
  /** Writes made through a read-write mapping (recorded like positional ones). */
  public long mappedWrites;

  @Override
  public synchronized FileChannel open(Path path, boolean writable) throws IOException {
    Path key = path.toAbsolutePath().normalize();
    if (Files.isDirectory(key)) {
      return new Channel(key, FileChannel.open(key), true);
    }
    if (files.containsKey(key) && files.get(key).unlinked) {
      files.remove(key); // created again after a delete: a new file
    }
    if (!files.containsKey(key)) {
      boolean exists = Files.exists(key);
      files.put(key, new FileState(exists ? Files.readAllBytes(key) : new byte[0], exists));
    }
    return new Channel(key, FileOpener.DEFAULT.open(key, writable), false);
  }

  /**
   * Deletes the file; until its directory is forced a power loss brings it back with what it
   * durably held, as an unlink that never reached the disk.
   */
  @Override
  public synchronized void delete(Path path) throws IOException {
    tick();
    Path key = path.toAbsolutePath().normalize();
    if (!files.containsKey(key) && Files.exists(key)) {
      files.put(key, new FileState(Files.readAllBytes(key), true));
    }
    Files.deleteIfExists(key);
    FileState f = files.get(key);
    if (f != null) {
      f.unlinked = true;
    }
  }

  /** Cuts the power at the {@code n}-th write, truncation or force from now ({@code n >= 1}). */
  public synchronized void failAfter(long n) {
    countdown = n;
  }

  /** Whether the power was cut. */
  public synchronized boolean dead() {
    return dead;
  }

  /**
   * Turns every file into what a disk might hold after losing power now, choosing with {@code
   * random}; afterwards the files are as the next boot finds them, all durable, and the power is on.
   */
  public synchronized void powerLoss(Random random) throws IOException {
    powerLosses++;
    for (Map.Entry<Path, FileState> e : files.entrySet()) {
      Path path = e.getKey();
      FileState f = e.getValue();
      if (!f.linked) {
        filesUnlinked++;
        Files.deleteIfExists(path);
        continue;
      }
      if (f.unlinked) {
        deletesUndone++;
        Files.write(path, f.durable); // the unlink never reached the disk; nor did unforced writes
        continue;
      }
      byte[] content = f.durable;
      for (Pending p : f.pending) {
        int fate = random.nextInt(3);
        if (fate == 0) {
          pendingOpsKept++;
          content = apply(content, p, p.bytes);
        } else if (fate == 1) {
          pendingOpsDropped++;
        } else {
          pendingOpsTorn++;
          content = p.bytes == null ? content : apply(content, p, torn(p.bytes, random));
        }
      }
      Files.write(path, content);
    }
    files.clear(); // the next open reads what is on disk now as durable
    countdown = -1;
    dead = false;
  }

  /** A torn version of {@code bytes}: a prefix, zeros, or garbage, each over the write's range. */
  private static byte[] torn(byte[] bytes, Random random) {
    switch (random.nextInt(3)) {
      case 0:
        return Arrays.copyOf(bytes, random.nextInt(bytes.length + 1)); // a prefix reached the disk
      case 1:
        return new byte[bytes.length]; // the size grew but the pages were never written
      default:
        byte[] garbage = bytes.clone();
        int from = random.nextInt(bytes.length + 1);
        for (int i = from; i < bytes.length; i++) {
          garbage[i] = (byte) random.nextInt(256);
        }
        return garbage;
    }
  }

  private static byte[] apply(byte[] content, Pending p, byte[] bytes) {
    if (bytes == null) { // a truncation
      return p.truncateTo < content.length ? Arrays.copyOf(content, (int) p.truncateTo) : content;
    }
    int end = (int) (p.position + bytes.length);
    byte[] out = end > content.length ? Arrays.copyOf(content, end) : content.clone();
    System.arraycopy(bytes, 0, out, (int) p.position, bytes.length);
    return out;
  }

  private synchronized void tick() throws IOException {
    if (dead) {
      throw new IOException("simulated power loss");
    }
    if (countdown > 0 && --countdown == 0) {
      dead = true;
      throw new IOException("simulated power loss");
    }
  }

  private synchronized void recordWrite(Path path, long position, byte[] bytes) {
    files.get(path).pending.add(new Pending(position, bytes, -1));
  }

  private synchronized void recordTruncate(Path path, long size) {
    files.get(path).pending.add(new Pending(-1, null, size));
  }

  private synchronized void forced(Path path, boolean directory) throws IOException {
    if (directory) {
      files.entrySet().removeIf(e -> path.equals(e.getKey().getParent()) && e.getValue().unlinked); // gone for good
      for (Map.Entry<Path, FileState> e : files.entrySet()) {
        if (path.equals(e.getKey().getParent())) {
          e.getValue().linked = true;
        }
      }
      return;
    }
    FileState f = files.get(path);
    f.durable = Files.readAllBytes(path);
    f.pending.clear();
  }

  /** A channel that reports its writes, truncations and forces, and fails them once the power is cut. */
  private final class Channel extends ForwardingFileChannel {
    private final Path path;
    private final boolean directory;

    Channel(Path path, FileChannel real, boolean directory) {
      super(real);
      this.path = path;
      this.directory = directory;
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      tick();
      byte[] bytes = new byte[src.remaining()];
      src.duplicate().get(bytes);
      int n = real.write(src, position);
      recordWrite(path, position, Arrays.copyOf(bytes, n));
      return n;
    }

    /** A write through a mapping: as volatile as a positional one until the file is forced. */
    @Override
    public void beforeMappedWrite(long position, ByteBuffer src) throws IOException {
      tick();
      byte[] bytes = new byte[src.remaining()];
      src.get(bytes);
      recordWrite(path, position, bytes);
      synchronized (PowerLossFiles.this) {
        mappedWrites++;
      }
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      tick();
      real.truncate(size);
      recordTruncate(path, size);
      return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      tick();
      real.force(metaData);
      forced(path, directory);
    }
  }
}
