package io.hyperbee.btree;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.encoding.ProtobufVarint;
import java.util.Arrays;

/**
 * The few protobuf wire rules hyperbee's messages use: field tags, length-delimited fields and
 * skipping unknown fields (varints themselves are {@link ProtobufVarint}'s).
 */
final class Proto {
  static final int VARINT = 0;
  static final int BYTES = 2;

  private Proto() {}

  static int varintLength(long v) {
    return ProtobufVarint.length(v);
  }

  static void writeVarint(Writer out, long v) {
    out.varint(v);
  }

  static void writeBytes(Writer out, int field, byte[] bytes) {
    out.write((field << 3) | BYTES);
    out.varint(bytes.length);
    out.write(bytes);
  }

  /** An unsynchronised growable byte buffer (ByteArrayOutputStream locks on every write). */
  static final class Writer {
    private byte[] buf;
    private int size;

    Writer(int capacity) {
      buf = new byte[Math.max(16, capacity)];
    }

    private void ensure(int extra) {
      if (size + extra > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
      }
    }

    void write(int b) {
      ensure(1);
      buf[size++] = (byte) b;
    }

    void write(byte[] bytes) {
      ensure(bytes.length);
      System.arraycopy(bytes, 0, buf, size, bytes.length);
      size += bytes.length;
    }

    void varint(long v) {
      ensure(ProtobufVarint.MAX_LENGTH);
      size += ProtobufVarint.write(buf, size, v);
    }

    int size() {
      return size;
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, size);
    }
  }

  static HyperbeeException invalid(String what) {
    return new HyperbeeException(ErrorCode.DECODING_ERROR, "Decoded message is not valid: " + what);
  }

  /** A forward-only reader over {@code buf[start, end)}. */
  static final class Reader {
    private final byte[] buf;
    private int pos;
    private final int end;

    Reader(byte[] buf, int start, int end) {
      this.buf = buf;
      this.pos = start;
      this.end = end;
    }

    boolean hasMore() {
      return pos < end;
    }

    int position() {
      return pos;
    }

    long varint() {
      long v = ProtobufVarint.read(buf, pos, end);
      pos += ProtobufVarint.encodedLength(buf, pos, end);
      return v;
    }

    /** Reads a length prefix and returns the start offset of the payload, skipping past it. */
    int lengthDelimited() {
      long len = varint();
      if (len < 0 || len > end - pos) {
        throw invalid("length out of bounds");
      }
      int start = pos;
      pos += (int) len;
      return start;
    }

    void skip(int wireType) {
      switch (wireType) {
        case 0 -> varint();
        case 1 -> advance(8);
        case 2 -> lengthDelimited();
        case 5 -> advance(4);
        default -> throw invalid("unsupported wire type " + wireType);
      }
    }

    private void advance(int n) {
      if (end - pos < n) {
        throw invalid("truncated field");
      }
      pos += n;
    }
  }
}
