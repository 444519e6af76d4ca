package io.hyperbee.storage;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The {@code head} file: two head slots, each holding a complete {@link HeadRecord}; commit {@code
 * seq} goes into slot {@code seq & 1}, so a write torn by a crash can only damage the slot being
 * written while the other still holds the previous commit. On open the valid slot with the higher
 * sequence number wins (the scheme of hypercore 10's oplog header slots, spec section 3.2).
 *
 * <p>Two more slots, 2 and 3, hold <em>checkpoints</em>: the last heads known durable, written
 * only after everything they point at was forced to the device, each into the slot that does not
 * hold the newest one (not by seq: a torn checkpoint write must never destroy the only checkpoint
 * newer than a truncation).
 * A commit made without forcing may reach the disk in any order after a power loss, so recovery
 * trusts a head newer than the newest checkpoint only once it has checked what it points at
 * (see {@link FileCoreStorage}). Files written before checkpoints existed have none.
 *
 * <p>Slot 4 holds the <em>fill mark</em>: the checkpoint after which a replica filled holes
 * without forcing them (see {@link FileCoreStorage}), written and forced before the first such
 * fill. While it names the newest checkpoint, recovery looks for fills a power loss tore; the next
 * checkpoint, always newer, retires it. Files written before fills existed have none.
 *
 * <p>Slot {@code k} starts at byte {@code k * 4096}; all integers little-endian:
 *
 * <pre>
 * offset  size  field
 *   0      4    magic "HBHD" (0x44484248 read little-endian)
 *   4      8    seq, the commit sequence number (first commit of a new core: 1)
 *  12      8    fork
 *  20      8    length (blocks)
 *  28      8    byteLength
 *  36      8    dataEnd: bytes of the data file that committed blocks may use
 *  44      1    flags: bit 0 tree hash present, bit 1 signature present
 *  45     32    tree hash (only when flag bit 0)
 *   .      2    signature length s (only when flag bit 1), then s signature bytes
 *   .      4    CRC32C of every preceding byte of the slot
 * </pre>
 */
final class HeadFile {
  static final int SLOT_SIZE = 4096;
  /**
   * The five slots (two heads, two checkpoints, the fill mark): nothing is ever written past them,
   * and recovery cuts the file to this size (the zero tail of a mapped pre-extension).
   */
  static final int FILE_SIZE = 5 * SLOT_SIZE;
  static final int MAX_SIGNATURE = CheckedBatch.MAX_SIGNATURE;
  private static final int MAGIC = 0x44484248;
  private static final int FIXED = 45;
  private static final int HASH_SIZE = 32;
  private static final int FILL_MARK = 4;

  private final StoreFile file;
  private final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(SLOT_SIZE).order(ByteOrder.LITTLE_ENDIAN);
  /** The checkpoint slot the next checkpoint goes to: the one not holding the newest. */
  private int nextCheckpointSlot = 2;

  HeadFile(StoreFile file) {
    this.file = file;
  }

  StoreFile file() {
    return file;
  }

  /** The newest valid checkpoint (slots 2 and 3), or null when there is none. */
  HeadRecord readNewestCheckpoint() throws IOException {
    HeadRecord a = readSlot(2);
    HeadRecord newest = newer(a, readSlot(3));
    nextCheckpointSlot = newest != null && newest == a ? 3 : 2;
    return newest;
  }

  /** The newer of two records, either of which may be null. */
  static HeadRecord newer(HeadRecord a, HeadRecord b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.seq() > b.seq() ? a : b;
  }

  /**
   * The newest valid record, or null when neither slot holds one (a file never written).
   *
   * @throws HyperbeeException CORRUPTION when the file has content but no valid slot
   */
  HeadRecord readNewest() throws IOException {
    HeadRecord a = readSlot(0);
    HeadRecord b = readSlot(1);
    if (a == null && b == null) {
      if (file.size() > 0) {
        throw new HyperbeeException(
            ErrorCode.CORRUPTION, "no valid head slot in " + file.path() + " (slots at offsets 0 and " + SLOT_SIZE + ")");
      }
      return null;
    }
    return newer(a, b);
  }

  /** The record in slot {@code slot}, or null when it is torn, damaged or empty. */
  HeadRecord readSlot(int slot) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(SLOT_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    int n = file.read(buf, (long) slot * SLOT_SIZE);
    if (n < FIXED + 4) {
      return null;
    }
    buf.flip();
    return decode(buf);
  }

  /** Decodes a record (from a slot or a journal entry); null when malformed or its CRC fails. */
  static HeadRecord decode(ByteBuffer buf) {
    int base = buf.position();
    if (buf.remaining() < FIXED + 4 || buf.getInt() != MAGIC) {
      return null;
    }
    long seq = buf.getLong();
    long fork = buf.getLong();
    long length = buf.getLong();
    long byteLength = buf.getLong();
    long dataEnd = buf.getLong();
    int flags = buf.get();
    if ((flags & ~3) != 0) {
      return null;
    }
    byte[] treeHash = null;
    byte[] signature = null;
    if ((flags & 1) != 0) {
      if (buf.remaining() < HASH_SIZE) {
        return null;
      }
      treeHash = new byte[HASH_SIZE];
      buf.get(treeHash);
    }
    if ((flags & 2) != 0) {
      if (buf.remaining() < 2) {
        return null;
      }
      int s = Short.toUnsignedInt(buf.getShort());
      if (s > MAX_SIGNATURE || buf.remaining() < s) {
        return null;
      }
      signature = new byte[s];
      buf.get(signature);
    }
    if (buf.remaining() < 4) {
      return null;
    }
    int end = buf.position();
    CRC32C crc = new CRC32C();
    crc.update(buf.duplicate().position(base).limit(end));
    if ((int) crc.getValue() != buf.getInt()) {
      return null;
    }
    if (seq < 1 || fork < 0 || length < 0 || byteLength < 0 || dataEnd < 0) {
      return null;
    }
    return new HeadRecord(seq, new CoreHead(fork, length, byteLength, treeHash, signature), dataEnd);
  }

  /** Encodes {@code record} into {@code out} (at most {@link #SLOT_SIZE} bytes). */
  static void encode(HeadRecord record, ByteBuffer out) {
    int base = out.position();
    CoreHead h = record.head();
    out.putInt(MAGIC).putLong(record.seq()).putLong(h.fork()).putLong(h.length()).putLong(h.byteLength());
    out.putLong(record.dataEnd());
    out.put((byte) ((h.treeHash() != null ? 1 : 0) | (h.signature() != null ? 2 : 0)));
    if (h.treeHash() != null) {
      out.put(h.treeHash());
    }
    if (h.signature() != null) {
      out.putShort((short) h.signature().length).put(h.signature());
    }
    CRC32C crc = new CRC32C();
    crc.update(out.duplicate().flip().position(base));
    out.putInt((int) crc.getValue());
  }

  /**
   * Writes {@code record} into its slot ({@code seq & 1}): only the record's bytes (about 150),
   * not the whole slot, since whatever follows the CRC in a slot is never read. Called by the
   * single writer only; reuses one direct buffer, which the channel writes without a copy.
   */
  void write(HeadRecord record) throws IOException {
    writeSlot(record, record.seq() & 1);
  }

  /**
   * Writes {@code record} as a checkpoint, into the checkpoint slot not holding the newest one;
   * the caller forced what it points at. Read the checkpoints first ({@link #readNewestCheckpoint}).
   */
  void writeCheckpoint(HeadRecord record) throws IOException {
    writeSlot(record, nextCheckpointSlot);
    nextCheckpointSlot = 5 - nextCheckpointSlot;
  }

  /** The fill mark (slot 4), or null when there is none or it is torn. */
  HeadRecord readFillMark() throws IOException {
    return readSlot(FILL_MARK);
  }

  /** Writes {@code checkpoint} as the fill mark; the caller forces the file before it fills. */
  void writeFillMark(HeadRecord checkpoint) throws IOException {
    writeSlot(checkpoint, FILL_MARK);
  }

  private void writeSlot(HeadRecord record, long slot) throws IOException {
    ByteBuffer buf = writeBuffer.clear();
    encode(record, buf);
    buf.flip();
    file.write(buf, slot * SLOT_SIZE);
  }
}
