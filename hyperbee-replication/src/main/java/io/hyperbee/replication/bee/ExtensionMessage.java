package io.hyperbee.replication.bee;

import io.hyperbee.btree.RangeSnapshot;
import io.hyperbee.encoding.Decoder;
import io.hyperbee.encoding.Encoder;
import io.hyperbee.encoding.ProtobufVarint;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Hyperbee's {@code Extension} protobuf (hyperbee 2.27.3 lib/messages.js; spec hyperbee.md 2.1
 * and 9) as the {@code "hyperbee"} extension sends it: framed as a compact-encoding buffer
 * (hypercore's default extension encoding, a length prefix). Encoding writes what JS writes:
 * fields in number order, only those set, {@code limit} and {@code reverse} of an iterator
 * always, a packed array only when not empty. Decoding is as lenient as JS's (unknown fields
 * skipped, bytes after the frame ignored) and returns null for what JS fails to decode.
 */
public record ExtensionMessage(Cache cache, Get get, RangeSnapshot iterator) {
  /** A cache answer: the seqs an asker should fetch ({@code start}/{@code end} required, unused). */
  public record Cache(long start, long end, long[] blocks) {}

  /** A get query: the tree at {@code version}, key in stored form. */
  public record Get(long version, byte[] key) {}

  private static final int VARINT = 0;
  private static final int BYTES = 2;

  public static byte[] get(long version, byte[] key) {
    Proto get = new Proto().varint(1, version).bytes(2, key);
    return frame(new Proto().message(2, get));
  }

  /** An iterator query; a {@code limit} of -1 (none) is sent as 0, as JS does. */
  public static byte[] iterator(RangeSnapshot s) {
    Proto it = new Proto()
        .varint(1, s.version())
        .bytes(2, s.gte())
        .bytes(3, s.gt())
        .bytes(4, s.lte())
        .bytes(5, s.lt())
        .varint(6, s.limit() == -1 ? 0 : s.limit())
        .varint(7, s.reverse() ? 1 : 0)
        .packed(8, s.checkpoint());
    return frame(new Proto().message(3, it));
  }

  public static byte[] cache(long start, long end, long[] blocks) {
    Proto cache = new Proto().varint(1, start).varint(2, end).packed(3, blocks);
    return frame(new Proto().message(1, cache));
  }

  /** The message in {@code payload}, or null when JS would fail to decode it. */
  public static ExtensionMessage decode(byte[] payload) {
    byte[] body;
    try {
      body = new Decoder(payload).buffer();
    } catch (RuntimeException e) {
      return null;
    }
    try {
      Fields f = new Fields(body, 0, body.length);
      Cache cache = null;
      Get get = null;
      RangeSnapshot iterator = null;
      while (f.next()) {
        switch (f.tag) {
          case 1 -> cache = decodeCache(f.sub());
          case 2 -> get = decodeGet(f.sub());
          case 3 -> iterator = decodeIterator(f.sub());
          default -> f.skip();
        }
      }
      return new ExtensionMessage(cache, get, iterator);
    } catch (RuntimeException e) {
      return null; // truncated, overlong, a missing required field: JS's decode throws
    }
  }

  private static Cache decodeCache(Fields f) {
    Long start = null;
    Long end = null;
    long[] blocks = new long[0];
    while (f.next()) {
      switch (f.tag) {
        case 1 -> start = f.varint();
        case 2 -> end = f.varint();
        case 3 -> blocks = concat(blocks, f.packed());
        default -> f.skip();
      }
    }
    if (start == null || end == null) {
      throw new IllegalArgumentException("start and end are required");
    }
    return new Cache(start, end, blocks);
  }

  private static Get decodeGet(Fields f) {
    long version = 0;
    byte[] key = null;
    while (f.next()) {
      switch (f.tag) {
        case 1 -> version = f.varint();
        case 2 -> key = f.bytes();
        default -> f.skip();
      }
    }
    return new Get(version, key);
  }

