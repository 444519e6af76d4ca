package io.hyperbee.storage;

import io.hyperbee.merkle.FlatTree;
import io.hyperbee.merkle.Node;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The {@code tree} file: Merkle node {@code i} (flat-tree index) in a fixed 48-byte record at byte
 * {@code 48 * i}, so a node is one positional read (the layout of hypercore 10's tree file, spec
 * section 3.2, plus a checksum). Little-endian:
 *
 * <pre>
 * offset  size  field
 *   0      8    size: total bytes of the blocks under the node
 *   8     32    hash
 *  40      4    marker: 1 (written by an append or a journaled commit), 2 (filled into an empty slot)
 *  44      4    CRC32C of (node index as u64 LE || bytes 0..44)
 * </pre>
 *
 * All 48 bytes zero (or a record past the end of the file) means the node is not stored. A
 * replica fills empty slots below the length without forcing them (see {@link FileCoreStorage}),
 * so a power loss may tear such a record: a record that is not a valid marker-1 record and fails
 * to be a valid marker-2 one reads as not stored (a prefix tear leaves marker 0, a tear in the
 * last bytes marker 2 with a bad CRC). A marker-1 record that fails its CRC is damage to a record
 * that was durable, and stays an error. Stores written before marker 2 existed hold only 1.
 */
final class TreeFile {
  static final int RECORD_SIZE = 48;
  private static final int HASH_SIZE = 32;
  private static final int PRESENT = 1;
  private static final int FILLED = 2;

  private final StoreFile file;
  /** The record being encoded by {@link #write}: the single writer's, reused. */
  private final byte[] rec = new byte[RECORD_SIZE];
  private final ByteBuffer recView = ByteBuffer.wrap(rec).order(ByteOrder.LITTLE_ENDIAN);

  TreeFile(StoreFile file) {
    this.file = file;
  }

  StoreFile file() {
    return file;
  }

  /** Node {@code i}, or null when its record is absent. */
  Node read(long i) throws IOException {
    long offset = i * RECORD_SIZE;
    byte[] bytes = new byte[RECORD_SIZE];
    if (file.read(bytes, 0, RECORD_SIZE, offset) < RECORD_SIZE) {
      return null;
    }
    ByteBuffer rec = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (isZero(bytes)) {
      return null;
    }
    int marker = rec.getInt(40);
    boolean whole = checksum(i, bytes) == rec.getInt(44);
    if (marker != PRESENT && !(marker == FILLED && whole)) {
      return null; // a fill torn by a power loss: the slot never held a durable node
    }
    if (!whole) {
      throw file.checksumError(offset, "tree node " + i);
    }
    long size = rec.getLong(0);
    if (size < 0) {
      throw file.corruption(offset, "tree node " + i + " has negative size " + size);
    }
    byte[] hash = new byte[HASH_SIZE];
    System.arraycopy(bytes, 8, hash, 0, HASH_SIZE);
    return new Node(i, size, hash);
  }

  private static boolean isZero(byte[] bytes) {
    for (byte b : bytes) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static int checksum(long i, byte[] record) {
    return Checksums.seeded(i, record, 0, 44);
  }

  /** Writes {@code nodes} (sorted by index); adjacent records go out in one write. */
  void write(List<Node> nodes, PositionalWriter out) throws IOException {
    write(nodes, out, false);
  }

  /**
   * Writes {@code nodes} (sorted by index) with the marker of a fill ({@code filled}: slots that
   * were empty, written without journal or force) or of a durable write.
   */
  void write(List<Node> nodes, PositionalWriter out, boolean filled) throws IOException {
    ByteBuffer view = recView;
    for (int k = 0; k < nodes.size(); k++) { // indexed: an iterator of an immutable list escapes here
      Node n = nodes.get(k);
      view.putLong(0, n.size());
      System.arraycopy(n.hash(), 0, rec, 8, HASH_SIZE);
      view.putInt(40, filled ? FILLED : PRESENT);
      view.putInt(44, checksum(n.index(), rec));
      out.seek(file, n.index() * RECORD_SIZE);
      out.put(rec);
    }
    out.flush();
  }

  /**
   * Drops every node that is not part of a tree of {@code length} blocks: flat indexes from
   * {@code 2 * length} on (cut off the file) and the ancestors below that index whose span reaches
   * past the cut (zeroed in place; they are ancestors of the last kept leaf). While the file is
   * mapped its mapped part is zeroed rather than cut (see {@link StoreFile#truncate}); all-zero
   * records read as absent either way. Returns whether anything was dropped.
   */
  boolean dropFrom(long length) throws IOException {
    long cut = 2 * length;
    long records = file.size() / RECORD_SIZE;
    boolean dropped = false;
    if (length > 0) {
      ByteBuffer rec = ByteBuffer.allocate(RECORD_SIZE);
      long i = cut - 2;
      for (int depth = 0; depth < 61; depth++) {
        i = FlatTree.parent(i); // negative once it no longer fits a long
        if (i < 0) {
          break;
        }
        if (i < cut && i < records && FlatTree.rightSpan(i) >= cut) {
          file.read(rec.clear(), i * RECORD_SIZE);
          if (!isZero(rec.array())) {
            file.write(ByteBuffer.allocate(RECORD_SIZE), i * RECORD_SIZE);
            dropped = true;
          }
        }
      }
    }
    return file.truncate(Math.min(records, cut) * RECORD_SIZE) || dropped;
  }

  void force() throws IOException {
    file.force();
  }
}
