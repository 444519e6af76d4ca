package io.hyperbee.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.junit.jupiter.api.Test;

/** The hand-written BLAKE2b against RFC 7693, the reference KAT and BouncyCastle as the oracle. */
class Blake2bTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void rfc7693AppendixA() {
    Blake2b h = new Blake2b(64);
    assertEquals("ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
        + "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923",
        HEX.formatHex(h.update("abc".getBytes(StandardCharsets.US_ASCII)).digest()));
  }

  @Test
  void referenceKeyedKatOfTheEmptyInput() {
    // blake2b-kat.txt of the BLAKE2 reference code: key 00..3f, empty input, 64-byte digest.
    byte[] key = new byte[64];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) i;
    }
    assertEquals("10ebb67700b1868efb4417987acf4690ae9d972fb7a590c2f02871799aaa4786"
        + "b5e996e8f0f4eb981fc214b005f42d2ff4233499391653df7aefcbc13fc51568",
        HEX.formatHex(new Blake2b(64, key).digest()));
    assertArrayEquals(oracle(64, key, new byte[0], 0), new Blake2b(64, key).digest());
  }

  @Test
  void everyLengthUpTo300MatchesBouncyCastleWhateverTheUpdateSplits() {
    Random random = new Random(18);
    byte[] data = new byte[300];
    random.nextBytes(data);
    Blake2b h = new Blake2b();
    for (int length = 0; length <= data.length; length++) {
      byte[] expected = oracle(32, null, data, length);
      assertArrayEquals(expected, h.update(data, 0, length).digest(), "whole, length " + length);
      feedInPieces(h, data, length, random);
      assertArrayEquals(expected, h.digest(), "in pieces, length " + length);
    }
  }

  @Test
  void keyedAndOtherDigestLengthsMatchBouncyCastle() {
    Random random = new Random(7693);
    byte[] data = new byte[300];
    random.nextBytes(data);
    for (int keyLength : new int[] {16, 32, 33, 64}) {
      byte[] key = new byte[keyLength];
      random.nextBytes(key);
      Blake2b h = new Blake2b(key);
      for (int length = 0; length <= data.length; length++) {
        feedInPieces(h, data, length, random);
        assertArrayEquals(oracle(32, key, data, length), h.digest(), "key " + keyLength + ", length " + length);
      }
    }
    for (int digestLength = 1; digestLength <= 64; digestLength++) {
      Blake2b h = new Blake2b(digestLength);
      int length = random.nextInt(data.length + 1);
      assertArrayEquals(oracle(digestLength, null, data, length), h.update(data, 0, length).digest(),
          "digest length " + digestLength);
    }
  }

  @Test
  void uint64IsEightLittleEndianBytesAtEveryBufferPosition() {
    Random random = new Random(64);
    for (int before = 0; before <= 140; before++) {
      byte[] prefix = new byte[before];
      random.nextBytes(prefix);
      long n = random.nextLong();
      byte[] bytes = new byte[8];
      for (int i = 0; i < 8; i++) {
        bytes[i] = (byte) (n >>> (8 * i));
      }
      byte[] expected = new Blake2b().update(prefix).update(bytes).update(prefix).digest();
      assertArrayEquals(expected, new Blake2b().update(prefix).updateUint64(n).update(prefix).digest(), "after " + before);
    }
  }

  @Test
  void digestIntoAnOffsetAndResets() {
    byte[] out = new byte[40];
    Blake2b h = new Blake2b();
    h.update(7).digest(out, 5);
    byte[] expected = Blake2b.hash(new byte[] {7});
    assertArrayEquals(expected, java.util.Arrays.copyOfRange(out, 5, 37));
    assertArrayEquals(Blake2b.hash(), h.digest());
    assertThrows(IndexOutOfBoundsException.class, () -> h.digest(out, 9));
  }

  @Test
  void refusesBadKeysAndLengths() {
    assertThrows(IllegalArgumentException.class, () -> new Blake2b(new byte[15]));
    assertThrows(IllegalArgumentException.class, () -> new Blake2b(new byte[65]));
    assertThrows(IllegalArgumentException.class, () -> new Blake2b(0));
    assertThrows(IllegalArgumentException.class, () -> new Blake2b(65));
    assertThrows(IndexOutOfBoundsException.class, () -> new Blake2b().update(new byte[4], 2, 3));
  }

  private static void feedInPieces(Blake2b h, byte[] data, int length, Random random) {
    int offset = 0;
    while (offset < length) {
      if (random.nextInt(8) == 0) {
        h.update(data[offset++]);
        continue;
      }
      int piece = Math.min(length - offset, random.nextInt(200));
      h.update(data, offset, piece);
      offset += piece;
    }
  }

  private static byte[] oracle(int digestLength, byte[] key, byte[] data, int length) {
    Blake2bDigest d = key == null ? new Blake2bDigest(digestLength * 8) : new Blake2bDigest(key, digestLength, null, null);
    d.update(data, 0, length);
    byte[] out = new byte[digestLength];
    d.doFinal(out, 0);
    return out;
  }
}
