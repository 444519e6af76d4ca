package io.hyperbee.btree;

import io.hyperbee.encoding.ProtobufVarint;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Encoder and decoder of hyperbee's block messages (spec section 2): the Header of block 0, the
 * Node record of every later block and the YoloIndex inside it. Fields are written in field order
 * and only when present, as protocol-buffers 4 does.
 */
final class Messages {
  private static final byte[] EMPTY = new byte[0];

  private Messages() {}

  static byte[] encodeHeader(Metadata metadata) {
    Proto.Writer out = new Proto.Writer(32);
    Proto.writeBytes(out, 1, Header.PROTOCOL.getBytes(StandardCharsets.UTF_8));
    if (metadata != null) {
      Proto.Writer m = new Proto.Writer(48);
      if (metadata.contentFeed() != null) {
        Proto.writeBytes(m, 1, metadata.contentFeed());
      }
      if (metadata.userData() != null) {
        Proto.writeBytes(m, 2, metadata.userData());
      }
      Proto.writeBytes(out, 2, m.toByteArray());
    }
    return out.toByteArray();
  }

  static Header decodeHeader(byte[] block) {
    Proto.Reader r = new Proto.Reader(block, 0, block.length);
    String protocol = null;
    Metadata metadata = null;
    while (r.hasMore()) {
      long tag = r.varint();
      int field = (int) (tag >>> 3);
      int wire = (int) (tag & 7);
      if (field == 1 && wire == Proto.BYTES) {
        int start = r.lengthDelimited();
        protocol = new String(block, start, r.position() - start, StandardCharsets.UTF_8);
      } else if (field == 2 && wire == Proto.BYTES) {
        int start = r.lengthDelimited();
        metadata = decodeMetadata(block, start, r.position());
      } else {
        r.skip(wire);
      }
    }
    if (protocol == null) {
      throw Proto.invalid("header has no protocol");
    }
    return new Header(protocol, metadata);
  }

  private static Metadata decodeMetadata(byte[] buf, int start, int end) {
    Proto.Reader r = new Proto.Reader(buf, start, end);
    byte[] contentFeed = null;
    byte[] userData = null;
    while (r.hasMore()) {
      long tag = r.varint();
      int field = (int) (tag >>> 3);
      int wire = (int) (tag & 7);
      if ((field == 1 || field == 2) && wire == Proto.BYTES) {
        int s = r.lengthDelimited();
        byte[] bytes = Arrays.copyOfRange(buf, s, r.position());
        if (field == 1) {
          contentFeed = bytes;
        } else {
          userData = bytes;
        }
      } else {
        r.skip(wire);
      }
    }
    return new Metadata(contentFeed, userData);
  }

  static byte[] encodeNode(byte[] index, byte[] key, byte[] value) {
    int size = fieldLength(index.length) + fieldLength(key.length)
        + (value == null ? 0 : fieldLength(value.length));
    byte[] out = new byte[size]; // sized exactly: no growing, no trimming copy
    int p = putField(out, 0, 0x0a, index);
    p = putField(out, p, 0x12, key);
    if (value != null) {
      putField(out, p, 0x1a, value);
    }
    return out;
  }

  /** Bytes of a length-delimited field (one-byte tag) with a payload of {@code length} bytes. */
  private static int fieldLength(int length) {
    return 1 + ProtobufVarint.length(length) + length;
  }

  private static int putField(byte[] out, int p, int tag, byte[] payload) {
    out[p++] = (byte) tag;
    p += ProtobufVarint.write(out, p, payload.length);
    System.arraycopy(payload, 0, out, p, payload.length);
    return p + payload.length;
  }

  /** Decodes block {@code seq} as a Node; the index stays raw until first needed. */
  static DecodedBlock decodeNode(long seq, byte[] block) {
    int[] f = nodeFields(seq, block);
    return new DecodedBlock(seq, slice(block, f[2], f[3]), f[4] < 0 ? null : slice(block, f[4], f[5]),
        slice(block, f[0], f[1]));
  }

  /**
   * The key of node block {@code seq}, copied out without the rest of the block: what resolving a
   * node's keys needs. Checks the block as {@link #decodeNode} does.
   */
  static byte[] decodeKey(long seq, byte[] block) {
    int[] f = nodeFields(seq, block);
    return slice(block, f[2], f[3]);
  }

  /**
   * Where the fields of node block {@code seq} lie: {index start, end, key start, end, value
   * start, end}, -1 for an absent value. The last occurrence of a field wins (protobuf); a block
   * without index or key is refused.
   */
  static int[] nodeFields(long seq, byte[] block) {
    int[] f = {-1, -1, -1, -1, -1, -1};
    Proto.Reader r = new Proto.Reader(block, 0, block.length);
    while (r.hasMore()) {
      long tag = r.varint();
      int field = (int) (tag >>> 3);
      int wire = (int) (tag & 7);
      if (field >= 1 && field <= 3 && wire == Proto.BYTES) {
        f[2 * field - 2] = r.lengthDelimited();
        f[2 * field - 1] = r.position();
      } else {
        r.skip(wire);
      }
    }
    if (f[0] < 0 || f[2] < 0) {
      throw Proto.invalid("node block " + seq + " lacks its index or key");
    }
    return f;
  }

