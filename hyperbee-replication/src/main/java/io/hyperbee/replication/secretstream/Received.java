package io.hyperbee.replication.secretstream;

import java.util.List;

/**
 * What one {@link SecretStreamSession#receive} produced: frames to write back to the peer
 * (handshake replies, our stream header; already uint24-framed) and the decrypted messages, in
 * order, keep-alives left out. Both lists are unmodifiable.
 */
public record Received(List<byte[]> toWrite, List<byte[]> messages) {
  public Received {
    toWrite = List.copyOf(toWrite);
    messages = List.copyOf(messages);
  }
}
