package io.hyperbee.replication.secretstream;

import org.bouncycastle.crypto.engines.ChaChaEngine;
import org.bouncycastle.util.Pack;

/**
 * HChaCha20 (the XChaCha20 subkey derivation): the ChaCha20 block function over constants, key and
 * a 16-byte input, 20 rounds, without the final feed-forward; output words 0..3 and 12..15.
 */
final class HChaCha20 {
  private static final int[] SIGMA = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};

  private HChaCha20() {}

  static byte[] subkey(byte[] key, byte[] input, int inputOffset) {
    int[] state = new int[16];
    System.arraycopy(SIGMA, 0, state, 0, 4);
    Pack.littleEndianToInt(key, 0, state, 4, 8);
    Pack.littleEndianToInt(input, inputOffset, state, 12, 4);
    int[] x = new int[16];
    ChaChaEngine.chachaCore(20, state, x);
    byte[] out = new byte[32];
    for (int i = 0; i < 4; i++) {
      // chachaCore adds the input back in; HChaCha20 takes the rounds' output without it
      Pack.intToLittleEndian(x[i] - state[i], out, 4 * i);
      Pack.intToLittleEndian(x[12 + i] - state[12 + i], out, 16 + 4 * i);
    }
    return out;
  }
}
