package io.hyperbee.storage;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One file of a core directory, read and written only with positional I/O so that any number of
 * threads can read it at once without locks.
 *
 * <p>A {@link FileChannel} is closed for every user when one thread using it is interrupted
 * ({@code ClosedByInterruptException}). A storage shared by many threads must not die because one
 * reader was cancelled, so an operation that finds the channel closed while this file is still
 * open reopens it and retries; the caller's interrupt status is kept. Every operation is
 * positional, hence safe to repeat.
 *
 * <p><b>Mapped reads.</b> A file opened {@code mappable} that is at least {@link #mapThreshold}
 * long is also mapped read-only, in chunks of {@code 2^}{@link #mapChunkShift} bytes (one mapping
 * holds at most 2 GiB), and reads that lie inside the mapped part are copied from memory: no
 * system call, no temporary direct buffer, nothing an interrupt can close. The mapping covers
 * only bytes that existed when it was made, and a read past it (the file grew) either remaps the
 * tail chunk, once the file has grown by a quarter of it (at least the threshold), or falls back
 * to a positional read.
 *
 * <p><b>Mapped writes.</b> A writable mappable file is mapped read-write instead (unless {@link
 * #writeMapEnabled} is off), and a write is a memory copy into the mapping: no system call. A
 * store into a shared file mapping lands in the page cache as a {@code pwrite} does, so it
 * survives the death of the process (SIGKILL) the same way, and {@link #force} makes it durable
 * ({@code fdatasync} writes back pages dirtied through mappings on Linux; elsewhere the mapped
 * chunks are forced first). To write past the mapping the file is pre-extended, the step doubling
 * from {@link #MIN_WRITE_STEP} up to {@link #MAX_WRITE_STEP}, and the tail chunk mapped again
 * over it; the file's {@link #size} is its <em>logical</em> size (the end of what was written),
 * while the zero-filled rest of the step lies past it, is never read, and is cut off by {@link
 * #trimToSize} before a clean close (or, after a crash, by the next open's recovery: all-zero
 * tails read as "not stored" in every file, see below). A channel that implements {@link FileOpener.MappedWrites} (a fault
 * injector) is told of every mapped write before it is made. A failed mapping falls back to
 * positional writes.
 *
 * <p>A mapped page past the end of the file faults ({@code SIGBUS}, an {@link InternalError} in
 * Java) and a mapping cannot be taken back while a lock-free reader may still use it. So the file
 * never shrinks below what is mapped: {@link #truncate} zeroes the mapped bytes it drops and cuts
 * only the unmapped rest. All-zero is "not stored" in every mappable file (index entries, tree
 * records; data bytes past the committed end are never referenced), so this keeps the meaning of
 * the files; the zero tail is cut off for real by the next open's recovery, when nothing is
 * mapped. Mapping and truncation take one lock, so a mapping never reaches past the end. A failed
 * mapping (address space, {@code vm.max_map_count}) turns mapping off for the file, silently:
 * positional reads are always correct; {@link MappingBudget} keeps the process well below the
 * mapping limit. Mappings are dropped on close and unmapped by the garbage
 * collector, never explicitly, since a racing reader may still hold one.
 */
final class StoreFile implements Closeable {
  private static final int MAX_REOPENS = 3;

  /** log2 of the mapping chunk size; tests lower it to cross chunk boundaries with small files. */
  static volatile int mapChunkShift = 30;
  /**
   * Files shorter than this are never mapped: positional reads are cheap enough for them, and
   * thousands of small cores (test suites) would otherwise use up {@code vm.max_map_count}.
   */
  static volatile long mapThreshold = 1L << 20;
  /** Off with {@code -Dhyperbee.storage.mmap=false}, or for tests. */
  static volatile boolean mapEnabled = !"false".equals(System.getProperty("hyperbee.storage.mmap"));
  /** Writes through read-write mappings; off with {@code -Dhyperbee.storage.mmapWrites=false}, or for tests. */
  static volatile boolean writeMapEnabled = !"false".equals(System.getProperty("hyperbee.storage.mmapWrites"));
  /** The first pre-extension of a write-mapped file; later ones double up to {@link #MAX_WRITE_STEP}. */
  static final long MIN_WRITE_STEP = 64 << 10;
  /**
   * The largest pre-extension: bounds the zero tail a crash leaves (which the next open reads once
   * to tell it from a torn write) and how often a growing file is mapped again.
   */
  static final long MAX_WRITE_STEP = 16 << 20;
  /** Linux's {@code fdatasync} writes back pages dirtied through shared mappings; other systems may need {@code msync}. */
  private static final boolean FORCE_COVERS_MAPPINGS = System.getProperty("os.name", "").startsWith("Linux");

  /** The mapped prefix {@code [0, end)} of the file; chunk {@code k} maps bytes from {@code k << shift}. */
  private record Mapping(ByteBuffer[] chunks, long end) {
    static final Mapping NONE = new Mapping(new ByteBuffer[0], 0);
  }

  private final Path path;
  private final FileOpener opener;
  private final boolean writable;
  private final Object reopenLock = new Object();
  private volatile FileChannel channel;
  private volatile boolean closed;

  private final boolean mappable;
  /** Mapped read-write and written through the mapping (see the class comment). */
  private final boolean writeMapped;
  private final int chunkShift;
  private final long chunkMask;
  private final long minMapped;
  private final ReentrantLock mapLock = new ReentrantLock(); // mapping growth vs truncation
  private volatile Mapping mapping = Mapping.NONE;
  private volatile boolean mapFailed;
  /** A lower bound of the file's size kept by writes, so reads decide to remap without a system call. */
  private volatile long knownSize;
  /**
   * The end of what was written (the size at open, then raised by writes and lowered by
   * truncations): the file's size for a write-mapped file, whose real size includes the zero
   * tail of its pre-extension. Everything from here on is zero. Changed by the single writer.
   */
  private volatile long logicalSize;
  /** Told of each mapped write (a fault injector's channel), else null; follows {@link #channel}. */
  private volatile FileOpener.MappedWrites mappedWrites;

  private StoreFile(Path path, FileOpener opener, boolean writable, FileChannel channel, boolean mappable,
      boolean mapWrites) throws IOException {
    this.path = path;
    this.opener = opener;
    this.writable = writable;
    this.channel = channel;
    this.mappable = mappable && mapEnabled;
    this.writeMapped = this.mappable && writable && mapWrites && writeMapEnabled;
    this.chunkShift = mapChunkShift;
    this.chunkMask = (1L << chunkShift) - 1;
    this.minMapped = Math.max(1, mapThreshold);
    this.knownSize = channel.size();
    this.logicalSize = knownSize;
    this.mappedWrites = channel instanceof FileOpener.MappedWrites w ? w : null;
  }

  /** Opens {@code path} for reading and writing, creating it when missing; never mapped. */
  static StoreFile open(Path path) throws IOException {
    return open(path, FileOpener.DEFAULT, true, false);
  }

  /** Opens {@code path} for reading and writing, creating it when missing; {@code mappable}: see the class comment. */
  static StoreFile open(Path path, boolean mappable) throws IOException {
    return open(path, FileOpener.DEFAULT, true, mappable);
  }

  /**
   * Opens {@code path} through {@code opener}; {@code writable}: for writing too, created when
   * missing (else read-only, and a missing file is an error); {@code mappable}: see the class comment.
   */
  static StoreFile open(Path path, FileOpener opener, boolean writable, boolean mappable) throws IOException {
    return open(path, opener, writable, mappable, true);
  }

  /**
   * As {@link #open(Path, FileOpener, boolean, boolean)}; {@code mapWrites} false keeps writes
   * positional (and mappings read-only) even when the file is writable and mappable.
   */
  static StoreFile open(Path path, FileOpener opener, boolean writable, boolean mappable, boolean mapWrites)
      throws IOException {
    FileChannel ch = opener.open(path, writable);
    try {
      return new StoreFile(path, opener, writable, ch, mappable, mapWrites);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** The current channel; tests use it to break it as an interrupt does. */
  FileChannel channel() {
    return channel;
  }

  Path path() {
    return path;
  }

  /** The file's size; for a write-mapped file its logical size (see the class comment). */
  long size() throws IOException {
    return writeMapped ? logicalSize : run(FileChannel::size);
  }

  /** How many bytes from the start are mapped now (tests). */
  long mappedSize() {
    return mapping.end;
  }

  /** Whether writes go through a read-write mapping (tests). */
  boolean isWriteMapped() {
    return writeMapped;
  }

  /** How far the mapping {@code m} may be read: never past the logical end of a write-mapped file. */
  private long readableEnd(Mapping m) {
    return writeMapped ? Math.min(m.end, logicalSize) : m.end;
  }

  /**
   * Reads from {@code position} until {@code dst} is full or the file ends; returns the bytes read.
   * For maintenance (recovery, truncation, head and journal): it uses a mapping that exists but
   * never maps, so that recovery, which runs before any read, still cuts files for real.
   */
  int read(ByteBuffer dst, long position) throws IOException {
    int start = dst.position();
    int length = dst.remaining();
    if (dst.hasArray() && readableEnd(mapping) >= position + length) {
      int n = read(dst.array(), dst.arrayOffset() + start, length, position);
      dst.position(start + n);
      return n;
    }
    return pread(dst, position);
  }

  /**
   * Reads {@code length} bytes from {@code position} into {@code dst}, fewer only where the file
   * ends; returns the bytes read. The read path of blocks and nodes: maps the file once it is large.
   */
  int read(byte[] dst, int offset, int length, long position) throws IOException {
    Mapping m = mappingFor(position, length);
    if (m == null) {
      return pread(ByteBuffer.wrap(dst, offset, length), position);
    }
    int total = length;
    while (length > 0) {
      ByteBuffer chunk = m.chunks[(int) (position >>> chunkShift)];
      int at = (int) (position & chunkMask);
      int n = Math.min(length, chunk.limit() - at);
      chunk.get(at, dst, offset, n);
      position += n;
      offset += n;
      length -= n;
    }
    return total;
  }

  /**
   * The little-endian mapped chunk holding bytes {@code [position, position + length)} in one
   * piece, indexed from the chunk's start ({@link #chunkOffset}), or null when they are not mapped
   * so: then read them with {@link #read}. Lets callers decode small records in place.
   */
  ByteBuffer mappedChunk(long position, int length) {
    Mapping m = mappingFor(position, length);
    if (m == null || (position >>> chunkShift) != ((position + length - 1) >>> chunkShift)) {
      return null;
    }
    return m.chunks[(int) (position >>> chunkShift)];
  }

  /** Where byte {@code position} of the file is in the chunk {@link #mappedChunk} returns for it. */
  int chunkOffset(long position) {
    return (int) (position & chunkMask);
  }

  /** True when bytes {@code [position, position + length)} are mapped, so reading them costs no system call. */
  boolean isMapped(long position, long length) {
    return mappingFor(position, length) != null;
  }

  /** The mapping if it covers {@code [position, position + length)}, after growing it if that is worth it; else null. */
  private Mapping mappingFor(long position, long length) {
    Mapping m = mapping;
    long end = position + length;
    if (end <= readableEnd(m) && position >= 0) {
      return m;
    }
    if (!mappable || mapFailed || position < 0 || end > knownSize || end > m.end && knownSize - m.end < growth(m)
        || writeMapped && end > logicalSize) {
      return null;
    }
    m = grow();
    return end <= m.end ? m : null;
  }

  /** How much the file must grow past {@code m} before a remap pays. */
  private long growth(Mapping m) {
    return Math.max(minMapped, (m.end & chunkMask) / 4);
  }

  /** Maps the file up to its current end, keeping the complete chunks of the old mapping. */
  private Mapping grow() {
    if (!mapLock.tryLock()) { // another reader is mapping, or the writer truncating: read around it
      return mapping;
    }
    try {
      Mapping m = mapping;
      long size = closed || mapFailed ? 0 : run(FileChannel::size);
      if (size - m.end < growth(m)) {
        return m;
      }
      Mapping grown = extended(m, size);
      return grown == null ? m : publish(grown); // null: read positionally for now
    } catch (ClosedChannelException e) {
      return mapping; // closed under us: the read fails as a positional read
    } catch (IOException | RuntimeException e) {
      mapFailed = true; // "Map failed": out of address space or mappings; positional reads still work
      return mapping;
    } finally {
      mapLock.unlock();
    }
  }

  /**
   * {@code m} extended to map {@code [0, end)}, keeping its complete chunks (the tail chunk is
   * mapped again); null when that many more mappings would exceed {@link MappingBudget} (the GC
   * has not yet released enough).
   */
  private Mapping extended(Mapping m, long end) throws IOException {
    int kept = (int) (m.end >>> chunkShift); // chunks mapped in full
    int count = (int) (((end - 1) >>> chunkShift) + 1);
    if (!MappingBudget.allows(count - kept)) {
      return null;
    }
    ByteBuffer[] chunks = Arrays.copyOf(m.chunks, count);
    for (int k = kept; k < count; k++) {
      long start = (long) k << chunkShift;
      chunks[k] = mapChunk(start, Math.min(end - start, 1L << chunkShift));
    }
    return new Mapping(chunks, end);
  }

  /** Maps {@code length} bytes from {@code start}; read-write (extending the file to cover them) when write-mapped. */
  private ByteBuffer mapChunk(long start, long length) throws IOException {
    FileChannel.MapMode mode = writeMapped ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY;
    ByteBuffer chunk = run(ch -> ch.map(mode, start, length)).order(ByteOrder.LITTLE_ENDIAN);
    MappingBudget.track(chunk);
    return chunk;
  }

  /** Makes {@code m} the mapping, unless close() ran meanwhile: then it is not kept alive (see close). */
  private Mapping publish(Mapping m) {
    mapping = m;
    if (closed) {
      mapping = Mapping.NONE;
    }
    return m;
  }

  /**
   * A mapping through which bytes up to {@code end} can be written, pre-extending the file and
   * mapping more of it when they lie past the current one; null when mapping failed (write
   * positionally then).
   */
  private Mapping mappedForWrite(long end) {
    Mapping current = mapping;
    if (end <= current.end) {
      return current;
    }
    if (mapFailed || closed) {
      return null;
    }
    mapLock.lock();
    try {
      Mapping m = mapping;
      if (end <= m.end) {
        return m;
      }
      long step = Math.min(MAX_WRITE_STEP, Math.max(MIN_WRITE_STEP, m.end));
      long capacity = Math.max(end, m.end + step);
      capacity = (capacity + MIN_WRITE_STEP - 1) / MIN_WRITE_STEP * MIN_WRITE_STEP;
      Mapping grown = extended(m, capacity);
      if (grown == null) {
        return null; // write positionally for now
      }
      knownSize = Math.max(knownSize, capacity);
      return publish(grown);
    } catch (IOException | RuntimeException e) {
      mapFailed = true; // out of address space or mappings, or a channel that cannot map: write positionally
      return null;
    } finally {
      mapLock.unlock();
    }
  }

  /** Copies {@code src} into mapping {@code m} at {@code position} (which it covers). */
  private void writeMapped(Mapping m, ByteBuffer src, long position) throws IOException {
    FileOpener.MappedWrites observer = mappedWrites;
    if (observer != null) {
      observer.beforeMappedWrite(position, src.duplicate());
    }
    while (src.hasRemaining()) {
      ByteBuffer chunk = m.chunks[(int) (position >>> chunkShift)];
      int at = (int) (position & chunkMask);
      int n = Math.min(src.remaining(), chunk.limit() - at);
      chunk.put(at, src, src.position(), n);
      src.position(src.position() + n);
      position += n;
    }
  }

  private int pread(ByteBuffer dst, long position) throws IOException {
    int start = dst.position();
    return run(ch -> {
      while (dst.hasRemaining()) {
        int n = ch.read(dst, position + dst.position() - start);
        if (n < 0) {
          break;
        }
      }
      return dst.position() - start;
    });
  }

  /** Writes all of {@code src} at {@code position}: a memory copy when write-mapped, else positional writes. */
  void write(ByteBuffer src, long position) throws IOException {
    if (closed) {
      throw new ClosedChannelException();
    }
    int start = src.position();
    long end = position + src.remaining();
    Mapping target = writeMapped ? mappedForWrite(end) : null;
    if (target != null) {
      writeMapped(target, src, position);
    } else {
      run(ch -> {
        while (src.hasRemaining()) {
          ch.write(src, position + src.position() - start);
        }
        return null;
      });
    }
    if (end > knownSize) {
      knownSize = end; // one writer: no lost update
    }
    if (end > logicalSize) {
      logicalSize = end;
    }
  }

  /**
   * Shrinks the file to {@code size} bytes when it is longer; returns whether anything changed,
   * which cutting off bytes that are all zero (a write-mapped file's pre-extension, left by a
   * crash) does not. Mapped bytes are zeroed instead of cut off (see the class comment).
   */
  boolean truncate(long size) throws IOException {
    mapLock.lock();
    try {
      return run(ch -> {
        long current = ch.size();
        long written = writeMapped ? Math.min(current, logicalSize) : current; // zero from here on
        if (current <= size) {
          return false;
        }
        Mapping m = mapping;
        long cut = Math.max(size, m.end);
        boolean changed = false;
        if (size < Math.min(m.end, written)) {
          long dirty = nonZeroEnd(m, size, Math.min(m.end, written));
          zero(ch, size, dirty);
          changed = dirty > size;
        }
        if (current > cut) {
          changed |= cut < written && anyNonZero(ch, cut, written);
          ch.truncate(cut);
        }
        knownSize = Math.min(current, cut);
        logicalSize = Math.min(logicalSize, size);
        return changed;
      });
    } finally {
      mapLock.unlock();
    }
  }

  /**
   * Whether the file holds a byte other than zero from {@code from} on (read positionally): a zero
   * tail past it is only a write mapping's pre-extension that a crash left.
   */
  boolean writtenPast(long from) throws IOException {
    return run(ch -> anyNonZero(ch, from, ch.size()));
  }

  /** Whether the file holds a byte other than zero in {@code [from, to)} (read positionally; none when empty). */
  private static boolean anyNonZero(FileChannel ch, long from, long to) throws IOException {
    if (to <= from) {
      return false;
    }
    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(to - from, 1 << 16));
    for (long p = from; p < to; ) {
      buf.clear().limit((int) Math.min(buf.capacity(), to - p));
      int n = ch.read(buf, p);
      if (n <= 0) {
        return false;
      }
      for (int i = 0; i < n; i++) {
        if (buf.get(i) != 0) {
          return true;
        }
      }
      p += n;
    }
    return false;
  }

  /** The smallest position in {@code [from, to]} after which the mapped bytes up to {@code to} are all zero. */
  private long nonZeroEnd(Mapping m, long from, long to) {
    long p = to;
    while (p > from) {
      ByteBuffer chunk = m.chunks[(int) ((p - 1) >>> chunkShift)];
      int at = (int) ((p - 1) & chunkMask); // last byte to look at
      if (at >= 7 && p - 8 >= from) {
        if (chunk.getLong(at - 7) != 0) {
          break;
        }
        p -= 8;
      } else {
        if (chunk.get(at) != 0) {
          break;
        }
        p--;
      }
    }
    return p;
  }

  private static void zero(FileChannel ch, long from, long to) throws IOException {
    ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(to - from, 1 << 16));
    for (long p = from; p < to; ) {
      zeros.clear().limit((int) Math.min(zeros.capacity(), to - p));
      p += ch.write(zeros, p);
    }
  }

  /** Forces written data (and the size, as fdatasync does) to the device, mapped writes included. */
  void force() throws IOException {
    if (writeMapped && !FORCE_COVERS_MAPPINGS) {
      for (ByteBuffer chunk : mapping.chunks) {
        ((MappedByteBuffer) chunk).force();
      }
    }
    run(ch -> {
      ch.force(false);
      return null;
    });
  }

  HyperbeeException checksumError(long offset, String what) {
    return new HyperbeeException(ErrorCode.INVALID_CHECKSUM, what + " fails its checksum at " + path + " offset " + offset);
  }

  HyperbeeException corruption(long offset, String what) {
    return new HyperbeeException(ErrorCode.CORRUPTION, what + " at " + path + " offset " + offset);
  }

  private interface Op<T> {
    T apply(FileChannel channel) throws IOException;
  }

  private <T> T run(Op<T> op) throws IOException {
    for (int attempt = 0; ; attempt++) {
      FileChannel ch = channel;
      boolean interrupted = Thread.interrupted();
      try {
        return op.apply(ch);
      } catch (ClosedChannelException e) {
        if (closed || attempt >= MAX_REOPENS) {
          throw e;
        }
        reopen(ch);
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private void reopen(FileChannel broken) throws IOException {
    synchronized (reopenLock) {
      if (!closed && channel == broken) {
        FileChannel reopened = opener.open(path, writable);
        mappedWrites = reopened instanceof FileOpener.MappedWrites w ? w : null;
        channel = reopened;
      }
    }
  }

  /**
   * Cuts the zero tail of a write-mapped file's pre-extension off, before a clean close (the writer
   * only, and no write after it): readers never read past the logical size, so this never cuts
   * under one. A no-op for other files.
   */
  void trimToSize() throws IOException {
    if (!writeMapped) {
      return;
    }
    mapLock.lock();
    try {
      run(ch -> {
        if (ch.size() > logicalSize) {
          ch.truncate(logicalSize);
        }
        return null;
      });
    } finally {
      mapLock.unlock();
    }
  }

  @Override
  public void close() throws IOException {
    synchronized (reopenLock) {
      closed = true; // before dropping the mapping: a racing grow() checks it after publishing
      mapping = Mapping.NONE; // unmapped by the GC once no racing reader holds it
      channel.close();
    }
  }
}
