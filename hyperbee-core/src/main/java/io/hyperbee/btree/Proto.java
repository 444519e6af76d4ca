package io.hyperbee.btree;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * The few protobuf wire rules hyperbee's messages use (unsigned LEB128 varints, wire types 0 and
 * 2). Private to the B-tree until a shared protobuf helper lands in {@code io.hyperbee.encoding}.
 */
final class Proto {
  static final int VARINT = 0;
  static final int BYTES = 2;

  private Proto() {}

  static int varintLength(long v) {
    int n = 1;
    while ((v & ~0x7FL) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  static void writeVarint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  static void writeBytes(ByteArrayOutputStream out, int field, byte[] bytes) {
    out.write((field << 3) | BYTES);
    writeVarint(out, bytes.length);
    out.write(bytes, 0, bytes.length);
  }

  /**
   * A ByteArrayOutputStream without its lock: the JDK's synchronizes every {@code write(int)},
   * which made the one-byte varint writes of an index the costliest part of encoding a block.
   * The encoders own their streams, so nothing needs the lock.
   */
  static final class Out extends ByteArrayOutputStream {
    Out(int size) {
      super(size);
    }

    @Override
    public void write(int b) {
      if (count == buf.length) {
        buf = Arrays.copyOf(buf, Math.max(16, buf.length * 2));
      }
      buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      Objects.checkFromIndexSize(off, len, b.length);
      if (len > buf.length - count) {
        buf = Arrays.copyOf(buf, Math.max(count + len, buf.length * 2));
      }
      System.arraycopy(b, off, buf, count, len);
      count += len;
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
      long v = 0;
      int shift = 0;
      while (true) {
        if (pos >= end) {
          throw invalid("truncated varint");
        }
        byte b = buf[pos++];
        if (shift == 63 && (b & 0xFE) != 0) {
          throw invalid("varint overflow");
        }
        v |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return v;
        }
        shift += 7;
        if (shift > 63) {
          throw invalid("varint too long");
        }
      }
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
