package io.hyperbee.replication.secretstream;

import io.hyperbee.crypto.KeyPair;
import io.hyperbee.replication.noise.HandshakeResult;
import io.hyperbee.replication.noise.NoiseException;
import io.hyperbee.replication.noise.NoiseXX;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One side of a secret-stream ({@code @hyperswarm/secret-stream} 6.9.2), as pure bytes-in /
 * bytes-out state with no I/O and no threads: the Noise XX handshake, the 56-byte header
 * exchange, then {@code crypto_secretstream_xchacha20poly1305} frames, all uint24-framed.
 *
 * <p>Size rules (spec 4.6): handshake frames at most 65,535 bytes, the header exactly 56 bytes
 * and before any data frame, data frames 17..2^24−1 bytes. Anything invalid throws
 * {@link SecretStreamException} and kills the session: later calls throw too, and nothing from
 * the failing input is returned. Not thread-safe: one owner drives it.
 */
public final class SecretStreamSession {
  /** The largest message: its frame (message + 17) must fit a uint24. */
  public static final int MAX_MESSAGE = FrameDecoder.MAX_FRAME - SecretStreamState.OVERHEAD;

  private static final FrameDecoder.Rule HANDSHAKE_FRAME =
      new FrameDecoder.Rule("handshake", 0, 65535);
  private static final FrameDecoder.Rule HEADER_FRAME =
      new FrameDecoder.Rule("stream header (expected before any data)", StreamHeader.LENGTH, StreamHeader.LENGTH);
  private static final FrameDecoder.Rule DATA_FRAME =
      new FrameDecoder.Rule("encrypted data", SecretStreamState.OVERHEAD, FrameDecoder.MAX_FRAME);
  private static final SecureRandom RANDOM = new SecureRandom();

  private enum Phase { HANDSHAKE, AWAIT_HEADER, DATA }

  private final boolean initiator;
  private final byte[] publicKey;
  private final NoiseXX noise;
  private final FrameDecoder decoder = new FrameDecoder();
  private Phase phase = Phase.HANDSHAKE;
  private boolean started;
  private String deadReason;
  private boolean inputEnded;
  private HandshakeResult handshake;
  private SecretStreamState push;
  private SecretStreamState pull;
  private byte[] ourHeaderFrame;
  private final byte[] fixedHeader; // null: a random secretstream header, as libsodium makes

  private SecretStreamSession(boolean initiator, byte[] publicKey, NoiseXX noise, byte[] fixedHeader) {
    this.initiator = initiator;
    this.publicKey = publicKey;
    this.noise = noise;
    this.fixedHeader = fixedHeader;
  }

  public static SecretStreamSession initiator(KeyPair staticKeys) {
    return new SecretStreamSession(true, staticKeys.publicKey(), NoiseXX.initiator(staticKeys), null);
  }

  public static SecretStreamSession responder(KeyPair staticKeys) {
    return new SecretStreamSession(false, staticKeys.publicKey(), NoiseXX.responder(staticKeys), null);
  }

  /** A session with fixed ephemeral keys and header, to reproduce recorded transcripts. */
  static SecretStreamSession reproducing(NoiseXX noise, byte[] publicKey, byte[] header) {
    return new SecretStreamSession(noise.isInitiator(), publicKey, noise, header.clone());
  }

  /**
   * A session from keys a finished handshake handed over (secret-stream's {@code handshake}
   * option, as the DHT uses it): no Noise, straight to the header exchange. {@link #start()}
   * returns our header frame.
   */
  public static SecretStreamSession fromHandshake(boolean initiator, HandshakeResult finished) {
    SecretStreamSession s = new SecretStreamSession(initiator, finished.publicKey(), null, null);
    s.establish(finished);
    return s;
  }

  /** Bytes to write first: the initiator's first handshake frame, our header after {@link #fromHandshake}, else empty. */
  public byte[] start() {
    if (started) {
      throw new IllegalStateException("start() was already called");
    }
    started = true;
    if (noise == null) {
      return ourHeaderFrame;
    }
    if (!initiator) {
      return new byte[0];
    }
    try {
      return FrameDecoder.frame(noise.send());
    } catch (NoiseException e) {
      // message 1 is our ephemeral key alone: no DH, no cipher, nothing that can fail
      throw new IllegalStateException("Noise message 1 failed: " + e.getMessage(), e);
    }
  }

