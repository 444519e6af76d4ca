package io.hyperbee.encoding;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;

/**
 * Protobuf base-128 varints (LEB128, least significant group first), as Hyperbee's protobuf
 * messages use them. Values are unsigned 64-bit (a negative long is written as 10 bytes, as
 * protobuf writes a negative int64). Works on a byte array and an offset without allocating.
 */
public final class ProtobufVarint {
  /** Longest encoding of a 64-bit value. */
  public static final int MAX_LENGTH = 10;

  private ProtobufVarint() {}

  /** Bytes needed to encode {@code value}. */
  public static int length(long value) {
    int bits = 64 - Long.numberOfLeadingZeros(value | 1);
    return (bits + 6) / 7;
  }

  /** Writes {@code value} at {@code offset}; returns the number of bytes written. */
  public static int write(byte[] buf, int offset, long value) {
    int p = offset;
    while ((value & ~0x7FL) != 0) {
      buf[p++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    buf[p++] = (byte) value;
    return p - offset;
  }

  /** Reads the varint at {@code offset} (which must end before {@code end}). */
  public static long read(byte[] buf, int offset, int end) {
    long value = 0;
    int shift = 0;
    for (int p = offset; p < end; p++) {
      int b = buf[p] & 0xFF;
      if (shift == 63 && b > 1) {
        throw overflow(offset);
      }
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
      shift += 7;
      if (shift > 63) {
        throw overflow(offset);
      }
    }
    throw new HyperbeeException(ErrorCode.DECODING_ERROR, "truncated varint at " + offset);
  }

  /** Length in bytes of the varint encoded at {@code offset}, checked against {@code end}. */
  public static int encodedLength(byte[] buf, int offset, int end) {
    for (int p = offset; p < end && p - offset < MAX_LENGTH; p++) {
      if ((buf[p] & 0x80) == 0) {
        return p - offset + 1;
      }
    }
    throw new HyperbeeException(
        ErrorCode.DECODING_ERROR, "truncated or overlong varint at " + offset);
  }

  private static HyperbeeException overflow(int offset) {
    return new HyperbeeException(ErrorCode.DECODING_ERROR, "varint overflows 64 bits at " + offset);
  }
}
