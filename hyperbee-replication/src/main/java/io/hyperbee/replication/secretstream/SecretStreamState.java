package io.hyperbee.replication.secretstream;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.crypto.engines.ChaCha7539Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.util.Pack;

/**
 * libsodium's {@code crypto_secretstream_xchacha20poly1305} state (subkey, 32-bit counter,
 * 8-byte inonce) and its frame transform, composed from BouncyCastle's ChaCha20 (RFC 7539) and
 * Poly1305 as spec section 4.4 describes, with libsodium's own padding expression. One frame is
 * {@code c[0] || ciphertext || mac}, 17 bytes longer than the message. Not thread-safe.
 */
final class SecretStreamState {
  static final int KEY_LENGTH = 32;
  static final int HEADER_LENGTH = 24;
  static final int OVERHEAD = 17;
  static final int TAG_MESSAGE = 0;
  static final int TAG_REKEY = 2;
  private static final int BLOCK = 64;
  private static final int MAC = 16;
  private static final byte[] ZEROS = new byte[BLOCK];

  private byte[] k;
  private int counter;
  private final byte[] inonce = new byte[8];
  private final ChaCha7539Engine chacha = new ChaCha7539Engine();
  private final Poly1305 poly = new Poly1305();
  private final byte[] block = new byte[BLOCK];

  /** {@code init_push}/{@code init_pull}: subkey from the header's first 16 bytes, counter 1. */
  SecretStreamState(byte[] key, byte[] header) {
    if (key.length != KEY_LENGTH || header.length != HEADER_LENGTH) {
      throw new IllegalArgumentException("secretstream needs a 32-byte key and a 24-byte header");
    }
    k = HChaCha20.subkey(key, header, 0);
    counter = 1;
    System.arraycopy(header, 16, inonce, 0, 8);
  }

  /** A state from libsodium's 52-byte state layout {@code k(32) || counter(4) || inonce(8) || pad(8)}. */
  static SecretStreamState fromLibsodiumState(byte[] raw) {
    SecretStreamState s = new SecretStreamState(new byte[KEY_LENGTH], new byte[HEADER_LENGTH]);
    s.k = Arrays.copyOfRange(raw, 0, 32);
    s.counter = Pack.littleEndianToInt(raw, 32);
    System.arraycopy(raw, 36, s.inonce, 0, 8);
    return s;
  }

  /** This state in libsodium's layout (pad zero), to compare with recorded states. */
  byte[] toLibsodiumState() {
    byte[] raw = new byte[52];
    System.arraycopy(k, 0, raw, 0, 32);
    Pack.intToLittleEndian(counter, raw, 32);
    System.arraycopy(inonce, 0, raw, 36, 8);
    return raw;
  }

  /** Encrypts {@code message} (consumed) with {@code tag} into {@code out[offset..offset+len+17)}. */
  void push(int tag, ByteBuffer message, byte[] out, int offset) {
    int mlen = message.remaining();
    startFrame();
    Arrays.fill(block, (byte) 0);
    block[0] = (byte) tag;
    chacha.processBytes(block, 0, BLOCK, block, 0);
    out[offset] = block[0];
    message.get(out, offset + 1, mlen);
    chacha.processBytes(out, offset + 1, mlen, out, offset + 1);
    mac(out, offset + 1, mlen, out, offset + 1 + mlen);
    finishFrame(tag, out, offset + 1 + mlen);
  }

  /**
   * Verifies (constant time) and decrypts one frame; returns the tag and writes the message
   * (frame length − 17 bytes) to {@code out}. On a MAC mismatch nothing is written, the state is
   * unchanged and an exception names the failure.
   */
  int pull(byte[] in, int offset, int length, byte[] out, int outOffset)
      throws SecretStreamException {
    if (length < OVERHEAD) {
      throw new SecretStreamException("encrypted frame of " + length + " bytes is shorter than 17");
    }
    int mlen = length - OVERHEAD;
    startFrame();
    Arrays.fill(block, (byte) 0);
    block[0] = in[offset];
    chacha.processBytes(block, 0, BLOCK, block, 0);
    int tag = block[0] & 0xff;
    block[0] = in[offset]; // the MAC covers the encrypted block
    byte[] expected = new byte[MAC];
    mac(in, offset + 1, mlen, expected, 0);
    if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(in, offset + 1 + mlen, offset + length))) {
      throw new SecretStreamException("encrypted frame failed authentication (forged, corrupted or out of order)");
    }
    chacha.processBytes(in, offset + 1, mlen, out, outOffset);
    finishFrame(tag, expected, 0);
    return tag;
  }

  /** ChaCha20 at block 0 under nonce {@code u32le(counter) || inonce}; Poly1305 keyed by it. */
  private void startFrame() {
    chacha.init(true, new ParametersWithIV(new KeyParameter(k), nonce()));
    byte[] polyKey = new byte[BLOCK];
    chacha.processBytes(ZEROS, 0, BLOCK, polyKey, 0);
    poly.init(new KeyParameter(polyKey, 0, 32));
  }

  /** MAC over the encrypted block (in {@code block}), the ciphertext, libsodium's pad and lengths. */
  private void mac(byte[] c, int offset, int mlen, byte[] out, int outOffset) {
    poly.update(block, 0, BLOCK);
    poly.update(c, offset, mlen);
    poly.update(ZEROS, 0, (0x10 - BLOCK + mlen) & 0xf);
    byte[] lengths = new byte[16];
    Pack.longToLittleEndian(BLOCK + (long) mlen, lengths, 8);
    poly.update(lengths, 0, 16);
    poly.doFinal(out, outOffset);
  }

  private void finishFrame(int tag, byte[] mac, int macOffset) {
    for (int i = 0; i < 8; i++) {
      inonce[i] ^= mac[macOffset + i];
    }
    counter++;
    if ((tag & TAG_REKEY) != 0 || counter == 0) {
      rekey();
    }
  }

  /** New subkey and inonce: {@code k || inonce} XOR the ChaCha20 keystream; counter back to 1. */
  private void rekey() {
    byte[] both = new byte[40];
    System.arraycopy(k, 0, both, 0, 32);
    System.arraycopy(inonce, 0, both, 32, 8);
    chacha.init(true, new ParametersWithIV(new KeyParameter(k), nonce()));
    chacha.processBytes(both, 0, 40, both, 0);
    k = Arrays.copyOf(both, 32);
    System.arraycopy(both, 32, inonce, 0, 8);
    counter = 1;
  }

  private byte[] nonce() {
    byte[] n = new byte[12];
    Pack.intToLittleEndian(counter, n, 0);
    System.arraycopy(inonce, 0, n, 4, 8);
    return n;
  }
}
