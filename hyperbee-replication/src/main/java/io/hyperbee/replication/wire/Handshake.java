package io.hyperbee.replication.wire;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.encoding.Decoder;
import io.hyperbee.encoding.Encoder;
import java.util.Arrays;

/**
 * The {@code hypercore/alpha} channel's open payload: {@code uint flags (bit0 seeks) || fixed32
 * capability}. The capability proves the sender knows the core key ({@code Capability}).
 */
public record Handshake(boolean seeks, byte[] capability) {
  public Handshake {
    if (capability == null || capability.length != 32) {
      throw new IllegalArgumentException("capability must be 32 bytes");
    }
    capability = capability.clone();
  }

  @Override
  public byte[] capability() {
    return capability.clone();
  }

  public byte[] encode() {
    return new Encoder(34).uint(seeks ? 1 : 0).fixed32(capability).toByteArray();
  }

  /** Decodes an open payload; unknown flag bits are ignored, as JS does. */
  public static Handshake decode(byte[] payload) {
    try {
      Decoder d = new Decoder(payload);
      long flags = d.uint();
      byte[] capability = d.fixed32();
      d.requireEnd("handshake");
      return new Handshake((flags & 1) != 0, capability);
    } catch (HyperbeeException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new HyperbeeException(ErrorCode.DECODING_ERROR, "handshake: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Handshake h && h.seeks == seeks && Arrays.equals(h.capability, capability);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(capability);
  }
}
