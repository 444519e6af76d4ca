package io.hyperbee.storage;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The block bytes of a core, as one logical byte sequence (the offsets index entries hold) cut
 * into segment files, so that space can go back to the file system one file at a time. Segment
 * {@code data} starts at logical offset 0 (the single data file of stores written before
 * segments existed is this segment, unchanged: no migration); segment {@code data-<16 hex
 * digits>} starts at the logical offset its name gives. Each segment covers from its start to the
 * next segment's start, the last one (the tail) to the end of the data. One commit's blocks go to
 * one segment: a new tail is started, at a commit boundary, once the tail holds {@code
 * segmentBytes}, or when a reclaim seals it.
 *
 * <p>A segment no index entry points into is deleted by {@link #delete}; the index entries that
 * pointed into it were first moved or cleared by a journaled, forced commit, so a crash at any
 * point leaves either the file (unreferenced, deleted by the next reclaim) or nothing. A reader
 * that took an old index entry and then finds its segment deleted gets a {@link HyperbeeException}
 * the storage retries with the entry read again (see {@link FileCoreStorage#readBlock}).
 *
 * <p>Threads: one writer changes the segment list (under the storage's write lock); readers see an
 * immutable snapshot of it through a volatile field.
 */
final class DataSegments implements Closeable {
  static final String FIRST = "data";
  private static final String PREFIX = "data-";

  /** Segment file {@code file} holding logical bytes from {@code start}. */
  record Segment(long start, StoreFile file) {}

  private final Path dir;
  private final FileOpener opener;
  private final boolean writable;
  /** Whether segments are written through memory mappings (see {@link StoreFile}). */
  private final boolean mapWrites;
  private volatile Segment[] segments; // sorted by start; empty only when every segment was deleted
  /** Segments written since the last {@link #force}. */
  private final Set<StoreFile> unforced = new LinkedHashSet<>();

  private DataSegments(Path dir, FileOpener opener, boolean writable, boolean mapWrites, Segment[] segments) {
    this.dir = dir;
    this.opener = opener;
    this.writable = writable;
    this.mapWrites = mapWrites;
    this.segments = segments;
  }

  /**
   * Opens every segment in {@code dir}; a writable open of a directory without one creates {@code
   * data}. Segments are mapped like the other large files (see {@link StoreFile}), and written
   * through the mappings when {@code mapWrites}.
   */
  static DataSegments open(Path dir, FileOpener opener, boolean writable, boolean mapWrites) throws IOException {
    List<Long> starts = new ArrayList<>();
    if (Files.exists(dir.resolve(FIRST))) {
      starts.add(0L);
    }
    try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir, PREFIX + "*")) {
      for (Path p : listing) {
        Long start = startOf(p.getFileName().toString());
        if (start != null) {
          starts.add(start);
        }
      }
    }
    if (starts.isEmpty()) {
      starts.add(0L); // a new store, or a read-only open of one never written: an empty data file
    }
    starts.sort(Long::compare);
    List<Segment> opened = new ArrayList<>();
    try {
      for (long start : starts) {
        Path path = dir.resolve(nameOf(start));
        if (!writable && !Files.exists(path)) {
          continue; // read-only and nothing ever written: reads see no data
        }
        opened.add(new Segment(start, StoreFile.open(path, opener, writable, true, mapWrites)));
      }
    } catch (IOException | RuntimeException e) {
      for (Segment s : opened) {
        try {
          s.file().close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
    return new DataSegments(dir, opener, writable, mapWrites, opened.toArray(new Segment[0]));
  }

  static String nameOf(long start) {
    return start == 0 ? FIRST : PREFIX + String.format("%016x", start);
  }

  /** The start of the segment named {@code name}, or null for a name that is not a segment's. */
  private static Long startOf(String name) {
    if (!name.startsWith(PREFIX) || name.length() != PREFIX.length() + 16) {
      return null;
    }
    try {
      long start = Long.parseUnsignedLong(name.substring(PREFIX.length()), 16);
      return start > 0 ? start : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The segments now, sorted by start. */
  List<Segment> segments() {
    return List.of(segments);
  }

  /** The segment holding logical offset {@code offset}, or null when none does (before the first one). */
  Segment at(long offset) {
    return at(segments, offset);
  }

  private static Segment at(Segment[] all, long offset) {
    int lo = 0;
    int hi = all.length - 1;
    Segment found = null;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (all[mid].start() <= offset) {
        found = all[mid];
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /** The end of the segment after {@code s} starts (Long.MAX_VALUE for the tail). */
  long limitOf(Segment s) {
    Segment[] all = segments;
    for (int k = 0; k < all.length - 1; k++) {
      if (all[k] == s) {
        return all[k + 1].start();
      }
    }
    return Long.MAX_VALUE;
  }

  Segment tail() {
    Segment[] all = segments;
    return all.length == 0 ? null : all[all.length - 1];
  }

  /**
   * Reads {@code length} bytes from logical {@code offset}, which all lie in one segment; returns
   * the bytes read (fewer where the segment ends). A segment deleted under the read is a {@link
   * HyperbeeException} (CORRUPTION) that the caller retries with a fresh index entry.
   */
  int read(byte[] dst, int at, int length, long offset) throws IOException {
    Segment[] all = segments;
    Segment s = at(all, offset);
    if (s == null) {
      throw corruption(offset, "no data segment holds offset " + offset);
    }
    Segment next = at(all, offset + length - 1);
    if (length > 0 && next != s) {
      return 0; // spans two segments: no block does, so the caller's entry is stale or damaged
    }
    try {
      return s.file().read(dst, at, length, offset - s.start());
    } catch (ClosedChannelException e) {
      if (segments != all) {
        throw new HyperbeeException(ErrorCode.CORRUPTION, "data segment " + s.file().path()
            + " was reclaimed during the read", e);
      }
      throw e;
    }
  }

  /**
   * The byte at logical {@code offset} if it is mapped, else 0: loading it starts a block's
   * memory (or page-in) work ahead of its read, so that the loads of a batch overlap (see {@link
   * BlockFiles#readEach}).
   */
  int touch(long offset) {
    Segment s = at(segments, offset);
    if (s == null) {
      return 0;
    }
    long position = offset - s.start();
    java.nio.ByteBuffer chunk = s.file().mappedChunk(position, 1);
    return chunk == null ? 0 : chunk.get(s.file().chunkOffset(position));
  }

  /** True when logical bytes {@code [offset, offset + length)} lie in one segment and are mapped. */
  boolean isMapped(long offset, long length) {
    Segment[] all = segments;
    Segment s = at(all, offset);
    return s != null && at(all, offset + length - 1) == s && s.file().isMapped(offset - s.start(), length);
  }

  /** The logical end of the data: the tail's start plus its size. */
  long size() throws IOException {
    Segment t = tail();
    return t == null ? 0 : t.start() + t.file().size();
  }

  /**
   * The file to write logical bytes from {@code offset} into, starting a new tail segment at
   * {@code offset} first when the tail already holds {@code rollBytes} (or is sealed) and {@code
   * offset} is its end. Returns the segment; the caller writes at {@code offset - start}.
   */
  Segment forWrite(long offset, long rollBytes) throws IOException {
    Segment t = tail();
    if (t == null || (offset > t.start() && offset - t.start() >= rollBytes)) {
      return startSegment(offset);
    }
    Segment s = at(offset);
    unforced.add(s.file());
    return s;
  }

  /** Starts a new (empty) tail segment at logical {@code start}, its directory entry durable. */
  Segment startSegment(long start) throws IOException {
    Segment t = tail();
    if (t != null && t.start() == start) {
      return t;
    }
    if (t != null && t.start() > start) {
      throw new IllegalStateException("a segment at " + t.start() + " already follows " + start);
    }
    Segment s = new Segment(start, StoreFile.open(dir.resolve(nameOf(start)), opener, writable, true, mapWrites));
    forceDirectory(); // before any commit can point into it: a power loss must not lose the file
    Segment[] all = Arrays.copyOf(segments, segments.length + 1);
    all[all.length - 1] = s;
    segments = all;
    unforced.add(s.file());
    return s;
  }

  /** Makes the directory's entries durable (not possible on Windows, nor needed there). */
  void forceDirectory() throws IOException {
    if (java.io.File.separatorChar == '/') {
      try (java.nio.channels.FileChannel ch = opener.open(dir, false)) {
        ch.force(true);
      }
    }
  }

  /**
   * Cuts the data at logical {@code end}: deletes the segments starting after it and shrinks the
   * one holding it; returns whether anything changed. Used by recovery to cut a torn tail, when
   * nothing is mapped yet.
   */
  boolean truncate(long end) throws IOException {
    boolean changed = false;
    Segment[] all = segments;
    while (all.length > 1 && all[all.length - 1].start() > end) {
      Segment last = all[all.length - 1];
      all = Arrays.copyOf(all, all.length - 1);
      segments = all;
      removeFile(last);
      changed = true;
    }
    if (changed) {
      forceDirectory(); // an unlink a power loss undid would bring back a segment past the end
    }
    Segment holder = at(all, end);
    if (holder != null) {
      changed |= holder.file().truncate(end - holder.start());
    }
    return changed;
  }

  /** Whether {@link #truncate} would cut bytes other than zeros (a pre-extension's tail), for a read-only open's report. */
  boolean writtenPast(long end) throws IOException {
    for (Segment s : segments) {
      if (s.start() + s.file().size() > end && s.file().writtenPast(Math.max(0, end - s.start()))) {
        return true;
      }
    }
    return false;
  }

  /** Deletes segment {@code s} (which no index entry points into any more). */
  void delete(Segment s) throws IOException {
    Segment[] all = segments;
    List<Segment> kept = new ArrayList<>(List.of(all));
    if (!kept.remove(s)) {
      return;
    }
    segments = kept.toArray(new Segment[0]);
    removeFile(s);
  }

  private void removeFile(Segment s) throws IOException {
    unforced.remove(s.file());
    s.file().close(); // a racing reader of it fails with a retry (see read); its mapping goes with the GC
    opener.delete(s.file().path());
  }

  /** The segments written since the last call (the caller forces them). */
  List<StoreFile> takeUnforced() {
    List<StoreFile> out = new ArrayList<>(unforced);
    unforced.clear();
    return out;
  }

  /** Every segment file (recovery and create force them all). */
  List<StoreFile> files() {
    List<StoreFile> out = new ArrayList<>();
    for (Segment s : segments) {
      out.add(s.file());
    }
    unforced.clear();
    return out;
  }

  /** Bytes of every segment file. */
  long bytesOnDisk() throws IOException {
    long total = 0;
    for (Segment s : segments) {
      total += s.file().size();
    }
    return total;
  }

  HyperbeeException corruption(long offset, String what) {
    Segment s = at(offset);
    if (s == null) {
      return new HyperbeeException(ErrorCode.CORRUPTION, what + " in " + dir + " (no data segment holds it)");
    }
    return s.file().corruption(offset - s.start(), what);
  }

  HyperbeeException checksumError(long offset, String what) {
    Segment s = at(offset);
    if (s == null) {
      return new HyperbeeException(ErrorCode.INVALID_CHECKSUM, what + " fails its checksum in " + dir);
    }
    return s.file().checksumError(offset - s.start(), what);
  }

  @Override
  public void close() throws IOException {
    IOException failure = null;
    for (Segment s : segments) {
      try {
        s.file().close();
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