  /** An iterator query; its {@code limit} as sent (0: none). */
  private static RangeSnapshot decodeIterator(Fields f) {
    long version = 0;
    byte[][] bounds = new byte[4][];
    long limit = 0;
    boolean reverse = false;
    long[] checkpoint = new long[0];
    while (f.next()) {
      switch (f.tag) {
        case 1 -> version = f.varint();
        case 2, 3, 4, 5 -> bounds[f.tag - 2] = f.bytes();
        case 6 -> limit = f.varint();
        case 7 -> reverse = f.varint() != 0;
        case 8 -> checkpoint = concat(checkpoint, f.packed());
        default -> f.skip();
      }
    }
    return new RangeSnapshot(version, bounds[0], bounds[1], bounds[2], bounds[3], limit, reverse, checkpoint);
  }

  private static long[] concat(long[] a, long[] b) {
    long[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] frame(Proto body) {
    return new Encoder().buffer(body.toByteArray()).toByteArray();
  }

  /** A protobuf message being written: fields in the order they are added. */
  private static final class Proto {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private void raw(long v) {
      byte[] b = new byte[ProtobufVarint.MAX_LENGTH];
      out.write(b, 0, ProtobufVarint.write(b, 0, v));
    }

    Proto varint(int field, long v) {
      raw(field << 3 | VARINT);
      raw(v);
      return this;
    }

    /** A bytes field, left out when null (JS's {@code defined}). */
    Proto bytes(int field, byte[] b) {
      if (b != null) {
        raw(field << 3 | BYTES);
        raw(b.length);
        out.writeBytes(b);
      }
      return this;
    }

    Proto message(int field, Proto m) {
      return bytes(field, m.toByteArray());
    }

    /** A packed repeated varint field, left out when empty (as JS's encoder does). */
    Proto packed(int field, long[] values) {
      if (values != null && values.length > 0) {
        Proto p = new Proto();
        for (long v : values) {
          p.raw(v);
        }
        bytes(field, p.toByteArray());
      }
      return this;
    }

    byte[] toByteArray() {
      return out.toByteArray();
    }
  }

  /** Reads the fields of a protobuf message in {@code buf[pos..end)}. */
  private static final class Fields {
    private final byte[] buf;
    private final int end;
    private int pos;
    private int wireType;
    int tag;

    Fields(byte[] buf, int pos, int end) {
      this.buf = buf;
      this.pos = pos;
      this.end = end;
    }

    boolean next() {
      if (pos >= end) {
        return false;
      }
      long prefix = varint();
      tag = (int) (prefix >>> 3);
      wireType = (int) (prefix & 7);
      return true;
    }

    long varint() {
      long v = ProtobufVarint.read(buf, pos, end);
      pos += ProtobufVarint.encodedLength(buf, pos, end);
      return v;
    }

    private int length() {
      long n = varint();
      if (n < 0 || n > end - pos) {
        throw new IllegalArgumentException("field length " + n + " past the message end");
      }
      return (int) n;
    }

    byte[] bytes() {
      int n = length();
      byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
      pos += n;
      return b;
    }

    Fields sub() {
      int n = length();
      Fields f = new Fields(buf, pos, pos + n);
      pos += n;
      return f;
    }

    long[] packed() {
      Fields f = sub();
      long[] values = new long[16];
      int count = 0;
      while (f.pos < f.end) {
        if (count == values.length) {
          values = Arrays.copyOf(values, count * 2);
        }
        values[count++] = f.varint();
      }
      return Arrays.copyOf(values, count);
    }

    /** Skips a field of an unknown number (wire types 0, 1, 2 and 5, as JS's decoder). */
    void skip() {
      switch (wireType) {
        case 0 -> varint();
        case 1 -> pos = checked(8);
        case 2 -> pos += length();
        case 5 -> pos = checked(4);
        default -> throw new IllegalArgumentException("wire type " + wireType + " cannot be skipped");
      }
    }

    private int checked(int n) {
      if (n > end - pos) {
        throw new IllegalArgumentException("field past the message end");
      }
      return pos + n;
    }
  }
}
