package io.hyperbee.storage;

import io.hyperbee.storage.StorageBatch.BlockWrite;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.zip.CRC32C;

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
   * holds written bytes; an entry pointing past it is corrupt.
   */
  byte[] read(long i, long dataLimit) throws IOException {
    long entryOffset = i * ENTRY_SIZE;
    ByteBuffer entry = ByteBuffer.allocate(ENTRY_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    if (index.read(entry, entryOffset) < ENTRY_SIZE) {
      return null;
    }
    long offset = entry.getLong(0);
    long lengthPlusOne = Integer.toUnsignedLong(entry.getInt(8));
    int checksum = entry.getInt(12);
    if (offset == 0 && lengthPlusOne == 0 && checksum == 0) {
      return null;
    }
    long length = lengthPlusOne - 1;
    if (lengthPlusOne == 0 || offset < 0 || length > Integer.MAX_VALUE - 8 || offset + length > dataLimit) {
      throw index.corruption(entryOffset, "index entry of block " + i + " is malformed (data offset " + offset
          + ", length " + length + ", data file committed up to " + dataLimit + ")");
    }
    byte[] block = new byte[(int) length];
    ByteBuffer dst = ByteBuffer.wrap(block);
    if (data.read(dst, offset) < length) {
      throw data.corruption(offset, "block " + i + " (" + length + " bytes) is cut short");
    }
    if (checksum(i, block) != checksum) {
      throw data.checksumError(offset, "block " + i + " (" + length + " bytes, index entry at " + index.path()
          + " offset " + entryOffset + ")");
    }
    return block;
  }

  static int checksum(long i, byte[] block) {
    CRC32C crc = new CRC32C();
    byte[] prefix = new byte[8];
    ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).putLong(i);
    crc.update(prefix);
    crc.update(block);
    return (int) crc.getValue();
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

  /** Drops the entries of blocks {@code length} and up; returns whether there were any. */
  boolean dropFrom(long length) throws IOException {
    return index.truncate(length * ENTRY_SIZE);
  }

  void force() throws IOException {
    data.force();
    index.force();
  }
}
