package io.hyperbee.encoding;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Reads compact-encoding written by {@link Encoder} (or by JS) within an explicit end offset, so
 * that trailing optional fields can be detected with {@link #hasRemaining()}. Varints must be
 * minimal (JS never writes anything else), so every value has exactly one encoding. Any
 * malformed input raises {@link HyperbeeException} with {@link ErrorCode#DECODING_ERROR}.
 */
public final class Decoder {
  /** compact-encoding rejects arrays longer than this (see {@code c.array}). */
  public static final int MAX_ARRAY_LENGTH = 0x100000;

  private final byte[] buf;
  private final int end;
  private int pos;

  public Decoder(byte[] buf) {
    this(buf, 0, buf.length);
  }

  public Decoder(byte[] buf, int offset, int end) {
    if (offset < 0 || end > buf.length || offset > end) {
      throw new IllegalArgumentException("bad range " + offset + ".." + end + " of " + buf.length);
    }
    this.buf = buf;
    this.pos = offset;
    this.end = end;
  }

  public int position() {
    return pos;
  }

  public int remaining() {
    return end - pos;
  }

  public boolean hasRemaining() {
    return pos < end;
  }

  /** Fails unless every byte was consumed (messages must not carry trailing garbage). */
  public void requireEnd(String what) {
    if (pos != end) {
      throw error(what + ": " + (end - pos) + " trailing bytes");
    }
  }

  public long uint() {
    int a = uint8();
    switch (a) {
      case 0xFD: {
        long n = le(2);
        if (n <= 0xFC) {
          throw error("non-minimal uint at " + (pos - 3));
        }
        return n;
      }
      case 0xFE: {
        long n = le(4);
        if (n <= 0xFFFF) {
          throw error("non-minimal uint at " + (pos - 5));
        }
        return n;
      }
      case 0xFF: {
        long n = le(8);
        if (n >= 0 && n <= 0xFFFFFFFFL) {
          throw error("non-minimal uint at " + (pos - 9));
        }
        if (n < 0) {
          throw error("uint too large at " + (pos - 9));
        }
        return n;
      }
      default:
        return a;
    }
  }

  /** A {@code uint} that must fit in an int (counts, lengths). */
  public int uintAsInt(String what) {
    long n = uint();
    if (n > Integer.MAX_VALUE) {
      throw error(what + " too large: " + n);
    }
    return (int) n;
  }

  public int uint8() {
    need(1);
    return buf[pos++] & 0xFF;
  }

  public boolean bool() {
    int b = uint8();
    if (b > 1) {
      throw error("bad bool " + b + " at " + (pos - 1));
    }
    return b == 1;
  }

  public long uint32() {
    return le(4);
  }

  public long uint64() {
    return le(8);
  }

  public byte[] fixed32() {
    return fixed(32);
  }

  public byte[] fixed64() {
    return fixed(64);
  }

  public byte[] fixed(int length) {
    need(length);
    byte[] out = Arrays.copyOfRange(buf, pos, pos + length);
    pos += length;
    return out;
  }

  public byte[] buffer() {
    int len = uintAsInt("buffer length");
    return fixed(len);
  }

  /** Like {@link #buffer()} but length 0 decodes to null. */
  public byte[] optionalBuffer() {
    byte[] b = buffer();
    return b.length == 0 ? null : b;
  }

  public String string() {
    byte[] b = buffer();
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b))
          .toString();
    } catch (CharacterCodingException e) {
      throw new HyperbeeException(ErrorCode.DECODING_ERROR, "invalid UTF-8 string", e);
    }
  }

  /** The rest of the frame. */
  public byte[] raw() {
    return fixed(end - pos);
  }

  public <T> List<T> array(Function<Decoder, T> element) {
    int n = uintAsInt("array length");
    if (n > MAX_ARRAY_LENGTH) {
      throw error("array too long: " + n);
    }
    // each element takes at least one byte: refuse counts the input cannot hold before allocating
    need(n);
    List<T> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(element.apply(this));
    }
    return out;
  }

  private long le(int bytes) {
    need(bytes);
    long n = 0;
    for (int i = 0; i < bytes; i++) {
      n |= (buf[pos++] & 0xFFL) << (8 * i);
    }
    return n;
  }

  private void need(int n) {
    if (n < 0 || end - pos < n) {
      throw error("need " + n + " bytes at " + pos + ", only " + (end - pos) + " left");
    }
  }

  private static HyperbeeException error(String message) {
    return new HyperbeeException(ErrorCode.DECODING_ERROR, message);
  }
}
