package io.hyperbee.replication.noise;

import io.hyperbee.crypto.KeyPair;
import static com.google.common.primitives.Bytes.concat;

import java.util.Arrays;

/**
 * One side of {@code Noise_XX_Ed25519_ChaChaPoly_BLAKE2b} as noise-handshake 4.2.0 runs it for
 * secret-stream: empty prologue, empty payloads sent, received payloads read and ignored.
 * Messages alternate initiator → responder → initiator: {@code e}; {@code e, ee, s, es};
 * {@code s, se}. After the third the result (transport keys, handshake hash, remote static key)
 * is available. Not thread-safe; after a {@link NoiseException} the handshake is unusable.
 */
public final class NoiseXX {
  public static final String PROTOCOL = "Noise_XX_Ed25519_ChaChaPoly_BLAKE2b";
  private static final int KEY = 32;
  private static final int MAC = 16;

  private final boolean initiator;
  private final KeyPair staticKeys;
  private final KeyPair ephemeralKeys;
  private final SymmetricState state = new SymmetricState(PROTOCOL);
  private byte[] remoteEphemeral;
  private byte[] remoteStatic;
  private int step; // messages processed so far, 0..3
  private HandshakeResult result;
  private boolean failed;

  private NoiseXX(boolean initiator, KeyPair staticKeys, KeyPair ephemeralKeys) {
    this.initiator = initiator;
    this.staticKeys = staticKeys;
    this.ephemeralKeys = ephemeralKeys;
    state.mixHash(new byte[0]); // the empty prologue
  }

  public static NoiseXX initiator(KeyPair staticKeys) {
    return new NoiseXX(true, staticKeys, KeyPair.random());
  }

  public static NoiseXX responder(KeyPair staticKeys) {
    return new NoiseXX(false, staticKeys, KeyPair.random());
  }

  /** With a fixed ephemeral key pair: for reproducing recorded transcripts only. */
  public static NoiseXX withEphemeral(boolean initiator, KeyPair staticKeys, KeyPair ephemeral) {
    return new NoiseXX(initiator, staticKeys, ephemeral);
  }

  public boolean isInitiator() {
    return initiator;
  }

  /** True when it is this side's turn to {@link #send()}. */
  public boolean isMyTurn() {
    return result == null && (step % 2 == 0) == initiator;
  }

  public boolean isComplete() {
    return result != null;
  }

  /** The finished handshake; throws before completion. */
  public HandshakeResult result() {
    if (result == null) {
      throw new IllegalStateException("handshake not complete");
    }
    return result;
  }

  /** The next message of this side (without the uint24 prefix). */
  public byte[] send() throws NoiseException {
    if (!isMyTurn() || failed) {
      throw new IllegalStateException("not this side's turn to send (step " + step + ")");
    }
    byte[] message;
    try {
      message = switch (step) {
        case 0 -> concat(writeEphemeral(), state.encryptAndHash(new byte[0]));
        case 1 -> {
          byte[] e = writeEphemeral();
          state.mixKey(dh(ephemeralKeys, remoteEphemeral)); // ee
          byte[] s = state.encryptAndHash(staticKeys.publicKey());
          state.mixKey(dh(staticKeys, remoteEphemeral)); // es (responder side)
          yield concat(e, s, state.encryptAndHash(new byte[0]));
        }
        default -> {
          byte[] s = state.encryptAndHash(staticKeys.publicKey());
          state.mixKey(dh(staticKeys, remoteEphemeral)); // se (initiator side)
          yield concat(s, state.encryptAndHash(new byte[0]));
        }
      };
    } catch (NoiseException e) {
      failed = true;
      throw e;
    }
    advance();
    return message;
  }

  /** Reads the other side's next message (without the uint24 prefix); its payload is ignored. */
  public void receive(byte[] message) throws NoiseException {
    if (isMyTurn() || isComplete() || failed) {
      throw new IllegalStateException("not expecting a handshake message (step " + step + ")");
    }
    failed = true; // until the message is fully accepted
    int need = switch (step) {
      case 0 -> KEY;
      case 1 -> KEY + KEY + MAC + MAC;
      default -> KEY + MAC + MAC;
    };
    if (message.length < need) {
      throw new NoiseException("handshake message " + (step + 1) + " is " + message.length
          + " bytes, at least " + need + " expected");
    }
    int at = 0;
    if (step <= 1) {
      remoteEphemeral = Arrays.copyOfRange(message, 0, KEY);
      state.mixHash(remoteEphemeral);
      at = KEY;
    }
    if (step == 1) {
      state.mixKey(dh(ephemeralKeys, remoteEphemeral)); // ee
    }
    if (step >= 1) {
      remoteStatic = state.decryptAndHash(Arrays.copyOfRange(message, at, at + KEY + MAC));
      at += KEY + MAC;
      // es on the initiator, se on the responder: our ephemeral with their static
      state.mixKey(dh(ephemeralKeys, remoteStatic));
    }
    state.decryptAndHash(Arrays.copyOfRange(message, at, message.length));
    failed = false;
    advance();
  }

  private byte[] writeEphemeral() {
    byte[] e = ephemeralKeys.publicKey();
    state.mixHash(e);
    return e;
  }

  private void advance() {
    step++;
    if (step == 3) {
      byte[][] keys = state.split();
      result = new HandshakeResult(
          initiator ? keys[0] : keys[1],
          initiator ? keys[1] : keys[0],
          state.handshakeHash(),
          staticKeys.publicKey(),
          remoteStatic);
    }
  }

  private static byte[] dh(KeyPair local, byte[] remotePublicKey) throws NoiseException {
    return Ed25519Dh.dh(Ed25519Dh.scalarOf(local), remotePublicKey);
  }

}
