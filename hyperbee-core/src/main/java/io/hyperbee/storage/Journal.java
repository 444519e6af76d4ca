package io.hyperbee.storage;

import io.hyperbee.merkle.Node;
import io.hyperbee.storage.StorageBatch.BlockWrite;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The {@code journal} file: a redo record for a commit that changes what readers can already see
 * (a truncation, or blocks and nodes stored below the committed length by a sparse replica). Such
 * a commit is written here whole first; once this record is complete the commit happens even if
 * the process dies while the files are being changed, because opening replays it. Appends never
 * come here (they only touch bytes past the committed head, see {@link FileCoreStorage}).
 *
 * <p>One record at offset 0, overwritten by the next one; little-endian:
 *
 * <pre>
 * offset  size  field
 *   0      4    magic "HBJL" (0x4C4A4248 read little-endian)
 *   4      4    payload length n
 *   8      8    seq, equal to the seq of the head record inside
 *  16      n    payload:
 *                 u64 truncateTo (-1: none), u64 data offset of the first block,
 *                 u32 block count, per block: u64 index, u32 length, bytes
 *                 (length -1 and no bytes: the block is cleared),
 *                 u32 node count, per node: u64 index, u64 size, 32-byte hash,
 *                 the head record as in the head file (see {@link HeadFile})
 * 16+n     4    CRC32C of bytes 0..16+n
 * </pre>
 *
 * A record whose CRC fails was torn by a crash before its commit happened, and is ignored; so is
 * a record whose seq is not exactly one past the newest head slot (already applied, or stale).
 */
final class Journal {
  private static final int MAGIC = 0x4C4A4248;
  private static final int HEADER = 16;
  private static final int MAX_PAYLOAD = Integer.MAX_VALUE - 64;

  private final StoreFile file;

  Journal(StoreFile file) {
    this.file = file;
  }

  StoreFile file() {
    return file;
  }

  void write(CommitPlan plan) throws IOException {
    long payload = 8 + 8 + 4 + 4 + HeadFile.SLOT_SIZE;
    for (BlockWrite b : plan.blocks()) {
      payload += 12 + (b.isCleared() ? 0 : b.data().length);
    }
    payload += (long) plan.nodes().size() * 48;
    if (payload > MAX_PAYLOAD) {
      throw new IllegalArgumentException("batch too large for one atomic commit: " + payload + " bytes");
    }
    ByteBuffer buf = ByteBuffer.allocate((int) payload + HEADER + 4).order(ByteOrder.LITTLE_ENDIAN);
    buf.putInt(MAGIC).putInt(0).putLong(plan.head().seq());
    buf.putLong(plan.truncateTo()).putLong(plan.dataOffset()).putInt(plan.blocks().size());
    for (BlockWrite b : plan.blocks()) {
      if (b.isCleared()) {
        buf.putLong(b.index()).putInt(-1);
      } else {
        buf.putLong(b.index()).putInt(b.data().length).put(b.data());
      }
    }
    buf.putInt(plan.nodes().size());
    for (Node n : plan.nodes()) {
      buf.putLong(n.index()).putLong(n.size()).put(n.hash());
    }
    HeadFile.encode(plan.head(), buf);
    buf.putInt(4, buf.position() - HEADER);
    CRC32C crc = new CRC32C();
    crc.update(buf.array(), 0, buf.position());
    buf.putInt((int) crc.getValue());
    buf.flip();
    file.write(buf, 0);
  }

  /** The plan recorded for commit {@code seq}, or null when the journal holds no complete one. */
  CommitPlan read(long seq) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
    if (file.read(header, 0) < HEADER || header.getInt(0) != MAGIC || header.getLong(8) != seq) {
      return null;
    }
    int n = header.getInt(4);
    if (n < 0 || n > MAX_PAYLOAD || HEADER + n + 4L > file.size()) {
      return null;
    }
    ByteBuffer buf = ByteBuffer.allocate(HEADER + n + 4).order(ByteOrder.LITTLE_ENDIAN);
    if (file.read(buf, 0) < buf.capacity()) {
      return null;
    }
    CRC32C crc = new CRC32C();
    crc.update(buf.array(), 0, HEADER + n);
    if ((int) crc.getValue() != buf.getInt(HEADER + n)) {
      return null;
    }
    buf.position(HEADER).limit(HEADER + n);
    try {
      return decode(buf, seq);
    } catch (RuntimeException e) { // a record that passed its CRC but does not parse: not ours
      throw file.corruption(0, "journal record " + seq + " does not decode (" + e + ")");
    }
  }

  private static CommitPlan decode(ByteBuffer buf, long seq) {
    long truncateTo = buf.getLong();
    long dataOffset = buf.getLong();
    int blockCount = buf.getInt();
    if (blockCount < 0 || blockCount > buf.remaining() / 12) {
      throw new IllegalStateException("block count " + blockCount);
    }
    List<BlockWrite> blocks = new ArrayList<>();
    for (int k = 0; k < blockCount; k++) {
      long index = buf.getLong();
      int length = buf.getInt();
      if (length == -1) {
        blocks.add(BlockWrite.cleared(index));
        continue;
      }
      if (length < 0 || length > buf.remaining()) {
        throw new IllegalStateException("block length " + length);
      }
      byte[] data = new byte[length];
      buf.get(data);
      blocks.add(new BlockWrite(index, data));
    }
    int nodeCount = buf.getInt();
    if (nodeCount < 0 || nodeCount > buf.remaining() / 48) {
      throw new IllegalStateException("node count " + nodeCount);
    }
    List<Node> nodes = new ArrayList<>();
    for (int k = 0; k < nodeCount; k++) {
      long index = buf.getLong();
      long size = buf.getLong();
      byte[] hash = new byte[32];
      buf.get(hash);
      nodes.add(new Node(index, size, hash));
    }
    HeadRecord head = HeadFile.decode(buf);
    if (head == null || head.seq() != seq) {
      throw new IllegalStateException("bad head record");
    }
    return new CommitPlan(truncateTo, dataOffset, blocks, nodes, head);
  }
}
