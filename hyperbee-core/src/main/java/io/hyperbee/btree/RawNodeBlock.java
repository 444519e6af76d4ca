package io.hyperbee.btree;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import java.util.Arrays;

/**
 * The raw bytes of one stored node block with its fields located, as a range scan reads them
 * from its own read-ahead: the entry is copied straight out (key and value only, never the
 * index), a level is decoded only when the scan descends into it, and nothing lands in the bee's
 * caches. One instance per iterator, re-pointed at each block ({@link #parse}); not thread-safe.
 */
final class RawNodeBlock {
  private static final byte[] EMPTY = new byte[0];

  private byte[] buf;
  private long seq;
  private int indexStart;
  private int indexEnd;
  private int keyStart;
  private int keyEnd;
  /** -1 when the block has no value. */
  private int valueStart;
  private int valueEnd;

  /**
   * Points this at block {@code seq}, whose bytes are {@code block}; fails as
   * {@link Messages#decodeNode} does on bytes that are not a node (the last of repeated fields
   * wins there too).
   */
  void parse(long seq, byte[] block) {
    Proto.Reader r = new Proto.Reader(block, 0, block.length);
    int is = -1;
    int ie = -1;
    int ks = -1;
    int ke = -1;
    int vs = -1;
    int ve = -1;
    while (r.hasMore()) {
      long tag = r.varint();
      int field = (int) (tag >>> 3);
      int wire = (int) (tag & 7);
      if (field >= 1 && field <= 3 && wire == Proto.BYTES) {
        int s = r.lengthDelimited();
        switch (field) {
          case 1 -> {
            is = s;
            ie = r.position();
          }
          case 2 -> {
            ks = s;
            ke = r.position();
          }
          default -> {
            vs = s;
            ve = r.position();
          }
        }
      } else {
        r.skip(wire);
      }
    }
    if (is < 0 || ks < 0) {
      throw Proto.invalid("node block " + seq + " lacks its index or key");
    }
    this.buf = block;
    this.seq = seq;
    this.indexStart = is;
    this.indexEnd = ie;
    this.keyStart = ks;
    this.keyEnd = ke;
    this.valueStart = vs;
    this.valueEnd = ve;
  }

  /** Compares this block's key with {@code other}, unsigned bytewise. */
  int compareKey(byte[] other) {
    return Arrays.compareUnsigned(buf, keyStart, keyEnd, other, 0, other.length);
  }

  /** The entry, in fresh arrays, its key without the first {@code prefixLength} bytes. */
  Entry entry(int prefixLength) {
    int ks = keyStart + prefixLength;
    byte[] key = ks >= keyEnd ? EMPTY.clone() : Arrays.copyOfRange(buf, ks, keyEnd);
    byte[] value = valueStart < 0 ? null : Arrays.copyOfRange(buf, valueStart, valueEnd);
    return new Entry(seq, key, value);
  }

  /** Level {@code offset} of the index, decoded now (checked as {@link DecodedBlock#level} does). */
  ScanNode level(int offset) {
    Proto.Reader r = new Proto.Reader(buf, indexStart, indexEnd);
    int n = 0;
    while (r.hasMore()) {
      long tag = r.varint();
      int wire = (int) (tag & 7);
      if ((tag >>> 3) == 1 && wire == Proto.BYTES) {
        int s = r.lengthDelimited();
        if (n++ == offset) {
          return Messages.decodeScanNode(seq, offset, buf, s, r.position());
        }
      } else {
        r.skip(wire);
      }
    }
    throw new HyperbeeException(
        ErrorCode.DECODING_ERROR, "block " + seq + " has no node " + offset + " (it has " + n + ")");
  }
}