  private static byte[] slice(byte[] block, int start, int end) {
    return start == end ? EMPTY : Arrays.copyOfRange(block, start, end);
  }

  /** Encodes the levels of a block: for each node its key seqs and (seq, offset) child pairs. */
  static byte[] encodeIndex(List<Child> levels) {
    FlatNode flat = new FlatNode();
    byte[] out = new byte[64 * levels.size()];
    int p = 0;
    for (Child level : levels) {
      flat.load(level.value);
      int size = flat.indexSize();
      if (p + size > out.length) {
        out = Arrays.copyOf(out, Math.max(2 * out.length, p + size));
      }
      p = flat.writeIndex(out, p);
    }
    return p == out.length ? out : Arrays.copyOf(out, p);
  }

  /**
   * Bytes of one level of a YoloIndex, its field tag and length included: the first {@code k} key
   * seqs and the first {@code c} (seq, offset) child pairs of the arrays given.
   */
  static int levelSize(long[] keySeqs, int k, long[] childPairs, int c) {
    return fieldLength(levelPayload(keysPayload(keySeqs, k), childrenPayload(childPairs, c), k, c));
  }

  /** Writes the level {@link #levelSize} measures at {@code out[p]}; returns where it ends. */
  static int writeLevel(byte[] out, int p, long[] keySeqs, int k, long[] childPairs, int c) {
    int keysLen = keysPayload(keySeqs, k);
    int childrenLen = childrenPayload(childPairs, c);
    out[p++] = 0x0a;
    p += ProtobufVarint.write(out, p, levelPayload(keysLen, childrenLen, k, c));
    if (k > 0) {
      out[p++] = 0x0a;
      p += ProtobufVarint.write(out, p, keysLen);
      for (int j = 0; j < k; j++) {
        p += ProtobufVarint.write(out, p, keySeqs[j]);
      }
    }
    if (c > 0) {
      out[p++] = 0x12;
      p += ProtobufVarint.write(out, p, childrenLen);
      for (int j = 0; j < 2 * c; j++) {
        p += ProtobufVarint.write(out, p, childPairs[j]);
      }
    }
    return p;
  }

  private static int keysPayload(long[] keySeqs, int k) {
    int len = 0;
    for (int j = 0; j < k; j++) {
      len += ProtobufVarint.length(keySeqs[j]);
    }
    return len;
  }

  private static int childrenPayload(long[] childPairs, int c) {
    int len = 0;
    for (int j = 0; j < 2 * c; j++) {
      len += ProtobufVarint.length(childPairs[j]);
    }
    return len;
  }

  private static int levelPayload(int keysLen, int childrenLen, int k, int c) {
    return (k == 0 ? 0 : fieldLength(keysLen)) + (c == 0 ? 0 : fieldLength(childrenLen));
  }

  /**
   * Where each level of a YoloIndex lies: {@code [start0, end0, start1, end1, ...]} into
   * {@code index}. Levels are decoded one at a time ({@link #decodeLevel}): a read usually needs
   * one level of a block, never the whole stored path.
   */
  static int[] levelBounds(byte[] index) {
    Proto.Reader r = new Proto.Reader(index, 0, index.length);
    int[] bounds = new int[8];
    int n = 0;
    while (r.hasMore()) {
      long tag = r.varint();
      int wire = (int) (tag & 7);
      if ((tag >>> 3) == 1 && wire == Proto.BYTES) {
        int s = r.lengthDelimited();
        if (n == bounds.length) {
          bounds = Arrays.copyOf(bounds, n * 2);
        }
        bounds[n++] = s;
        bounds[n++] = r.position();
      } else {
        r.skip(wire);
      }
    }
    return n == bounds.length ? bounds : Arrays.copyOf(bounds, n);
  }

  static Level decodeLevel(long seq, int offset, byte[] buf, int start, int end) {
    long[] keys = Level.NO_SEQS;
    long[] children = Level.NO_SEQS;
    Proto.Reader r = new Proto.Reader(buf, start, end);
    while (r.hasMore()) {
      long tag = r.varint();
      int field = (int) (tag >>> 3);
      int wire = (int) (tag & 7);
      if ((field == 1 || field == 2) && wire == Proto.BYTES) {
        int s = r.lengthDelimited();
        long[] packed = unpack(buf, s, r.position());
        if (field == 1) {
          keys = concat(keys, packed);
        } else {
          children = concat(children, packed);
        }
      } else if ((field == 1 || field == 2) && wire == Proto.VARINT) {
        long[] one = {r.varint()};
        if (field == 1) {
          keys = concat(keys, one);
        } else {
          children = concat(children, one);
        }
      } else {
        r.skip(wire);
      }
    }
    if ((children.length & 1) != 0
        || (children.length != 0 && children.length != 2 * (keys.length + 1))) {
      throw Proto.invalid("block " + seq + " level " + offset + " has a bad child count");
    }
    return new Level(seq, offset, keys, children);
  }

  private static long[] unpack(byte[] buf, int start, int end) {
    Proto.Reader r = new Proto.Reader(buf, start, end);
    long[] out = new long[end - start];
    int n = 0;
    while (r.hasMore()) {
      out[n++] = r.varint();
    }
    return Arrays.copyOf(out, n);
  }

  private static long[] concat(long[] a, long[] b) {
    if (a.length == 0) {
      return b;
    }
    long[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
