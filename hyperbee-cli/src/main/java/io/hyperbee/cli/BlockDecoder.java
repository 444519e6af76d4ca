package io.hyperbee.cli;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes a bee's blocks for {@code dump --decode} (hyperbee spec section 2, JS
 * {@code lib/messages.js}): block 0 is a {@code Header{1: protocol, 2: Metadata{1: contentFeed,
 * 2: userData}}}, every later block a {@code Node{1: index, 2: key, 3: value?}} whose index is a
 * {@code YoloIndex{1: Level{1: packed keys, 2: packed children}}*}. It only reads, to show people
 * what is stored; the B-tree has its own codec.
 *
 * @throws IllegalArgumentException from every method when the bytes do not decode
 */
final class BlockDecoder {
  private BlockDecoder() {}

  /** Block 0. */
  record Header(String protocol, byte[] contentFeed, byte[] userData, boolean hasMetadata) {}

  /** One node of the tree stored in a block: key seqs and (seq, offset) child pairs. */
  record Level(long[] keys, long[] children) {}

  /** A block with seq >= 1; {@code value} is null when absent. */
  record Node(List<Level> levels, byte[] key, byte[] value) {

    /** JS {@code isDeletion}: no value and the block's own seq is in none of its levels. */
    boolean isDeletion(long seq) {
      if (value != null) {
        return false;
      }
      for (Level level : levels) {
        if (Arrays.stream(level.keys()).anyMatch(k -> k == seq)) {
          return false;
        }
      }
      return true;
    }
  }

  static Header header(byte[] block) {
    Reader r = new Reader(block, 0, block.length);
    String protocol = null;
    byte[] contentFeed = null;
    byte[] userData = null;
    boolean hasMetadata = false;
    while (r.more()) {
      int tag = r.tag();
      if (tag == field(1)) {
        protocol = new String(r.bytes(), StandardCharsets.UTF_8);
      } else if (tag == field(2)) {
        hasMetadata = true;
        byte[] m = r.bytes();
        Reader mr = new Reader(m, 0, m.length);
        while (mr.more()) {
          int t = mr.tag();
          if (t == field(1)) {
            contentFeed = mr.bytes();
          } else if (t == field(2)) {
            userData = mr.bytes();
          } else {
            mr.skip(t);
          }
        }
      } else {
        r.skip(tag);
      }
    }
    if (protocol == null) {
      throw new IllegalArgumentException("header has no protocol field");
    }
    return new Header(protocol, contentFeed, userData, hasMetadata);
  }

  static Node node(byte[] block) {
    Reader r = new Reader(block, 0, block.length);
    byte[] index = null;
    byte[] key = null;
    byte[] value = null;
    while (r.more()) {
      int tag = r.tag();
      if (tag == field(1)) {
        index = r.bytes();
      } else if (tag == field(2)) {
        key = r.bytes();
      } else if (tag == field(3)) {
        value = r.bytes();
      } else {
        r.skip(tag);
      }
    }
    if (index == null || key == null) {
      throw new IllegalArgumentException("node block lacks its " + (index == null ? "index" : "key"));
    }
    return new Node(levels(index), key, value);
  }

  private static List<Level> levels(byte[] index) {
    List<Level> levels = new ArrayList<>();
    Reader r = new Reader(index, 0, index.length);
    while (r.more()) {
      int tag = r.tag();
      if (tag != field(1)) {
        r.skip(tag);
        continue;
      }
      byte[] level = r.bytes();
      Reader lr = new Reader(level, 0, level.length);
      long[] keys = new long[0];
      long[] children = new long[0];
      while (lr.more()) {
        int t = lr.tag();
        if (t == field(1)) {
          keys = packed(lr.bytes());
        } else if (t == field(2)) {
          children = packed(lr.bytes());
          if (children.length % 2 != 0) {
            throw new IllegalArgumentException("odd number of child values in a level");
          }
        } else {
          lr.skip(t);
        }
      }
      levels.add(new Level(keys, children));
    }
    return levels;
  }

  private static long[] packed(byte[] bytes) {
    Reader r = new Reader(bytes, 0, bytes.length);
    List<Long> values = new ArrayList<>();
    while (r.more()) {
      values.add(r.varint());
    }
    return values.stream().mapToLong(Long::longValue).toArray();
  }

  /** Tag of a length-delimited field. */
  private static int field(int number) {
    return number << 3 | 2;
  }

  /** A protobuf wire reader over {@code buf[pos, end)}. */
  private static final class Reader {
    private final byte[] buf;
    private final int end;
    private int pos;

    Reader(byte[] buf, int start, int end) {
      this.buf = buf;
      this.pos = start;
      this.end = end;
    }

    boolean more() {
      return pos < end;
    }

    int tag() {
      long tag = varint();
      if (tag > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("bad field tag " + tag);
      }
      return (int) tag;
    }

    long varint() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= end) {
          throw new IllegalArgumentException("truncated varint");
        }
        byte b = buf[pos++];
        value |= (long) (b & 0x7f) << shift;
        if (b >= 0) {
          return value;
        }
      }
      throw new IllegalArgumentException("varint longer than 10 bytes");
    }

    byte[] bytes() {
      long length = varint();
      if (length > end - pos) {
        throw new IllegalArgumentException("field length " + length + " runs past the end");
      }
      byte[] out = Arrays.copyOfRange(buf, pos, pos + (int) length);
      pos += (int) length;
      return out;
    }

    void skip(int tag) {
      switch (tag & 7) {
        case 0 -> varint();
        case 1 -> advance(8);
        case 2 -> bytes();
        case 5 -> advance(4);
        default -> throw new IllegalArgumentException("unsupported wire type " + (tag & 7));
      }
    }

    private void advance(int n) {
      if (n > end - pos) {
        throw new IllegalArgumentException("truncated field");
      }
      pos += n;
    }
  }
}
