package io.hyperbee.encoding;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Writes compact-encoding (npm {@code compact-encoding} 3.x) into a growing buffer. The matching
 * reader is {@link Decoder}.
 *
 * <pre>
 * uint           n &lt;= 0xFC: 1 byte; &lt;= 0xFFFF: 0xFD u16le; &lt;= 0xFFFFFFFF: 0xFE u32le; else 0xFF u64le
 * uint32/uint64  4 / 8 bytes little-endian
 * fixed32/64     exactly 32 / 64 raw bytes
 * buffer         uint length || bytes;  optionalBuffer: null encodes as length 0
 * string         uint UTF-8 byte length || UTF-8
 * array(T)       uint count || elements
 * </pre>
 */
public final class Encoder {
  private byte[] buf;
  private int pos;

  public Encoder() {
    this(64);
  }

  public Encoder(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  /** Bytes a {@code uint} takes. */
  public static int uintLength(long n) {
    checkUint(n);
    return n <= 0xFC ? 1 : n <= 0xFFFF ? 3 : n <= 0xFFFFFFFFL ? 5 : 9;
  }

  public Encoder uint(long n) {
    checkUint(n);
    if (n <= 0xFC) {
      ensure(1);
      buf[pos++] = (byte) n;
    } else if (n <= 0xFFFF) {
      ensure(3);
      buf[pos++] = (byte) 0xFD;
      putLe(n, 2);
    } else if (n <= 0xFFFFFFFFL) {
      ensure(5);
      buf[pos++] = (byte) 0xFE;
      putLe(n, 4);
    } else {
      ensure(9);
      buf[pos++] = (byte) 0xFF;
      putLe(n, 8);
    }
    return this;
  }

  public Encoder uint8(int n) {
    if (n < 0 || n > 0xFF) {
      throw new IllegalArgumentException("uint8 out of range: " + n);
    }
    ensure(1);
    buf[pos++] = (byte) n;
    return this;
  }

  public Encoder bool(boolean b) {
    return uint8(b ? 1 : 0);
  }

  public Encoder uint32(long n) {
    if (n < 0 || n > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("uint32 out of range: " + n);
    }
    ensure(4);
    putLe(n, 4);
    return this;
  }

  public Encoder uint64(long n) {
    ensure(8);
    putLe(n, 8);
    return this;
  }

  public Encoder fixed32(byte[] b) {
    return fixed(b, 32);
  }

  public Encoder fixed64(byte[] b) {
    return fixed(b, 64);
  }

  public Encoder fixed(byte[] b, int length) {
    requireNonNull(b, "fixed bytes are null");
    if (b.length != length) {
      throw new IllegalArgumentException("expected " + length + " bytes, got " + b.length);
    }
    return raw(b);
  }

  public Encoder raw(byte[] b) {
    return raw(b, 0, b.length);
  }

  public Encoder raw(byte[] b, int offset, int length) {
    ensure(length);
    System.arraycopy(b, offset, buf, pos, length);
    pos += length;
    return this;
  }

  public Encoder buffer(byte[] b) {
    requireNonNull(b, "buffer is null");
    uint(b.length);
    return raw(b);
  }

  public Encoder optionalBuffer(byte[] b) {
    return b == null ? uint(0) : buffer(b);
  }

  public Encoder string(String s) {
    requireNonNull(s, "string is null");
    return buffer(s.getBytes(StandardCharsets.UTF_8));
  }

  public <T> Encoder array(List<T> items, BiConsumer<Encoder, T> element) {
    uint(items.size());
    for (T item : items) {
      element.accept(this, item);
    }
    return this;
  }

  public int size() {
    return pos;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, pos);
  }

  private void putLe(long n, int bytes) {
    for (int i = 0; i < bytes; i++) {
      buf[pos++] = (byte) (n >>> (8 * i));
    }
  }

  private void ensure(int more) {
    if (pos + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
    }
  }

  private static void checkUint(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("uint must not be negative: " + n);
    }
  }
}
