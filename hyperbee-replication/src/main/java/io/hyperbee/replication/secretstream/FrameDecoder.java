package io.hyperbee.replication.secretstream;

import java.nio.ByteBuffer;

/**
 * Cuts a raw byte stream into uint24-little-endian-prefixed frames, incrementally: a frame split
 * across any number of reads is buffered until whole. The caller passes the size rule for the
 * next frame (it changes with the stream's phase); a length outside it fails as soon as the
 * 3-byte prefix is read, before any body is buffered.
 */
final class FrameDecoder {
  static final int PREFIX = 3;
  static final int MAX_FRAME = 0xFFFFFF;

  /** Allowed body lengths (inclusive) of the next frame, and what that frame is, for messages. */
  record Rule(String what, int min, int max) {}

  private int prefixBytes;
  private int length;
  private byte[] body;
  private int filled;

  /** The next whole frame body, or null once {@code in} is exhausted mid-frame (state kept). */
  byte[] next(ByteBuffer in, Rule rule) throws SecretStreamException {
    while (prefixBytes < PREFIX) {
      if (!in.hasRemaining()) {
        return null;
      }
      length |= (in.get() & 0xff) << (8 * prefixBytes);
      prefixBytes++;
      if (prefixBytes == PREFIX) {
        if (length < rule.min() || length > rule.max()) {
          throw new SecretStreamException(rule.what() + " frame of " + length + " bytes, allowed "
              + (rule.min() == rule.max() ? "exactly " + rule.min() : rule.min() + ".." + rule.max()));
        }
        body = new byte[length];
        filled = 0;
      }
    }
    int n = Math.min(in.remaining(), length - filled);
    in.get(body, filled, n);
    filled += n;
    if (filled < length) {
      return null;
    }
    byte[] frame = body;
    body = null;
    prefixBytes = 0;
    length = 0;
    return frame;
  }

  /** True when part of a frame has been read and not yet returned. */
  boolean isMidFrame() {
    return prefixBytes > 0;
  }

  /** {@code body} with its uint24 prefix. */
  static byte[] frame(byte[] body) {
    byte[] out = new byte[PREFIX + body.length];
    writePrefix(body.length, out);
    System.arraycopy(body, 0, out, PREFIX, body.length);
    return out;
  }

  static void writePrefix(int length, byte[] out) {
    if (length < 0 || length > MAX_FRAME) {
      throw new IllegalArgumentException("frame of " + length + " bytes does not fit a uint24");
    }
    out[0] = (byte) length;
    out[1] = (byte) (length >>> 8);
    out[2] = (byte) (length >>> 16);
  }
}
