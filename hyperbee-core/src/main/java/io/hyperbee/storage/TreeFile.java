package io.hyperbee.storage;

import io.hyperbee.merkle.FlatTree;
import io.hyperbee.merkle.Node;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

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
 * All 48 bytes zero (or a record past the end of the file) means the node is not stored; any other
 * record that is not a whole marker-1 or marker-2 record is damage ({@code INVALID_CHECKSUM}),
 * whatever byte was hit, the marker included. The one exception is a power loss: a replica fills
 * empty slots below the length without forcing them (see {@link FileCoreStorage}), so a power loss
 * may tear such a record anywhere (a prefix, zeros, garbage). Only a recovery that finds fills
 * written since the last checkpoint looks for them ({@link #tornFills}): a record that is not whole
 * and was not written durable (its marker is not 1, nor would its CRC match if it were) is taken
 * for a torn fill and zeroed (hidden by a read-only open), so that it reads as not stored, and
 * named in the recovery findings. (In that window a durable record hit in its marker and elsewhere
 * cannot be told from a garbage tear; nothing can tell them apart.) Outside it no record can be
 * torn, so none is read as missing by mistake. Stores written before marker 2 existed hold only 1.
 */
final class TreeFile {
  static final int RECORD_SIZE = 48;
  private static final int HASH_SIZE = 32;
  private static final int PRESENT = 1;
  private static final int FILLED = 2;

  /** Records per read of {@link #tornFills}. */
  private static final int SCAN_RECORDS = 1 << 14;

  private final StoreFile file;
  /** Nodes read as not stored whatever their records hold: torn fills a read-only open cannot zero. */
  private volatile Set<Long> hidden = Set.of();
  /** The record being encoded by {@link #write}: the single writer's, reused. */
  private final byte[] scratch = new byte[RECORD_SIZE];
  private final ByteBuffer scratchView = ByteBuffer.wrap(scratch).order(ByteOrder.LITTLE_ENDIAN);

  TreeFile(StoreFile file) {
    this.file = file;
  }

  StoreFile file() {
    return file;
  }

  /** Node {@code i}, or null when its record is absent (all zero, or a torn fill hidden). */
  Node read(long i) throws IOException {
    long offset = i * RECORD_SIZE;
    byte[] bytes = new byte[RECORD_SIZE];
    if (file.read(bytes, 0, RECORD_SIZE, offset) < RECORD_SIZE || isZero(bytes) || isHidden(i)) {
      return null;
    }
    ByteBuffer rec = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (!isWhole(i, bytes)) {
      throw file.checksumError(offset, "tree node " + i + " (marker " + rec.getInt(40) + ")");
    }
    int marker = rec.getInt(40);
    long size = rec.getLong(0);
    if (marker != PRESENT && marker != FILLED || size < 0) {
      throw file.corruption(offset, "tree node " + i + " has marker " + marker + " and size " + size);
    }
    byte[] hash = new byte[HASH_SIZE];
    System.arraycopy(bytes, 8, hash, 0, HASH_SIZE);
    return new Node(i, size, hash);
  }

  private boolean isHidden(long i) {
    Set<Long> h = hidden;
    return !h.isEmpty() && h.contains(i);
  }

  private static boolean isWhole(long i, byte[] record) {
    return isWhole(i, record, 0);
  }

  /** Whether the record at {@code at} in {@code bytes} passes its CRC as node {@code i}'s. */
  private static boolean isWhole(long i, byte[] bytes, int at) {
    return checksum(i, bytes, at) == ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(at + 44);
  }

  /**
   * Whether record {@code i} may be a fill torn by a power loss: not empty, not whole, and not a
   * record written durable (marker 1) either as it reads or with its marker put back to 1 (a
   * durable record whose marker alone was hit). Only fills write marker 2, so only a torn fill
   * can be anything else.
   */
  private static boolean mayBeTornFill(long i, byte[] bytes, int at) {
    if (isZero(bytes, at, RECORD_SIZE) || isWhole(i, bytes, at)) {
      return false;
    }
    byte[] asDurable = Arrays.copyOfRange(bytes, at, at + RECORD_SIZE);
    ByteBuffer rec = ByteBuffer.wrap(asDurable).order(ByteOrder.LITTLE_ENDIAN);
    if (rec.getInt(40) == PRESENT) {
      return false;
    }
    rec.putInt(40, PRESENT);
    return !isWhole(i, asDurable);
  }

  /**
   * The nodes of a tree of {@code length} blocks whose records may be fills a power loss tore (see
   * {@link #mayBeTornFill}); recovery asks only when fills were written since the last checkpoint.
   * Nodes whose span reaches past the length are never filled (appends wrote them, and recovery
   * checked or cut them), so they are left to read as they are.
   */
  List<Long> tornFills(long length) throws IOException {
    List<Long> torn = new ArrayList<>();
    long records = Math.min(file.size() / RECORD_SIZE, 2 * length);
    byte[] buf = new byte[SCAN_RECORDS * RECORD_SIZE];
    for (long at = 0; at < records; at += SCAN_RECORDS) {
      int n = (int) Math.min(SCAN_RECORDS, records - at);
      int got = file.read(buf, 0, n * RECORD_SIZE, at * RECORD_SIZE) / RECORD_SIZE;
      for (int k = 0; k < got; k++) {
        long i = at + k;
        if (FlatTree.rightSpan(i) < 2 * length && mayBeTornFill(i, buf, k * RECORD_SIZE)) {
          torn.add(i);
        }
      }
    }
    return torn;
  }

  /** Zeroes the records of {@code torn}: they read as not stored, and a fill may write them again. */
  void zero(List<Long> torn) throws IOException {
    for (long i : torn) {
      zero(i);
    }
  }

  private void zero(long i) throws IOException {
    file.write(ByteBuffer.allocate(RECORD_SIZE), i * RECORD_SIZE);
  }

  /** Reads the nodes of {@code torn} as not stored from now on (a read-only open, which cannot zero them). */
  void hide(List<Long> torn) {
    hidden = Set.copyOf(torn);
  }

  private static boolean isZero(byte[] bytes) {
    return isZero(bytes, 0, bytes.length);
  }

  private static boolean isZero(byte[] bytes, int from, int length) {
    for (int k = from; k < from + length; k++) {
      if (bytes[k] != 0) {
        return false;
      }
    }
    return true;
  }

  /** CRC32C of node {@code i}'s record at {@code at} in {@code bytes}, as its last 4 bytes hold it. */
  private static int checksum(long i, byte[] bytes, int at) {
    return Checksums.seeded(i, bytes, at, 44);
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
    ByteBuffer view = scratchView;
    for (int k = 0; k < nodes.size(); k++) { // indexed: an iterator of an immutable list escapes here
      Node n = nodes.get(k);
      view.putLong(0, n.size());
      System.arraycopy(n.hash(), 0, scratch, 8, HASH_SIZE);
      view.putInt(40, filled ? FILLED : PRESENT);
      view.putInt(44, checksum(n.index(), scratch, 0));
      out.seek(file, n.index() * RECORD_SIZE);
      out.put(scratch);
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
            zero(i);
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
