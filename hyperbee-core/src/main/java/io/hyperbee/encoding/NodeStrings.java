package io.hyperbee.encoding;

import java.io.ByteArrayOutputStream;

/**
 * Node's {@code Buffer.from(string, encoding)} and {@code buffer.toString(encoding)} for the
 * string codecs other than UTF-8, with Node's forgiving rules kept exactly: what Node drops or
 * truncates is dropped or truncated the same way, so both sides store the same bytes.
 */
final class NodeStrings {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private NodeStrings() {}

  /** {@code 'ascii'} (as Node, latin1): the low byte of each UTF-16 code unit. */
  static byte[] asciiBytes(String s) {
    byte[] out = new byte[s.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) s.charAt(i);
    }
    return out;
  }

  /** {@code 'ascii'} decoding: each byte with its top bit cleared. */
  static String ascii(byte[] bytes) {
    char[] out = new char[bytes.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (char) (bytes[i] & 0x7f);
    }
    return new String(out);
  }

  /**
   * {@code 'hex'}: pairs of hex digits (either case) from the start, up to the first pair that is
   * not one; a trailing odd digit is dropped.
   */
  static byte[] hexBytes(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() / 2);
    for (int i = 0; i + 1 < s.length(); i += 2) {
      int hi = hexValue(s.charAt(i));
      int lo = hexValue(s.charAt(i + 1));
      if (hi < 0 || lo < 0) {
        break;
      }
      out.write(hi << 4 | lo);
    }
    return out.toByteArray();
  }

  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  static String hex(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[bytes[i] & 0xf];
    }
    return new String(out);
  }

  /**
   * {@code 'base64'}: the standard and the URL-safe alphabet both, every other character skipped,
   * stopping at the first {@code '='}; bits that do not fill a byte are dropped.
   */
  static byte[] base64Bytes(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() * 3 / 4);
    int bits = 0;
    int buffered = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '=') {
        break;
      }
      int v = base64Value(c);
      if (v < 0) {
        continue;
      }
      bits = bits << 6 | v;
      buffered += 6;
      if (buffered >= 8) {
        buffered -= 8;
        out.write(bits >> buffered);
        bits &= (1 << buffered) - 1;
      }
    }
    return out.toByteArray();
  }

  private static int base64Value(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    if (c == '+' || c == '-') {
      return 62;
    }
    if (c == '/' || c == '_') {
      return 63;
    }
    return -1;
  }

  /** Standard base64 with padding. */
  static String base64(byte[] bytes) {
    return java.util.Base64.getEncoder().encodeToString(bytes);
  }

  /** {@code 'utf16le'}/{@code 'ucs2'}: each UTF-16 code unit, low byte first (lone surrogates kept). */
  static byte[] utf16leBytes(String s) {
    byte[] out = new byte[s.length() * 2];
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      out[2 * i] = (byte) c;
      out[2 * i + 1] = (byte) (c >> 8);
    }
    return out;
  }

  /** Pairs of bytes as code units, low byte first; a trailing odd byte is dropped. */
  static String utf16le(byte[] bytes) {
    char[] out = new char[bytes.length / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (char) ((bytes[2 * i] & 0xff) | (bytes[2 * i + 1] & 0xff) << 8);
    }
    return new String(out);
  }
}
