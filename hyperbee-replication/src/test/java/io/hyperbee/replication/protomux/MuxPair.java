package io.hyperbee.replication.protomux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Two Java muxes joined in memory, as interop/protomux-vectors.js joins two JS ones: every frame
 * is recorded per direction and delivered on {@link #settle}; channels made by {@link #channel}
 * log their callbacks in the script's format. Side b accepts every "test" channel the peer opens,
 * with handshake "b-" + id.
 */
final class MuxPair {
  final List<byte[]> aToB = new ArrayList<>();
  final List<byte[]> bToA = new ArrayList<>();
  final List<String> events = new ArrayList<>();
  final List<Channel> accepted = new ArrayList<>();
  private final Map<Channel, List<Message<byte[]>>> messages = new HashMap<>();
  private final ArrayDeque<byte[]> toB = new ArrayDeque<>();
  private final ArrayDeque<byte[]> toA = new ArrayDeque<>();
  final Protomux a;
  final Protomux b;

  MuxPair() {
    a = new Protomux(f -> record(aToB, toB, f));
    b = new Protomux(f -> record(bToA, toA, f));
    b.pair("test", null, id -> {
      Channel ch = channel("b", b, "test", id, 2);
      ch.open(concat("b-".getBytes(StandardCharsets.UTF_8), id == null ? new byte[0] : id));
      accepted.add(ch);
    });
  }

  private static void record(List<byte[]> log, ArrayDeque<byte[]> queue, byte[] frame) {
    log.add(frame.clone());
    queue.add(frame.clone());
  }

  /** Delivers every frame in flight, both ways, until none is left. */
  void settle() {
    try {
      while (!toA.isEmpty() || !toB.isEmpty()) {
        if (!toB.isEmpty()) {
          b.receive(toB.poll());
        } else {
          a.receive(toA.poll());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A channel with {@code types} raw message types that logs what it sees. */
  Channel channel(String side, Protomux mux, String protocol, byte[] id, int types) {
    Channel ch = mux.createChannel(ChannelOptions.of(protocol, id)
        .onOpen((hs, c) -> events.add(side + " open " + describe(c) + " hs=" + hex(hs)))
        .onClose((remote, c) -> events.add(side + " close " + describe(c) + " remote=" + remote))
        .onDestroy(c -> events.add(side + " destroy " + describe(c))));
    List<Message<byte[]>> list = new ArrayList<>();
    messages.put(ch, list);
    for (int t = 0; t < types; t++) {
      int type = t;
      list.add(ch.addMessage(MessageEncoding.RAW, (m, c) ->
          events.add(side + " message " + describe(c) + " type=" + type + " " + describeBytes(m))));
    }
    return ch;
  }

  /** The channel's message type {@code type}, as the script's {@code ch.messages[type]}. */
  Message<byte[]> message(Channel ch, int type) {
    return messages.get(ch).get(type);
  }

  static byte[] payload(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + seed);
    }
    return b;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String describe(Channel c) {
    return c.protocol() + "/" + (c.id() == null ? "" : hex(c.id()));
  }

  private static String describeBytes(byte[] m) {
    return m.length <= 64 ? hex(m) : m.length + ":" + sha256(m);
  }

  static String sha256(byte[] b) {
    try {
      return hex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  private static byte[] concat(byte[] x, byte[] y) {
    byte[] out = new byte[x.length + y.length];
    System.arraycopy(x, 0, out, 0, x.length);
    System.arraycopy(y, 0, out, x.length, y.length);
    return out;
  }
}
