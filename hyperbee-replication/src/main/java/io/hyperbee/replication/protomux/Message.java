package io.hyperbee.replication.protomux;

import java.util.function.BiConsumer;

/**
 * One message type of a {@link Channel} (types are numbered in the order they were added, from
 * 0, on both sides). Received messages of this type go to the handler; {@link #send} writes one.
 */
public final class Message<T> {
  private final Channel channel;
  private final int type;
  private final MessageEncoding<T> encoding;
  private final BiConsumer<T, Channel> onMessage;

  Message(Channel channel, int type, MessageEncoding<T> encoding, BiConsumer<T, Channel> onMessage) {
    this.channel = channel;
    this.type = type;
    this.encoding = encoding;
    this.onMessage = onMessage;
  }

  public int type() {
    return type;
  }

  /**
   * Sends one message on the channel (in the mux's batch while corked). False if the channel is
   * closed, as in JS. Messages sent before the peer opened its side are dropped by the peer, as in
   * JS: wait for {@code onOpen} before sending.
   *
   * @throws IllegalStateException if the channel was never opened (JS would write it as a
   *     control message on channel 0)
   */
  public boolean send(T value) {
    return channel.send(type, encoding.encode(value));
  }

  void receive(byte[] payload) {
    onMessage.accept(encoding.decode(payload), channel);
  }
}
