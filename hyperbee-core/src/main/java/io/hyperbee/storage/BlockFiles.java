package io.hyperbee.storage;

import io.hyperbee.storage.StorageBatch.BlockWrite;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Blocks: the {@code data} file holds block bytes back to back, without framing, in the order they
 * were committed; the {@code index} file holds one fixed 16-byte entry per block index, so a random
 * read is two positional reads whatever the core's size. Entry {@code i} is at byte {@code 16 * i}
 * (little-endian):
 *
 * <pre>
 * offset  size  field
 *   0      8    offset of the block's bytes in the data file
 *   8      4    block length + 1 (never 0 in a present entry)
 *  12      4    CRC32C of (block index as u64 LE || block bytes)
 * </pre>
 *
 * All sixteen bytes zero (or the entry past the end of the file) means the block is not stored:
 * sparse replicas leave holes. A <em>cleared</em> block (dropped on purpose, see {@link
 * FileCoreStorage#clear}) has offset {@code -1}, length field 0 and, as CRC, the CRC of its index
 * with no bytes; reads treat it as not stored, while {@link #state} tells it from a hole, so a
 * writer's core can say a missing block was cleared rather than lost. Seeding the CRC with the index catches an entry or a block that
 * landed in the wrong place, and a damaged offset or length makes the CRC fail, so the entry needs
 * no checksum of its own.
 *
 * <p>The index is never cut below what {@link StoreFile} has mapped: {@link #dropFrom} then zeroes
 * the dropped entries, which reads the same as entries past the end of the file.
 *
 * <p>A replica fills holes without forcing (see {@link FileCoreStorage}): after a power loss such
 * an entry may be torn, or point at bytes that never reached the disk. Recovery finds them with
 * {@link #tornFills} (entries that point at data written since the last checkpoint, or that no
 * write could have produced) and turns them back into holes; the format of entries is the same for
 * every writer, so a store written before fills existed reads exactly as before.
 */
final class BlockFiles {
  static final int ENTRY_SIZE = 16;

  private final DataSegments data;
  private final StoreFile index;
  /** Where {@link #readEach} leaves the bytes it touched, so that the loads are not optimised away. */
  @SuppressWarnings("unused")
  private int touchedSink;
  /** Blocks read as holes whatever their entries say: torn fills a read-only open cannot repair. */
  private volatile Set<Long> hidden = Set.of();

  BlockFiles(DataSegments data, StoreFile index) {
    this.data = data;
    this.index = index;
  }

  DataSegments data() {
    return data;
  }

  StoreFile index() {
    return index;
  }

  /**
   * Block {@code i}, or null when its entry is absent. {@code dataLimit} is how far the data file
   * holds written bytes; an entry pointing past it is corrupt. When the files are mapped this is
   * two memory copies (the entry is decoded in place) and no system call.
   */
  byte[] read(long i, long dataLimit) throws IOException {
    if (isHidden(i)) {
      return null;
    }
    long entryOffset = i * ENTRY_SIZE;
    ByteBuffer entry = index.mappedChunk(entryOffset, ENTRY_SIZE); // each field is loaded once
    int at;
    if (entry != null) {
      at = index.chunkOffset(entryOffset);
    } else {
      entry = ByteBuffer.allocate(ENTRY_SIZE).order(ByteOrder.LITTLE_ENDIAN);
      if (index.read(entry.array(), 0, ENTRY_SIZE, entryOffset) < ENTRY_SIZE) {
        return null;
      }
      at = 0;
    }
    return entryBlock(i, entry.getLong(at), entry.getInt(at + 8), entry.getInt(at + 12), dataLimit);
  }

  /** Block {@code i} as its index entry's fields locate it: null when absent or cleared. */
  private byte[] entryBlock(long i, long offset, int lengthField, int checksum, long dataLimit) throws IOException {
    long lengthPlusOne = Integer.toUnsignedLong(lengthField);
    if (offset == 0 && lengthPlusOne == 0 && checksum == 0 || isClearedMark(i, offset, lengthPlusOne, checksum)) {
      return null;
    }
    long length = lengthPlusOne - 1;
    if (lengthPlusOne == 0 || offset < 0 || length > Integer.MAX_VALUE - 8 || offset + length > dataLimit) {
      throw index.corruption(i * ENTRY_SIZE, "index entry of block " + i + " is malformed (data offset " + offset
          + ", length " + length + ", data file committed up to " + dataLimit + ")");
    }
    return readChecked(i, offset, (int) length, checksum);
  }

  /**
   * Blocks {@code indexes} (in any order, scattered over the files), each read and checked as {@link
   * #read} does; a null slot for a block not stored. All the index entries are loaded first, then
   * the blocks: a scan of a core written in random key order reads blocks far apart, and loaded
   * one after the other each waits for its memory misses alone, while the loads of one pass over
   * a batch overlap.
   */
  byte[][] readEach(long[] indexes, long dataLimit) throws IOException {
    int n = indexes.length;
    long[] offsets = new long[n];
    int[] lengths = new int[n];
    int[] checksums = new int[n];
    boolean[] mapped = new boolean[n];
    for (int k = 0; k < n; k++) {
      long entryOffset = indexes[k] * ENTRY_SIZE;
      ByteBuffer entry = index.mappedChunk(entryOffset, ENTRY_SIZE);
      if (entry != null && !isHidden(indexes[k])) { // a hidden block goes through read(): a hole
        int at = index.chunkOffset(entryOffset);
        offsets[k] = entry.getLong(at);
        lengths[k] = entry.getInt(at + 8);
        checksums[k] = entry.getInt(at + 12);
        mapped[k] = true;
      }
    }
    int touched = 0;
    for (int k = 0; k < n; k++) {
      if (mapped[k] && offsets[k] >= 0 && offsets[k] < dataLimit) {
        touched += data.touch(offsets[k]);
      }
    }
    touchedSink = touched;
    byte[][] out = new byte[n][];
    for (int k = 0; k < n; k++) {
      out[k] = mapped[k]
          ? entryBlock(indexes[k], offsets[k], lengths[k], checksums[k], dataLimit)
          : read(indexes[k], dataLimit);
    }
    return out;
  }

  private boolean isHidden(long i) {
    Set<Long> h = hidden;
    return !h.isEmpty() && h.contains(i);
  }

  /** What an index entry says about its block. */
  enum State { ABSENT, CLEARED, PRESENT }

  /** An index entry, decoded but not checked against the data (null for an absent one). */
  record Entry(long index, long offset, int length, State state) {}

  /** The entry of block {@code i} (ABSENT with offset 0 when the index ends before it). */
  Entry entry(long i) throws IOException {
    ByteBuffer entry = ByteBuffer.allocate(ENTRY_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    if (index.read(entry.array(), 0, ENTRY_SIZE, i * ENTRY_SIZE) < ENTRY_SIZE) {
      return new Entry(i, 0, 0, State.ABSENT);
    }
    return decode(i, entry, 0);
  }

  /**
   * The entries of blocks {@code start .. start + count - 1}, read {@code MAX_RUN_BYTES} at a time
   * and handed to {@code sink} in order.
   */
  void scan(long start, long count, Consumer<Entry> sink) throws IOException {
    int perRead = MAX_RUN_BYTES / ENTRY_SIZE;
    ByteBuffer buf = ByteBuffer.allocate(perRead * ENTRY_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    for (long at = start; at < start + count; at += perRead) {
      int n = (int) Math.min(perRead, start + count - at);
      int got = index.read(buf.array(), 0, n * ENTRY_SIZE, at * ENTRY_SIZE) / ENTRY_SIZE;
      for (int k = 0; k < n; k++) {
        sink.accept(k < got ? decode(at + k, buf, k * ENTRY_SIZE) : new Entry(at + k, 0, 0, State.ABSENT));
      }
    }
  }

  private Entry decode(long i, ByteBuffer buf, int at) {
    if (isHidden(i)) {
      return new Entry(i, 0, 0, State.ABSENT);
    }
    long offset = buf.getLong(at);
    long lengthPlusOne = Integer.toUnsignedLong(buf.getInt(at + 8));
    int checksum = buf.getInt(at + 12);
    if (offset == 0 && lengthPlusOne == 0 && checksum == 0) {
      return new Entry(i, 0, 0, State.ABSENT);
    }
    if (isClearedMark(i, offset, lengthPlusOne, checksum)) {
      return new Entry(i, 0, 0, State.CLEARED);
    }
    if (lengthPlusOne == 0 || offset < 0 || lengthPlusOne - 1 > Integer.MAX_VALUE - 8) {
      throw index.corruption(i * ENTRY_SIZE, "index entry of block " + i + " is malformed (data offset " + offset
          + ", length " + (lengthPlusOne - 1) + ")");
    }
    return new Entry(i, offset, (int) (lengthPlusOne - 1), State.PRESENT);
  }

  private static boolean isClearedMark(long i, long offset, long lengthPlusOne, int checksum) {
    return offset == -1 && lengthPlusOne == 0 && checksum == clearedChecksum(i);
  }

  private static int clearedChecksum(long i) {
    return Checksums.seeded(i, new byte[0], 0, 0);
  }

  /** Block {@code i}: {@code length} bytes at {@code offset} of the data file, checked against its CRC. */
  private byte[] readChecked(long i, long offset, int length, int checksum) throws IOException {
    byte[] block = new byte[length];
    if (data.read(block, 0, length, offset) < length) {
      throw data.corruption(offset, "block " + i + " (" + length + " bytes) is cut short");
    }
    return checked(i, block, offset, checksum);
  }

  /** {@code block} if it matches {@code checksum}; else the checksum error naming both files. */
  private byte[] checked(long i, byte[] block, long offset, int checksum) {
    if (checksum(i, block) != checksum) {
      throw data.checksumError(offset, "block " + i + " (" + block.length + " bytes, index entry at "
          + index.path() + " offset " + i * ENTRY_SIZE + ")");
    }
    return block;
  }

  /** Largest span of index entries plus data read at once by {@link #readRun}. */
  static final int MAX_RUN_BYTES = 1 << 20;

  /**
   * Blocks {@code start .. start + count - 1} with two reads (their index entries, then their
   * bytes) when they lie back to back in the data file, as blocks committed together do;
   * otherwise, or for absent blocks, one by one through {@link #read}. Every block is checked
   * against its CRC as {@link #read} does. A null slot is a block that is not stored.
   */
  byte[][] readRun(long start, int count, long dataLimit) throws IOException {
    byte[][] out = new byte[count][];
    // a private copy (from the mapping when there is one): entries are checked, then used, and a
    // truncation or sparse commit may rewrite them in between
    ByteBuffer entries = ByteBuffer.allocate(count * ENTRY_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    int got = index.read(entries.array(), 0, count * ENTRY_SIZE, start * ENTRY_SIZE) / ENTRY_SIZE;
    long first = got == 0 ? 0 : entries.getLong(0);
    long end = first;
    boolean contiguous = got == count;
    for (int k = 0; k < got && contiguous; k++) {
      long offset = entries.getLong(k * ENTRY_SIZE);
      long lengthPlusOne = Integer.toUnsignedLong(entries.getInt(k * ENTRY_SIZE + 8));
      contiguous = lengthPlusOne > 0 && offset == end && lengthPlusOne - 1 <= MAX_RUN_BYTES
          && end + lengthPlusOne - 1 <= dataLimit && end + lengthPlusOne - 1 - first <= MAX_RUN_BYTES;
      end = offset + lengthPlusOne - 1;
    }
    contiguous = contiguous && end > first && data.at(first) == data.at(end - 1) // blocks never span segments
        && hidden.isEmpty();
    if (!contiguous) {
      for (int k = 0; k < count; k++) {
        out[k] = read(start + k, dataLimit);
      }
      return out;
    }
    byte[] run = null; // the whole run in one positional read, unless mapped: then block by block
    if (!data.isMapped(first, end - first)) {
      run = new byte[(int) (end - first)];
      if (data.read(run, 0, run.length, first) < run.length) {
        throw data.corruption(first, "blocks " + start + ".." + (start + count - 1) + " are cut short");
      }
    }
    for (int k = 0; k < count; k++) {
      long offset = entries.getLong(k * ENTRY_SIZE);
      int length = entries.getInt(k * ENTRY_SIZE + 8) - 1;
      int checksum = entries.getInt(k * ENTRY_SIZE + 12);
      out[k] = run == null
          ? readChecked(start + k, offset, length, checksum)
          : checked(start + k, Arrays.copyOfRange(run, (int) (offset - first), (int) (offset - first) + length),
              offset, checksum);
    }
    return out;
  }

  /** CRC32C of (block index as u64 LE || block); allocation-free (the CRC object does not escape). */
  static int checksum(long i, byte[] block) {
    return Checksums.seeded(i, block, 0, block.length);
  }

  /**
   * Appends the bytes of {@code blocks} (sorted by index) to the data at logical {@code
   * dataOffset} (in one segment: a new one once the tail holds {@code segmentBytes}), then writes
   * their index entries; returns the new end of the data. Data goes first so an entry never points
   * at unwritten bytes, even for a reader racing the writer. A block whose data is {@link
   * StorageBatch.BlockWrite#cleared cleared} block gets the cleared mark instead.
   */
  long write(List<BlockWrite> blocks, long dataOffset, long segmentBytes, PositionalWriter out) throws IOException {
    // indexed loops: an iterator of an immutable list escapes here (one commit per unbatched put)
    int count = blocks.size();
    boolean anyData = false;
    for (int k = 0; k < count; k++) {
      anyData |= !blocks.get(k).isCleared();
    }
    if (anyData) {
      DataSegments.Segment s = data.forWrite(dataOffset, segmentBytes);
      out.seek(s.file(), dataOffset - s.start());
      for (int k = 0; k < count; k++) {
        BlockWrite b = blocks.get(k);
        if (!b.isCleared()) {
          out.put(b.data());
        }
      }
      out.flush();
    }
    long at = dataOffset;
    for (int k = 0; k < count; k++) {
      BlockWrite b = blocks.get(k);
      out.seek(index, b.index() * ENTRY_SIZE);
      if (b.isCleared()) {
        out.putLong(-1);
        out.putInt(0);
        out.putInt(clearedChecksum(b.index()));
        continue;
      }
      out.putLong(at);
      out.putInt(b.data().length + 1);
      out.putInt(checksum(b.index(), b.data()));
      at += b.data().length;
    }
    out.flush();
    return at;
  }

  /**
   * The blocks below {@code length} whose entries a fill written after the last checkpoint may have
   * left torn by a power loss: entries no write produces (a length of 0 that is not a cleared mark,
   * a negative offset, bytes past {@code dataEnd}, where the recovered head's data ends), and
   * entries pointing at or past {@code durableEnd} (data written since the checkpoint) whose bytes
   * fail their CRC or whose leaf node {@code leafHeld} does not find. Entries pointing below
   * {@code durableEnd} are durable and not read (a damaged one still reads as INVALID_CHECKSUM).
   */
  List<Long> tornFills(long length, long durableEnd, long dataEnd, LeafCheck leafHeld) throws IOException {
    List<Long> torn = new ArrayList<>();
    int perRead = MAX_RUN_BYTES / ENTRY_SIZE;
    ByteBuffer buf = ByteBuffer.allocate(perRead * ENTRY_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    for (long at = 0; at < length; at += perRead) {
      int n = (int) Math.min(perRead, length - at);
      int bytes = index.read(buf.array(), 0, n * ENTRY_SIZE, at * ENTRY_SIZE);
      int got = bytes / ENTRY_SIZE;
      for (int k = 0; k < got; k++) {
        long i = at + k;
        long offset = buf.getLong(k * ENTRY_SIZE);
        long lengthPlusOne = Integer.toUnsignedLong(buf.getInt(k * ENTRY_SIZE + 8));
        int checksum = buf.getInt(k * ENTRY_SIZE + 12);
        if (offset == 0 && lengthPlusOne == 0 && checksum == 0 || isClearedMark(i, offset, lengthPlusOne, checksum)
            || offset >= 0 && offset < durableEnd && lengthPlusOne > 0 && offset + lengthPlusOne - 1 <= dataEnd) {
          continue;
        }
        if (lengthPlusOne == 0 || offset < 0 || lengthPlusOne - 1 > Integer.MAX_VALUE - 8
            || offset + lengthPlusOne - 1 > dataEnd || !whole(i, offset, (int) (lengthPlusOne - 1), checksum)
            || !leafHeld.test(i, (int) (lengthPlusOne - 1))) {
          torn.add(i);
        }
      }
      if (bytes % ENTRY_SIZE != 0) {
        torn.add(at + got); // the file ends inside it: a later write past it would complete it with zeros
      }
    }
    return torn;
  }

  /** Whether block {@code i}'s leaf node is stored for a block of {@code length} bytes. */
  interface LeafCheck {
    boolean test(long i, int length) throws IOException;
  }

  private boolean whole(long i, long offset, int length, int checksum) throws IOException {
    byte[] block = new byte[length];
    return data.read(block, 0, length, offset) == length && checksum(i, block) == checksum;
  }

  /** Turns the entries of {@code torn} (ascending) into holes, in place (recovery, before its force). */
  void zero(List<Long> torn) throws IOException {
    for (long i : torn) {
      index.write(ByteBuffer.allocate(ENTRY_SIZE), i * ENTRY_SIZE);
    }
  }

  /** Reads the blocks of {@code torn} as holes from now on (a read-only open, which cannot zero them). */
  void hide(List<Long> torn) {
    hidden = Set.copyOf(torn);
  }

  /**
   * Drops the entries of blocks {@code length} and up (cut off the index, or zeroed where it is
   * mapped: see {@link StoreFile#truncate}); returns whether there were any.
   */
  boolean dropFrom(long length) throws IOException {
    return index.truncate(length * ENTRY_SIZE);
  }
}
