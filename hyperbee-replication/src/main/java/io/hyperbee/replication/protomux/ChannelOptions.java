package io.hyperbee.replication.protomux;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * What {@link Protomux#createChannel} needs, as JS's {@code createChannel({protocol, aliases, id,
 * unique, onopen, onclose, ondestroy})}. The handshake is raw bytes here (the rest of the peer's
 * open frame, empty if it sent none): the layer on top encodes its own, as hypercore does.
 */
public final class ChannelOptions {
  /** Called once the peer opened the same (protocol, id): its handshake bytes and the channel. */
  @FunctionalInterface
  public interface OnOpen {
    void opened(byte[] remoteHandshake, Channel channel);
  }

  final String protocol;
  final byte[] id;
  final List<String> aliases = new ArrayList<>();
  boolean unique = true;
  OnOpen onOpen = (handshake, channel) -> {};
  BiConsumer<Boolean, Channel> onClose = (remote, channel) -> {};
  Consumer<Channel> onDestroy = channel -> {};

  private ChannelOptions(String protocol, byte[] id) {
    this.protocol = requireNonNull(protocol, "protocol is null");
    this.id = id == null || id.length == 0 ? null : id.clone();
  }

  /** A channel of {@code protocol} with the given id (null or empty: no id). */
  public static ChannelOptions of(String protocol, byte[] id) {
    return new ChannelOptions(protocol, id);
  }

  /** Other protocol names the peer may open this channel under (hypercore: "hypercore"). */
  public ChannelOptions alias(String alias) {
    aliases.add(requireNonNull(alias, "alias is null"));
    return this;
  }

  /** False allows several open channels of one (protocol, id); JS's default is true. */
  public ChannelOptions unique(boolean unique) {
    this.unique = unique;
    return this;
  }

  public ChannelOptions onOpen(OnOpen onOpen) {
    this.onOpen = requireNonNull(onOpen, "onOpen is null");
    return this;
  }

  /** Called once when the channel closes: true if the peer closed it (or the stream ended). */
  public ChannelOptions onClose(BiConsumer<Boolean, Channel> onClose) {
    this.onClose = requireNonNull(onClose, "onClose is null");
    return this;
  }

  /** Called once after the close, when the channel is gone for good. */
  public ChannelOptions onDestroy(Consumer<Channel> onDestroy) {
    this.onDestroy = requireNonNull(onDestroy, "onDestroy is null");
    return this;
  }
}
