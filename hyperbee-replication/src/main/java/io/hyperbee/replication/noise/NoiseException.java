package io.hyperbee.replication.noise;

/** A Noise handshake step that failed: a refused DH point, a MAC mismatch, a short or oversized message. */
public final class NoiseException extends Exception {
  public NoiseException(String reason) {
    super(reason);
  }

  public NoiseException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
