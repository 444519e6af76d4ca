package io.hyperbee.storage;

import io.hyperbee.storage.StorageBatch.BlockWrite;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

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
 * sparse replicas leave holes. Seeding the CRC with the index catches an entry or a block that
 * landed in the wrong place, and a damaged offset or length makes the CRC fail, so the entry needs
 * no checksum of its own.
 *
 * <p>The index is never cut below what {@link StoreFile} has mapped: {@link #dropFrom} then zeroes
 * the dropped entries, which reads the same as entries past the end of the file.
 */
final class BlockFiles {
  static final int ENTRY_SIZE = 16;

  private final StoreFile data;
  private final StoreFile index;

  BlockFiles(StoreFile data, StoreFile index) {
    this.data = data;
    this.index = index;
  }

  StoreFile data() {
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
    long offset = entry.getLong(at);
    long lengthPlusOne = Integer.toUnsignedLong(entry.getInt(at + 8));
    int checksum = entry.getInt(at + 12);
    if (offset == 0 && lengthPlusOne == 0 && checksum == 0) {
      return null;
    }
    long length = lengthPlusOne - 1;
    if (lengthPlusOne == 0 || offset < 0 || length > Integer.MAX_VALUE - 8 || offset + length > dataLimit) {
      throw index.corruption(entryOffset, "index entry of block " + i + " is malformed (data offset " + offset
          + ", length " + length + ", data file committed up to " + dataLimit + ")");
    }
    return readChecked(i, offset, (int) length, checksum);
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
   * Appends the bytes of {@code blocks} (sorted by index) to the data file at {@code dataOffset},
   * then writes their index entries; returns the new end of the data file. Data goes first so an
   * entry never points at unwritten bytes, even for a reader racing the writer.
   */
  long write(List<BlockWrite> blocks, long dataOffset, PositionalWriter out) throws IOException {
    out.seek(data, dataOffset);
    for (BlockWrite b : blocks) {
      out.put(b.data());
    }
    out.flush();
    long at = dataOffset;
    for (BlockWrite b : blocks) {
      out.seek(index, b.index() * ENTRY_SIZE);
      out.putLong(at);
      out.putInt(b.data().length + 1);
      out.putInt(checksum(b.index(), b.data()));
      at += b.data().length;
    }
    out.flush();
    return at;
  }

  /**
   * Drops the entries of blocks {@code length} and up (cut off the index, or zeroed where it is
   * mapped: see {@link StoreFile#truncate}); returns whether there were any.
   */
  boolean dropFrom(long length) throws IOException {
    return index.truncate(length * ENTRY_SIZE);
  }

  void force() throws IOException {
    data.force();
    index.force();
  }
}
