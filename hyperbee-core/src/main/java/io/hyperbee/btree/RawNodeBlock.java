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
   * wins there too). Blocks as hyperbee writes them (one-byte tags of fields 1-3, short lengths)
   * take a fast path; anything else is parsed by the general protobuf reader.
   */
  void parse(long seq, byte[] block) {
    this.buf = block;
    this.seq = seq;
    if (!parseFast(block)) {
      parseGeneral(seq, block);
    }
  }

  private boolean parseFast(byte[] b) {
    indexStart = -1;
    keyStart = -1;
    valueStart = -1;
    int p = 0;
    while (p < b.length) {
      int tag = b[p];
      long field = tag == 0x0a || tag == 0x12 || tag == 0x1a ? lengthAt(b, p + 1, b.length) : -1;
      if (field < 0) {
        return false;
      }
      int s = (int) field;
      p = s + (int) (field >>> 32);
      if (tag == 0x0a) {
        indexStart = s;
        indexEnd = p;
      } else if (tag == 0x12) {
        keyStart = s;
        keyEnd = p;
      } else {
        valueStart = s;
        valueEnd = p;
      }
    }
    return indexStart >= 0 && keyStart >= 0;
  }

  private void parseGeneral(long seq, byte[] block) {
    int[] f = Messages.nodeFields(seq, block);
    this.indexStart = f[0];
    this.indexEnd = f[1];
    this.keyStart = f[2];
    this.keyEnd = f[3];
    this.valueStart = f[4];
    this.valueEnd = f[5];
  }

  /**
   * The length prefix at {@code p} and the payload after it, within {@code end}: {@code length
   * << 32 | payload start}, or -1 when it is truncated, longer than 4 bytes or overruns
   * {@code end} (the general reader then decides).
   */
  private static long lengthAt(byte[] b, int p, int end) {
    int len = 0;
    for (int shift = 0; shift < 28 && p < end; shift += 7) {
      int x = b[p++];
      len |= (x & 0x7f) << shift;
      if (x >= 0) {
        return len <= end - p ? ((long) len << 32) | p : -1;
      }
    }
    return -1;
  }

  /** Compares this block's key with {@code other} in key order {@code order} ({@link KeyOrder}). */
  int compareKey(byte[] other, java.util.Comparator<byte[]> order) {
    if (order != null) {
      return order.compare(Arrays.copyOfRange(buf, keyStart, keyEnd), other);
    }
    return Arrays.compareUnsigned(buf, keyStart, keyEnd, other, 0, other.length);
  }

  /** The entry, in fresh arrays, its key without the first {@code prefixLength} bytes. */
  Entry entry(int prefixLength) {
    int ks = keyStart + prefixLength;
    byte[] key = ks >= keyEnd ? EMPTY.clone() : Arrays.copyOfRange(buf, ks, keyEnd);
    byte[] value = valueStart < 0 ? null : Arrays.copyOfRange(buf, valueStart, valueEnd);
    return new Entry(seq, key, value);
  }

  /**
   * Level {@code offset} of the index, decoded now, and checked as {@link DecodedBlock#level}
   * checks it: the framing of every level, then the content of this one.
   */
  LazyNode level(int offset) {
    byte[] b = buf;
    int p = indexStart;
    int n = 0;
    int start = -1;
    int end = -1;
    while (p < indexEnd) {
      long field = b[p] == 0x0a ? lengthAt(b, p + 1, indexEnd) : -1;
      if (field < 0) {
        return levelGeneral(offset);
      }
      int s = (int) field;
      p = s + (int) (field >>> 32);
      if (n++ == offset) {
        start = s;
        end = p;
      }
    }
    if (start < 0) {
      throw noLevel(offset, n);
    }
    Level level = decodeLevel(offset, start, end);
    return scanNode(level != null ? level : Messages.decodeLevel(seq, offset, b, start, end));
  }

  /**
   * A level written as hyperbee writes it (packed keys, then packed children, counts that
   * match), or null for anything else, which {@link Messages#decodeLevel} then decodes or
   * refuses.
   */
  private Level decodeLevel(int offset, int start, int end) {
    long[] keys = Level.NO_SEQS;
    long[] children = Level.NO_SEQS;
    int p = start;
    if (p < end && buf[p] == 0x0a) {
      long field = lengthAt(buf, p + 1, end);
      if (field < 0) {
        return null;
      }
      p = (int) field + (int) (field >>> 32);
      keys = unpack(buf, (int) field, p);
    }
    if (p < end && buf[p] == 0x12) {
      long field = lengthAt(buf, p + 1, end);
      if (field < 0) {
        return null;
      }
      p = (int) field + (int) (field >>> 32);
      children = unpack(buf, (int) field, p);
    }
    if (p != end || keys == null || children == null
        || (children.length != 0 && children.length != 2 * (keys.length + 1))) {
      return null;
    }
    return new Level(seq, offset, keys, children);
  }

  /** The packed varints in {@code b[start, end)}, or null when one is truncated or too long. */
  private static long[] unpack(byte[] b, int start, int end) {
    if (start == end) {
      return Level.NO_SEQS;
    }
    if (b[end - 1] < 0) {
      return null;
    }
    int count = 0;
    for (int i = start; i < end; i++) {
      count += ~b[i] >>> 31; // bytes without the continuation bit end a varint
    }
    long[] out = new long[count];
    int p = start;
    for (int k = 0; k < count; k++) {
      long v = 0;
      int x;
      int shift = 0;
      do {
        if (shift > 63) {
          return null;
        }
        x = b[p++];
        v |= (long) (x & 0x7f) << shift;
        shift += 7;
      } while (x < 0);
      if (shift > 63 && (x & 0x7f) > 1) { // the tenth byte holds only bit 63
        return null;
      }
      out[k] = v;
    }
    return out;
  }

  /**
   * A node for a scan, which visits it once: not cached, its keys resolved only if compared
   * (scans read their entries' blocks anyway).
   */
  private static LazyNode scanNode(Level level) {
    return new LazyNode(level, new byte[level.keySeqs().length][]);
  }

  private LazyNode levelGeneral(int offset) {
    int[] bounds = Messages.levelBounds(Arrays.copyOfRange(buf, indexStart, indexEnd));
    if (offset < 0 || offset >= bounds.length >> 1) {
      throw noLevel(offset, bounds.length >> 1);
    }
    return scanNode(Messages.decodeLevel(
        seq, offset, buf, indexStart + bounds[2 * offset], indexStart + bounds[2 * offset + 1]));
  }

  private HyperbeeException noLevel(int offset, int count) {
    return new HyperbeeException(
        ErrorCode.DECODING_ERROR, "block " + seq + " has no node " + offset + " (it has " + count + ")");
  }
}
