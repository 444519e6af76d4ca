package io.hyperbee.replication.replicator;

import io.hyperbee.replication.wire.WireCodec;
import io.hyperbee.replication.wire.WireMessage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A peer a test scripts, attached straight to a replicator (no transport, opened with a valid
 * capability): the test hands the replicator its messages and reads what the replicator sent back.
 */
final class ScriptedPeer implements WireChannel {
  /** The replicator's view of this peer. */
  final Peer peer;
  /** Types of the messages the replicator sent, in order. */
  final List<Integer> sent = new CopyOnWriteArrayList<>();
  private final List<byte[]> payloads = new CopyOnWriteArrayList<>();

  private ScriptedPeer(Replicator replicator) {
    peer = replicator.attach(this, false, new byte[64]);
    peer.onOpen(replicator.handshake(true, new byte[64]).encode());
  }

  static ScriptedPeer open(Replicator replicator) {
    return new ScriptedPeer(replicator);
  }

  void receive(WireMessage m) {
    receive(m.type(), WireCodec.encode(m));
  }

  /** Any bytes as a message of {@code type}. */
  void receive(int type, byte[] payload) {
    peer.onMessage(type, ByteBuffer.wrap(payload));
  }

  /** The messages of {@code type} the replicator sent, decoded. */
  <T extends WireMessage> List<T> sent(int type, Class<T> kind) {
    List<T> out = new ArrayList<>();
    for (int i = 0; i < sent.size(); i++) {
      if (sent.get(i) == type) {
        out.add(kind.cast(WireCodec.decode(type, payloads.get(i))));
      }
    }
    return out;
  }

  /** Forgets what was sent so far. */
  void clear() {
    sent.clear();
    payloads.clear();
  }

  @Override
  public void send(int type, byte[] payload) {
    payloads.add(payload); // before the type: sent() reads types first
    sent.add(type);
  }

  @Override
  public void close(String reason) {}
}
