package io.hyperbee.replication.protomux;

import static java.util.Objects.requireNonNull;

import io.hyperbee.HyperbeeException;
import io.hyperbee.encoding.Decoder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Channels multiplexed over one message stream, exactly as JS protomux 3.12.1 (spec section 5):
 * the same frames, batches, id allocation and pairing, so a JS peer cannot tell the difference.
 * Pure: frames come in through {@link #receive} and go out through the {@link FrameSink}; the
 * {@code net} package drives it over a secret-stream.
 *
 * <p>Thread-safe: every operation and every callback runs under the mux's lock, like JS's single
 * thread. Differences from JS, all for inputs or calls JS never produces itself: the pair handler
 * must create its channel before it returns (JS awaits a promise); a channel created for a
 * pending remote open is paired when its {@link Channel#open} is sent (JS: on the next tick); a
 * batch inside a batch and sending before {@code open()} are refused; non-minimal varints and
 * invalid UTF-8 protocol names are refused (JS decodes them leniently). A channel created and not
 * yet opened keeps its (protocol, id) record: JS creates and opens in one tick, but here another
 * thread may open it later, and a peer's open rejected meanwhile must not orphan it (its own open
 * could then never pair).
 */
public final class Protomux {
  /** Told when the peer opens a (protocol, id) nobody created here yet; may create it. */
  @FunctionalInterface
  public interface PairHandler {
    /**
     * Create the channel now, on this call's stack, to accept (open it now or later: the peer's
     * messages wait until it is open); a peer open nobody created a channel for is rejected.
     */
    void onPeerOpen(byte[] id);
  }

  /** What both sides know about one (protocol, id): JS's {@code info}. */
  static final class Pairing {
    final String key;
    final List<String> aliasKeys = new ArrayList<>();
    int opened;
    /** Channels created here and neither opened nor closed yet: they keep the record alive. */
    int created;
    int pairing;
    final ArrayDeque<Long> incoming = new ArrayDeque<>();
    final ArrayDeque<Integer> outgoing = new ArrayDeque<>();
    Channel lastChannel;

    Pairing(String key) {
      this.key = key;
    }
  }

  /** The peer's side of a channel it opened: its handshake until paired, messages that wait. */
  static final class Remote {
    byte[] handshake;
    List<Pending> pending;
    Channel session;

    Remote(byte[] handshake, List<Pending> pending) {
      this.handshake = handshake;
      this.pending = pending;
    }
  }

  record Pending(long type, byte[] payload) {}

  private final FrameSink out;
  private final List<Channel> local = new ArrayList<>();
  private final ArrayDeque<Integer> free = new ArrayDeque<>();
  private final List<Remote> remote = new ArrayList<>();
  private final Map<String, Pairing> pairings = new HashMap<>();
  private final Map<String, PairHandler> handlers = new HashMap<>();
  private int corked;
  private Batch batch;
  private boolean destroyed;
  private Throwable destroyReason;

  public Protomux(FrameSink out) {
    this.out = requireNonNull(out, "out is null");
  }

  /**
   * A new channel, not yet open (call {@link Channel#open}). Null if the mux is destroyed, or if
   * {@code unique} and a channel of this (protocol, id) is open, or if the peer's pending open it
   * would pair with was closed, as in JS.
   */
  public synchronized Channel createChannel(ChannelOptions options) {
    requireNonNull(options, "options is null");
    if (destroyed) {
      return null;
    }
    Pairing info = pairing(options.protocol, options.id, options.aliases);
    if (options.unique && info.opened > 0) {
      return null;
    }
    Channel channel = new Channel(this, info, options);
    if (!info.incoming.isEmpty()) {
      long remoteId = info.incoming.removeFirst();
      if (remote.get((int) remoteId - 1) == null) {
        return null;
      }
      channel.remoteId = remoteId;
    }
    info.created++;
    return channel;
  }

  /** Calls {@code handler} when the peer opens (protocol, id); a null id matches any id. */
  public synchronized void pair(String protocol, byte[] id, PairHandler handler) {
    handlers.put(key(protocol, id), requireNonNull(handler, "handler is null"));
  }

  public synchronized void unpair(String protocol, byte[] id) {
    handlers.remove(key(protocol, id));
  }

  /** Whether a channel of (protocol, id) is open on this side. */
  public synchronized boolean opened(String protocol, byte[] id) {
    Pairing info = pairings.get(key(protocol, id));
    return info != null && info.opened > 0;
  }

  /** From now until the matching {@link #uncork}, frames are collected into one batch frame. */
  public synchronized void cork() {
    if (++corked == 1) {
      batch = new Batch();
    }
  }

  public synchronized void uncork() {
    if (corked == 0) {
      throw new IllegalStateException("uncork without cork");
    }
    if (--corked == 0) {
      Batch b = batch;
      batch = null;
      flush(b);
    }
  }

  public synchronized boolean isDestroyed() {
    return destroyed;
  }

  /** Why the mux was destroyed (null while it is not, or if closed without an error). */
  public synchronized Throwable destroyReason() {
    return destroyReason;
  }

  /** The stream ended: every channel closes as if the peer closed it (onClose(true, …)). */
  public synchronized void destroy(Throwable reason) {
    if (destroyed) {
      return;
    }
    destroyed = true;
    destroyReason = reason;
    for (Channel c : new ArrayList<>(local)) {
      if (c != null) {
        c.closeLocally(true);
      }
    }
  }

  /**
   * One frame from the peer (one secret-stream message). On anything JS would destroy the stream
   * for, the mux is destroyed (all channels closed) and this throws.
   */
  public synchronized void receive(byte[] frame) throws ProtomuxException {
    if (destroyed) {
      throw new ProtomuxException("protomux is destroyed", destroyReason);
    }
    if (frame.length == 0) {
      return; // empty frames are ignored, as in JS
    }
    try {
      Decoder d = new Decoder(frame);
      dispatch(d.uint(), d, frame, false);
    } catch (ProtomuxException e) {
      destroy(e);
      throw e;
    } catch (HyperbeeException e) {
      ProtomuxException p = new ProtomuxException("malformed protomux frame: " + e.getMessage(), e);
      destroy(p);
      throw p;
    } catch (RuntimeException e) {
      ProtomuxException p = new ProtomuxException("channel callback or decoder failed: " + e, e);
      destroy(p);
      throw p;
    }
  }

  private void dispatch(long remoteId, Decoder d, byte[] frame, boolean inBatch)
      throws ProtomuxException {
    long type = d.uint();
    if (remoteId == 0) {
      control(type, d, frame, inBatch);
      return;
    }
    Remote r = remoteId <= remote.size() ? remote.get((int) (remoteId - 1)) : null;
    if (r == null) {
      return; // a closed channel: ignored, it may be a message sent before the close arrived
    }
    byte[] payload = d.raw();
    if (r.pending != null) {
      r.pending.add(new Pending(type, payload));
      return;
    }
    r.session.receive(type, payload);
  }

  private void control(long type, Decoder d, byte[] frame, boolean inBatch)
      throws ProtomuxException {
    switch ((int) Math.min(type, Integer.MAX_VALUE)) {
      case Frames.BATCH -> {
        if (inBatch) {
          throw new ProtomuxException("batch inside a batch (JS never sends one)");
        }
        onBatch(d, frame);
      }
      case Frames.OPEN -> onOpen(d);
      case Frames.REJECT -> onReject(d.uint());
      case Frames.CLOSE -> onClose(d.uint());
      default -> {} // unknown control types are ignored, as in JS
    }
  }

  private void onBatch(Decoder d, byte[] frame) throws ProtomuxException {
    int end = frame.length;
    long channelId = d.uint();
    boolean corkedHere = false;
    try {
      while (d.hasRemaining()) {
        long len = d.uint();
        if (len == 0) {
          channelId = d.uint();
          continue;
        }
        int start = d.position();
        // JS clamps an item that claims more than the frame holds to the frame's end
        int itemEnd = (int) Math.min(start + len, end);
        if (itemEnd != end && !corkedHere) {
          corkedHere = true; // several items: answer them in one batch, as JS does
          cork();
        }
        dispatch(channelId, new Decoder(frame, start, itemEnd), frame, true);
        if (destroyed) {
          return;
        }
        d = new Decoder(frame, itemEnd, end);
      }
    } finally {
      if (corkedHere && !destroyed) {
        uncork();
      }
    }
  }

  private void onOpen(Decoder d) throws ProtomuxException {
    long remoteId = d.uint();
    String protocol = d.string();
    byte[] id = d.optionalBuffer();
    byte[] handshake = d.raw();
    if (remoteId == 0) {
      write0(Frames.reject(0)); // the control channel cannot be opened
      return;
    }
    long rid = remoteId - 1;
    // ids are dense: the peer may grow them by one, and only into a free slot
    if (remote.size() == rid) {
      remote.add(null);
    }
    if (rid >= remote.size() || remote.get((int) rid) != null) {
      throw new ProtomuxException("Invalid open message: channel id " + remoteId
          + " is not free (highest seen " + remote.size() + ")");
    }
    Pairing info = pairing(protocol, id, List.of());
    if (!info.outgoing.isEmpty()) {
      int localId = info.outgoing.removeFirst();
      Channel session = local.get(localId - 1);
      if (session == null) {
        free.push(localId - 1); // we closed it before the peer's open arrived
        return;
      }
      Remote r = new Remote(handshake, null);
      remote.set((int) rid, r);
      session.remoteId = remoteId;
      session.fullyOpen(r);
      return;
    }
    remote.set((int) rid, new Remote(handshake, new ArrayList<>()));
    info.pairing++;
    info.incoming.addLast(remoteId);
    requestSession(id, info, key(protocol, id), key(protocol, null));
  }

  private void requestSession(byte[] id, Pairing info, String exact, String anyId) {
    PairHandler handler = handlers.getOrDefault(exact, handlers.get(anyId));
    if (handler != null) {
      handler.onPeerOpen(id == null ? null : id.clone());
    }
    if (--info.pairing > 0) {
      return;
    }
    while (!info.incoming.isEmpty()) {
      rejectSession(info.incoming.removeFirst());
    }
    gc(info);
  }

  private void rejectSession(long remoteId) {
    remote.set((int) remoteId - 1, null);
    write0(Frames.reject(remoteId));
  }

  private void onReject(long localId) throws ProtomuxException {
    for (Pairing info : new ArrayList<>(pairings.values())) {
      if (!info.outgoing.removeFirstOccurrence((int) Math.min(localId, Integer.MAX_VALUE))) {
        continue;
      }
      Channel session = local.get((int) localId - 1);
      free.push((int) localId - 1);
      if (session != null) {
        session.closeLocally(true);
      }
      gc(info);
      return;
    }
    throw new ProtomuxException("Invalid reject message: channel " + localId + " was not opening");
  }

  private void onClose(long remoteId) {
    if (remoteId == 0 || remoteId > remote.size()) {
      return;
    }
    Remote r = remote.get((int) remoteId - 1);
    if (r != null && r.session != null) {
      r.session.closeLocally(true);
    }
  }

  // ---- used by Channel, under the lock ----

  int allocateLocalId(Channel channel) {
    int index;
    if (!free.isEmpty()) {
      index = free.pop();
      local.set(index, channel);
    } else {
      index = local.size();
      local.add(channel);
    }
    return index + 1;
  }

  /** A closing channel gives back its slots; its local id is reusable once the peer paired it. */
  void release(Channel channel) {
    if (channel.remoteId > 0) {
      remote.set((int) channel.remoteId - 1, null);
      if (channel.localId > 0) {
        free.push(channel.localId - 1);
      }
    }
    if (channel.localId > 0) {
      local.set(channel.localId - 1, null);
    }
  }

  void fullyOpenSoon(Channel channel) {
    Remote r = remote.get((int) channel.remoteId - 1);
    r.session = channel;
    channel.fullyOpen(r);
  }

  void gc(Pairing info) {
    if (info.opened == 0 && info.created == 0 && info.outgoing.isEmpty() && info.incoming.isEmpty()) {
      pairings.remove(info.key);
      info.aliasKeys.forEach(pairings::remove);
    }
  }

  /** A control frame (it starts with channel 0): into the batch without that 0 when corked. */
  void write0(byte[] frame) {
    if (batch != null) {
      push(0, java.util.Arrays.copyOfRange(frame, 1, frame.length));
    } else {
      out.write(frame);
    }
  }

  boolean writeMessage(int localId, int type, byte[] payload) {
    if (batch != null) {
      push(localId, Frames.batchItem(type, payload));
    } else {
      out.write(Frames.message(localId, type, payload));
    }
    return true;
  }

  private void push(int channel, byte[] item) {
    if (batch.isFull()) {
      flush(batch);
      batch = new Batch();
    }
    batch.add(channel, item);
  }

  private void flush(Batch b) {
    if (!b.isEmpty()) {
      out.write(b.encode());
    }
  }

  private Pairing pairing(String protocol, byte[] id, List<String> aliases) {
    String key = key(protocol, id);
    Pairing info = pairings.get(key);
    if (info != null) {
      return info;
    }
    info = new Pairing(key);
    pairings.put(key, info);
    for (String alias : aliases) {
      String aliasKey = key(alias, id);
      info.aliasKeys.add(aliasKey);
      pairings.put(aliasKey, info);
    }
    return info;
  }

  private static String key(String protocol, byte[] id) {
    requireNonNull(protocol, "protocol is null");
    return protocol + "##" + (id == null ? "" : HexFormat.of().formatHex(id));
  }
}
