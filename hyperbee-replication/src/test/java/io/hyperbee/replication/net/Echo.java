package io.hyperbee.replication.net;

import io.hyperbee.replication.protomux.Channel;
import io.hyperbee.replication.protomux.ChannelOptions;
import io.hyperbee.replication.protomux.Message;
import io.hyperbee.replication.protomux.MessageEncoding;
import io.hyperbee.replication.protomux.Protomux;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The test protocol "echo": message type 0 carries raw bytes; the accepting side sends every
 * message back. What a side's channel sees goes into {@link #events} and {@link #received}.
 */
final class Echo {
  static final String PROTOCOL = "echo";
  static final long WAIT_SECONDS = 30;

  final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
  private volatile Channel lastChannel;

  /** Accepts every "echo" channel the peer opens and echoes its messages. */
  void accept(Protomux mux) {
    mux.pair(PROTOCOL, null, id -> {
      Channel ch = mux.createChannel(options(id));
      Message<byte[]>[] self = newArray();
      self[0] = ch.addMessage(MessageEncoding.RAW, (m, c) -> {
        received.add(m);
        self[0].send(m);
      });
      ch.open(null);
    });
  }

  /** Opens an "echo" channel with the given id; its messages land in {@link #received}. */
  Message<byte[]> open(Protomux mux, byte[] id) {
    Channel ch = mux.createChannel(options(id));
    Message<byte[]> m = ch.addMessage(MessageEncoding.RAW, (v, c) -> received.add(v));
    ch.open(null);
    lastChannel = ch;
    return m;
  }

  /** The channel the last {@link #open} made. */
  Channel lastChannel() {
    return lastChannel;
  }

  String nextEvent() throws InterruptedException {
    String e = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    if (e == null) {
      throw new AssertionError("no channel event within " + WAIT_SECONDS + " s");
    }
    return e;
  }

  byte[] nextMessage() throws InterruptedException {
    byte[] m = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    if (m == null) {
      throw new AssertionError("no message within " + WAIT_SECONDS + " s");
    }
    return m;
  }

  private ChannelOptions options(byte[] id) {
    String name = id == null ? "" : new String(id, java.nio.charset.StandardCharsets.UTF_8);
    return ChannelOptions.of(PROTOCOL, id)
        .onOpen((hs, c) -> events.add("open " + name))
        .onClose((remote, c) -> events.add("close " + name + (remote ? " by peer" : "")));
  }

  @SuppressWarnings("unchecked")
  private static Message<byte[]>[] newArray() {
    return new Message[1];
  }
}
