package io.hyperbee.replication.secretstream;

import io.hyperbee.crypto.KeyPair;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Two sessions wired back to back in memory; bytes cross in random splits when given a Random. */
final class SessionPair {
  final SecretStreamSession initiator;
  final SecretStreamSession responder;
  final List<byte[]> toInitiator = new ArrayList<>();
  final List<byte[]> toResponder = new ArrayList<>();
  final List<byte[]> atInitiator = new ArrayList<>();
  final List<byte[]> atResponder = new ArrayList<>();
  private final Random splits;

  SessionPair(Random splits) {
    this(SecretStreamSession.initiator(KeyPair.random()), SecretStreamSession.responder(KeyPair.random()), splits);
  }

  SessionPair(SecretStreamSession initiator, SecretStreamSession responder, Random splits) {
    this.initiator = initiator;
    this.responder = responder;
    this.splits = splits;
  }

  /** Runs both starts and delivers everything until neither side has anything to send. */
  SessionPair connect() throws SecretStreamException {
    toResponder.add(initiator.start());
    toInitiator.add(responder.start());
    pump();
    return this;
  }

  void pump() throws SecretStreamException {
    while (!toInitiator.isEmpty() || !toResponder.isEmpty()) {
      deliver(toResponder, responder, toInitiator, atResponder);
      deliver(toInitiator, initiator, toResponder, atInitiator);
    }
  }

  private void deliver(List<byte[]> queue, SecretStreamSession to, List<byte[]> replies, List<byte[]> got)
      throws SecretStreamException {
    byte[] all = concat(queue);
    queue.clear();
    int at = 0;
    while (at < all.length) {
      int n = splits == null ? all.length - at : 1 + splits.nextInt(Math.min(all.length - at, 97));
      Received r = to.receive(ByteBuffer.wrap(all, at, n));
      replies.addAll(r.toWrite());
      got.addAll(r.messages());
      at += n;
    }
  }

  static byte[] concat(List<byte[]> parts) {
    return com.google.common.primitives.Bytes.concat(parts.toArray(byte[][]::new));
  }

}
