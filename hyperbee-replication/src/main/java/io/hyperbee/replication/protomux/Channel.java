package io.hyperbee.replication.protomux;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * One protomux channel: a (protocol, id) both sides opened. Lifecycle as in JS: {@link #open}
 * sends our open; when the peer's open for the same (protocol, id) arrives (or already had
 * arrived) the channel is paired and {@code onOpen} runs; {@link #close} (or the peer's close, or
 * the end of the stream) runs {@code onClose} then {@code onDestroy}. A closed channel is done: to
 * reopen, create a new channel on the mux. All methods lock the mux.
 */
public final class Channel {
  private final Protomux mux;
  private final Protomux.Pairing pairing;
  private final ChannelOptions options;
  private final List<Message<?>> messages = new ArrayList<>();

  int localId;
  long remoteId;
  private boolean openSent;
  private boolean opened;
  private boolean closed;
  private boolean destroyed;

  Channel(Protomux mux, Protomux.Pairing pairing, ChannelOptions options) {
    this.mux = mux;
    this.pairing = pairing;
    this.options = options;
  }

  public String protocol() {
    return options.protocol;
  }

  /** The channel id (null if none). */
  public byte[] id() {
    return options.id == null ? null : options.id.clone();
  }

  public Protomux mux() {
    return mux;
  }

  /** Adds the next message type; add them in the same order as the peer does. */
  public <T> Message<T> addMessage(MessageEncoding<T> encoding, BiConsumer<T, Channel> onMessage) {
    requireNonNull(encoding, "encoding is null");
    requireNonNull(onMessage, "onMessage is null");
    synchronized (mux) {
      Message<T> m = new Message<>(this, messages.size(), encoding, onMessage);
      messages.add(m);
      return m;
    }
  }

  /** Sends our open with the given handshake bytes (null or empty: none). Once only. */
  public void open(byte[] handshake) {
    synchronized (mux) {
      if (openSent) {
        throw new IllegalStateException("channel " + protocol() + " is already open");
      }
      if (closed) {
        throw new IllegalStateException("channel " + protocol() + " is closed: create a new one");
      }
      openSent = true;
      pairing.created--;
      localId = mux.allocateLocalId(this);
      pairing.opened++;
      pairing.lastChannel = this;
      if (remoteId == 0) {
        pairing.outgoing.addLast(localId);
      }
      mux.write0(Frames.open(localId, protocol(), options.id, handshake));
      if (remoteId != 0) {
        mux.fullyOpenSoon(this);
      }
    }
  }

  /** Sends our close and closes the channel locally (onClose(false, …), onDestroy). */
  public void close() {
    synchronized (mux) {
      if (closed) {
        return;
      }
      int id = localId;
      closeLocally(false);
      if (id != 0) {
        mux.write0(Frames.close(id));
      }
    }
  }

  /** Both sides opened it and it is not closed. */
  public boolean isOpened() {
    synchronized (mux) {
      return opened && !closed;
    }
  }

  public boolean isClosed() {
    synchronized (mux) {
      return closed;
    }
  }

  public boolean isDestroyed() {
    synchronized (mux) {
      return destroyed;
    }
  }

  public void cork() {
    mux.cork();
  }

  public void uncork() {
    mux.uncork();
  }

  boolean send(int type, byte[] payload) {
    synchronized (mux) {
      if (closed) {
        return false;
      }
      if (localId == 0) {
        throw new IllegalStateException("channel " + protocol() + " sends before open()");
      }
      return mux.writeMessage(localId, type, payload);
    }
  }

  /** The peer's open arrived for this channel: pair, run onOpen, then deliver what waited. */
  void fullyOpen(Protomux.Remote remote) {
    if (opened || closed) {
      return;
    }
    remote.session = this;
    byte[] handshake = remote.handshake;
    remote.handshake = null;
    options.onOpen.opened(handshake, this);
    if (remote.pending != null) {
      List<Protomux.Pending> waiting = remote.pending;
      remote.pending = null;
      for (Protomux.Pending p : waiting) {
        receive(p.type(), p.payload());
        if (mux.isDestroyed()) {
          return;
        }
      }
    }
    opened = true;
  }

  void receive(long type, byte[] payload) {
    // unknown types are ignored, as in JS: a newer peer may speak more of the protocol
    if (type < messages.size()) {
      messages.get((int) type).receive(payload);
    }
  }

  void closeLocally(boolean isRemote) {
    if (closed) {
      return;
    }
    closed = true;
    if (openSent) {
      pairing.opened--;
    } else {
      pairing.created--;
    }
    if (pairing.lastChannel == this) {
      pairing.lastChannel = null;
    }
    mux.release(this);
    localId = 0;
    remoteId = 0;
    mux.gc(pairing);
    options.onClose.accept(isRemote, this);
    destroyed = true;
    options.onDestroy.accept(this);
  }
}