  /** Feeds raw bytes from the wire, any split. See the class comment for what fails. */
  public Received receive(ByteBuffer raw) throws SecretStreamException {
    checkAlive();
    if (!started) {
      throw new IllegalStateException("call start() (and write what it returns) before receive()");
    }
    if (inputEnded) {
      throw new IllegalStateException("receive() after endOfInput()");
    }
    List<byte[]> toWrite = new ArrayList<>();
    List<byte[]> messages = new ArrayList<>();
    try {
      byte[] frame;
      while ((frame = decoder.next(raw, rule())) != null) {
        switch (phase) {
          case HANDSHAKE -> onHandshakeMessage(frame, toWrite);
          case AWAIT_HEADER -> {
            byte[] header = StreamHeader.decode(frame, handshake.hash(), !initiator);
            pull = new SecretStreamState(handshake.rx(), header);
            phase = Phase.DATA;
          }
          case DATA -> {
            byte[] message = new byte[frame.length - SecretStreamState.OVERHEAD];
            pull.pull(frame, 0, frame.length, message, 0);
            if (message.length > 0) {
              messages.add(message);
            }
          }
        }
      }
    } catch (SecretStreamException e) {
      throw die(e.getMessage(), e);
    } catch (NoiseException e) {
      throw die("Noise handshake failed: " + e.getMessage(), e);
    }
    return new Received(toWrite, messages);
  }

  /**
   * The peer closed its side of the byte stream. A clean end is one between frames after the
   * stream was set up; ending inside a frame (a truncated frame) or before the handshake and
   * header completed throws and kills the session; after a clean end we may still encrypt.
   */
  public void endOfInput() throws SecretStreamException {
    checkAlive();
    if (decoder.isMidFrame()) {
      throw die("stream ended inside a frame (truncated frame)", null);
    }
    if (phase != Phase.DATA) {
      throw die("stream ended before the secret-stream was set up (" + phase.name().toLowerCase(Locale.ROOT)
          .replace('_', ' ') + ")", null);
    }
    inputEnded = true; // our direction stays open: the peer may half-close
  }

  /** One uint24-framed encrypted frame for {@code message} (consumed). */
  public byte[] encrypt(ByteBuffer message) throws SecretStreamException {
    checkAlive();
    if (!isEstablished()) {
      throw new IllegalStateException("secret-stream not established yet: queue messages until isEstablished()");
    }
    int mlen = message.remaining();
    if (mlen > MAX_MESSAGE) {
      throw new SecretStreamException("Message is too large for an atomic write: " + mlen
          + " bytes, at most " + MAX_MESSAGE);
    }
    byte[] out = new byte[FrameDecoder.PREFIX + mlen + SecretStreamState.OVERHEAD];
    FrameDecoder.writePrefix(mlen + SecretStreamState.OVERHEAD, out);
    push.push(SecretStreamState.TAG_MESSAGE, message, out, FrameDecoder.PREFIX);
    return out;
  }

  /** An encrypted empty frame; the peer (keep-alive enabled) drops it. Only once established and alive. */
  public byte[] keepAlive() {
    try {
      return encrypt(ByteBuffer.allocate(0));
    } catch (SecretStreamException e) {
      throw new IllegalStateException("no keep-alive on a failed secret-stream: " + e.getMessage(), e);
    }
  }

  /** Handshake done and our header handed out (the peer's header may still be on its way). */
  public boolean isEstablished() {
    return handshake != null && (noise != null || started);
  }

  /** The peer's header has arrived: data frames can be decrypted. */
  public boolean canReceiveData() {
    return phase == Phase.DATA;
  }

  public byte[] handshakeHash() {
    return established().hash();
  }

  public byte[] remotePublicKey() {
    return established().remotePublicKey();
  }

  public byte[] publicKey() {
    return publicKey.clone();
  }

  public boolean isInitiator() {
    return initiator;
  }

  private void onHandshakeMessage(byte[] frame, List<byte[]> toWrite) throws NoiseException {
    noise.receive(frame);
    if (!noise.isComplete()) {
      toWrite.add(FrameDecoder.frame(noise.send()));
    }
    if (noise.isComplete()) {
      establish(noise.result());
      toWrite.add(ourHeaderFrame);
    }
  }

  private void establish(HandshakeResult finished) {
    handshake = finished;
    byte[] header = fixedHeader;
    if (header == null) {
      header = new byte[SecretStreamState.HEADER_LENGTH];
      RANDOM.nextBytes(header);
    }
    push = new SecretStreamState(finished.tx(), header);
    ourHeaderFrame = FrameDecoder.frame(StreamHeader.encode(finished.hash(), initiator, header));
    phase = Phase.AWAIT_HEADER;
  }

  private FrameDecoder.Rule rule() {
    return switch (phase) {
      case HANDSHAKE -> HANDSHAKE_FRAME;
      case AWAIT_HEADER -> HEADER_FRAME;
      case DATA -> DATA_FRAME;
    };
  }

  private HandshakeResult established() {
    if (handshake == null) {
      throw new IllegalStateException("handshake not complete");
    }
    return handshake;
  }

  private void checkAlive() throws SecretStreamException {
    if (deadReason != null) {
      throw new SecretStreamException("secret-stream is closed after an earlier error: " + deadReason);
    }
  }

  private SecretStreamException die(String reason, Throwable cause) {
    deadReason = reason;
    if (cause instanceof SecretStreamException sse && reason.equals(sse.getMessage())) {
      return sse;
    }
    return cause == null ? new SecretStreamException(reason) : new SecretStreamException(reason, cause);
  }
}
