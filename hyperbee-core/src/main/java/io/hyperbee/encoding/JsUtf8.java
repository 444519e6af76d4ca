package io.hyperbee.encoding;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 decoding as Node's {@code Buffer.toString()} and {@code TextDecoder} do it (the WHATWG
 * Encoding Standard): each maximal subpart of an ill-formed sequence becomes one U+FFFD, so the
 * same bytes give the same string in Java and JS. A byte order mark is kept (as Buffer keeps it).
 */
final class JsUtf8 {
  private static final char REPLACEMENT = '\uFFFD';

  private JsUtf8() {}

  /** The string; malformed bytes become U+FFFD. */
  static String decode(byte[] bytes) {
    String s = strict(bytes);
    return s != null ? s : replacing(bytes);
  }

  /** The string, or DECODING_ERROR naming the first malformed byte. */
  static String decodeStrict(byte[] bytes) {
    String s = strict(bytes);
    if (s == null) {
      throw new HyperbeeException(
          ErrorCode.DECODING_ERROR, "bytes are not valid UTF-8 (at byte " + firstMalformed(bytes) + ")");
    }
    return s;
  }

  /** Well-formed input decoded by the JDK (identical to WHATWG there), else null. */
  private static String strict(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static int firstMalformed(byte[] bytes) {
    int i = 0;
    while (i < bytes.length) {
      int end = sequenceEnd(bytes, i);
      if (end < 0) {
        return i;
      }
      i = end;
    }
    return bytes.length;
  }

  private static String replacing(byte[] bytes) {
    StringBuilder out = new StringBuilder(bytes.length);
    int i = 0;
    while (i < bytes.length) {
      int end = sequenceEnd(bytes, i);
      if (end > 0) {
        out.appendCodePoint(codePoint(bytes, i, end));
        i = end;
      } else {
        out.append(REPLACEMENT);
        i = Math.max(i + 1, -end); // skip the maximal subpart, never the byte that broke it
      }
    }
    return out.toString();
  }

  /**
   * The end of the well-formed sequence starting at {@code i}, or minus the end of its maximal
   * subpart when it is ill-formed (the WHATWG decoder's bounds on each continuation byte).
   */
  private static int sequenceEnd(byte[] bytes, int i) {
    int b = bytes[i] & 0xff;
    int need;
    int lower = 0x80;
    int upper = 0xbf;
    if (b < 0x80) {
      return i + 1;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      lower = b == 0xe0 ? 0xa0 : lower;
      upper = b == 0xed ? 0x9f : upper;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      lower = b == 0xf0 ? 0x90 : lower;
      upper = b == 0xf4 ? 0x8f : upper;
    } else {
      return -(i + 1);
    }
    int j = i + 1;
    for (int k = 0; k < need; k++, j++) {
      if (j >= bytes.length) {
        return -j;
      }
      int c = bytes[j] & 0xff;
      if (c < lower || c > upper) {
        return -j;
      }
      lower = 0x80;
      upper = 0xbf;
    }
    return j;
  }

  private static int codePoint(byte[] bytes, int start, int end) {
    int b = bytes[start] & 0xff;
    int n = end - start;
    int cp = n == 1 ? b : b & (0xff >> (n + 1));
    for (int j = start + 1; j < end; j++) {
      cp = (cp << 6) | (bytes[j] & 0x3f);
    }
    return cp;
  }
}
