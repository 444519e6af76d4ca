package io.hyperbee.replication.replicator;

import io.hyperbee.HyperbeeException;
import io.hyperbee.crypto.Caps;
import io.hyperbee.replication.wire.Handshake;
import io.hyperbee.replication.wire.WireCodec;
import io.hyperbee.replication.wire.WireMessage;
import io.hyperbee.replication.wire.WireMessage.Bitfield;
import io.hyperbee.replication.wire.WireMessage.Range;
import io.hyperbee.replication.wire.WireMessage.Sync;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.Set;

/**
 * One peer of one core: the channel's state (what the remote said in its syncs, what it holds,
 * what it wants) and the handlers for its messages. The transport calls {@link #onOpen},
 * {@link #onMessage} and {@link #onClose} in order from one thread; everything runs under the
 * replicator's lock. A peer that breaks the protocol is dropped with a reason.
 */
public final class Peer {
  /** JS answers a want of at most one 2^21-block segment. */
  static final long SEGMENT = 1L << 21;
  /** Blocks acquired among the newest 256 are announced to every peer, older ones only to peers that want them. */
  private static final long LAST_BLOCKS = 256;
  /** Invalid requests tolerated before the peer is dropped (JS pauses after 64). */
  private static final int MAX_INVALID_REQUESTS = 64;
  /** JS keeps at most 512 wanted ranges of a peer; past that it takes the peer to want everything. */
  static final int MAX_REMOTE_WANTS = 512;

  private final Replicator replicator;
  private final WireChannel channel;
  private final boolean initiator;
  private final byte[] handshakeHash;

  boolean remoteOpened;
  boolean removed;
  String dropReason;
  /** Dropped because a request went unanswered past the request timeout: a stall, not a lie. */
  boolean stalled;

  long remoteFork;
  long remoteLength;
  boolean remoteCanUpgrade;
  boolean remoteUploading = true;
  boolean remoteSynced;
  boolean remoteHasManifest;
  long lengthAcked;
  /** What we last told the remote in our sync. */
  boolean canUpgrade = true;
  int inflight;
  int invalidRequests;
  final RemoteBlocks blocks = new RemoteBlocks();
  final Set<Long> wantedSegments = new HashSet<>();
  final Set<Long> remoteWantedSegments = new HashSet<>();
  boolean remoteWantsAll;
  String lastExtensionSent = "";
  String lastExtensionReceived = "";

  Peer(Replicator replicator, WireChannel channel, boolean initiator, byte[] handshakeHash) {
    this.replicator = replicator;
    this.channel = channel;
    this.initiator = initiator;
    this.handshakeHash = handshakeHash.clone();
  }

  /** The reason this peer was dropped, or null while it is connected or closed normally. */
  public String dropReason() {
    synchronized (replicator.lock) {
      return dropReason;
    }
  }

  /** True when this peer was dropped for leaving a request unanswered past the request timeout. */
  public boolean stalled() {
    synchronized (replicator.lock) {
      return stalled;
    }
  }

  /** Whether the remote has sent its sync yet ({@link #remoteFork} means something only then). */
  public boolean synced() {
    synchronized (replicator.lock) {
      return remoteSynced;
    }
  }

  /** The fork the remote's last sync named. */
  public long remoteFork() {
    synchronized (replicator.lock) {
      return remoteFork;
    }
  }

  /** The remote's open payload: checks its capability, then syncs and announces what we hold. */
  public void onOpen(byte[] handshakePayload) {
    synchronized (replicator.lock) {
      if (removed) {
        return;
      }
      Handshake h;
      try {
        h = Handshake.decode(handshakePayload);
      } catch (HyperbeeException e) {
        drop("malformed handshake: " + e.getMessage());
        return;
      }
      byte[] expected = Caps.replicate(!initiator, replicator.core.key(), handshakeHash);
      if (!MessageDigest.isEqual(expected, h.capability())) {
        drop("INVALID_CAPABILITY: remote sent an invalid replication capability");
        return;
      }
      if (remoteOpened) {
        return;
      }
      remoteOpened = true;
      sendSync();
      long contig = replicator.localContiguous();
      if (contig > 0) {
        send(new Range(false, 0, contig));
      }
      replicator.addPeer(this);
    }
  }

  /** One message from the remote; types beyond this protocol's are ignored, as JS does. */
  public void onMessage(int type, ByteBuffer payload) {
    if (type < 0 || type >= WireMessage.TYPES) {
      return;
    }
    byte[] bytes = new byte[payload.remaining()];
    payload.get(bytes);
    synchronized (replicator.lock) {
      if (removed) {
        return;
      }
      if (!remoteOpened) {
        drop(WireCodec.name(type) + " message before the channel opened");
        return;
      }
      WireMessage m;
      try {
        m = WireCodec.decode(type, bytes);
      } catch (HyperbeeException e) {
        drop(e.getMessage());
        return;
      }
      try {
        dispatch(m);
      } catch (HyperbeeException e) {
        drop("while handling " + WireCodec.name(type) + ": " + e.getMessage());
      }
    }
  }

  /** The channel closed (either side); requests in flight to this peer go to other peers. */
  public void onClose() {
    synchronized (replicator.lock) {
      removed = true;
      replicator.removePeer(this);
    }
  }

  private void dispatch(WireMessage m) {
    if (m instanceof Sync s) {
      onSync(s);
    } else if (m instanceof WireMessage.Request r) {
      replicator.serve(this, r);
    } else if (m instanceof WireMessage.Cancel) {
      // requests are answered as they arrive: nothing is left to cancel
    } else if (m instanceof WireMessage.Data d) {
      replicator.onData(this, d);
    } else if (m instanceof WireMessage.NoData n) {
      replicator.onNoData(this, n);
    } else if (m instanceof WireMessage.Want w) {
      if (w.unwant()) {
        remoteWantedSegments.remove(w.start());
      } else {
        onWant(w);
      }
    } else if (m instanceof Bitfield b) {
      onBitfield(b);
    } else if (m instanceof Range r) {
      onRange(r);
    } else if (m instanceof WireMessage.Extension x) {
      String name = x.name().isEmpty() ? lastExtensionReceived : x.name();
      lastExtensionReceived = name;
      replicator.onExtension(this, name, x.message());
    }
  }

  private void onSync(Sync s) {
    boolean lengthChanged = s.length() != remoteLength;
    long localFork = replicator.core.fork();
    long localLength = replicator.core.length();
    boolean sameFork = s.fork() == localFork;
    remoteSynced = true;
    remoteFork = s.fork();
    remoteLength = s.length();
    remoteCanUpgrade = s.canUpgrade();
    remoteUploading = s.uploading();
    remoteHasManifest = s.hasManifest();
    lengthAcked = sameFork ? s.remoteLength() : 0;
    canUpgrade = !lengthChanged || !sameFork ? canUpgrade && sameFork : replicator.canUpgrade(s.length(), s.fork());
    if (sameFork && localLength > remoteLength) {
      signalUpgrade();
    }
    replicator.peerChanged(this);
  }

  /** Tells the remote our state; first re-checks whether we can upgrade it when it is behind. */
  void signalUpgrade() {
    long fork = replicator.core.fork();
    long length = replicator.core.length();
    if (fork == remoteFork && length > remoteLength && !canUpgrade) {
      canUpgrade = replicator.canUpgrade(remoteLength, remoteFork);
    }
    sendSync();
  }

  void sendSync() {
    // the signed state: a length is signed before a peer hears of it (appends defer signing)
    io.hyperbee.merkle.TreeState state = replicator.core.state();
    long fork = state.fork();
    if (fork != remoteFork) {
      canUpgrade = false;
    }
    send(new Sync(fork, state.length(), fork == remoteFork ? remoteLength : 0,
        canUpgrade, true, true, replicator.hasManifest(), false));
  }

  /** Announces blocks we acquired, as JS's broadcastRange does. */
  void announce(long start, long length, boolean drop) {
    if (!remoteOpened || removed) {
      return;
    }
    long coreLength = replicator.core.length();
    long contig = replicator.localContiguous();
    boolean fullyContiguous = contig == coreLength;
    if (!drop && !fullyContiguous && start + LAST_BLOCKS < coreLength && !remoteWantsAll
        && !remoteWantedSegments.contains(start / SEGMENT * SEGMENT)) {
      return;
    }
    if (fullyContiguous && !drop) {
      start = 0;
      length = coreLength;
      if (blocks.contiguous() >= length) {
        return;
      }
    }
    send(new Range(drop, start, length));
  }

  private void onWant(WireMessage.Want w) {
    if (w.length() > SEGMENT) {
      return; // JS answers no want longer than a segment
    }
    if (remoteWantedSegments.size() < MAX_REMOTE_WANTS) {
      remoteWantedSegments.add(w.start() / SEGMENT * SEGMENT);
    } else {
      remoteWantsAll = true; // a peer's wants cost us bounded memory
    }
    long coreLength = replicator.core.length();
    long contig = replicator.localContiguous();
    if (w.start() + w.length() < contig || coreLength == contig || (w.any() && w.start() < contig)) {
      send(new Range(false, 0, contig));
      return;
    }
    long start = w.start();
    long length = Math.min(w.length(), coreLength - start);
    if (length <= 0) {
      return;
    }
    if (w.any()) {
      for (long i = start; i < start + length; i++) {
        if (replicator.holds(i)) {
          send(new Range(false, i, 1));
          return;
        }
      }
      return;
    }
    replicator.bitfieldReply(start, length).forEach(this::send);
  }

  private void onBitfield(Bitfield b) {
    int[] words = b.words();
    long end = b.start() + 32L * words.length;
    if (end > remoteLength + 32) {
      throw new HyperbeeException(io.hyperbee.ErrorCode.INVALID_OPERATION,
          "bitfield up to block " + end + " beyond the advertised length " + remoteLength);
    }
    blocks.insert(b.start(), words);
    replicator.peerChanged(this);
  }

  private void onRange(Range r) {
    if (!r.drop() && r.start() == 0) {
      blocks.addPrefix(Math.min(r.length(), remoteLength)); // a range sent before its sync is asked again by want
    } else {
      long end = Math.min(r.start() + r.length(), remoteLength);
      if (r.start() < end) {
        blocks.set(r.start(), end, !r.drop());
      }
    }
    if (!r.drop()) {
      replicator.peerChanged(this);
    }
  }

  void sendExtension(String name, byte[] message) {
    if (!remoteOpened || removed) {
      return;
    }
    send(new WireMessage.Extension(name.equals(lastExtensionSent) ? "" : name, message));
    lastExtensionSent = name;
  }

  void countInvalidRequest() {
    if (++invalidRequests >= MAX_INVALID_REQUESTS) {
      drop(invalidRequests + " invalid requests");
    }
  }

  boolean knowsBlock(long index) {
    return blocks.has(index);
  }

  void send(WireMessage m) {
    if (removed) {
      return;
    }
    channel.send(m.type(), WireCodec.encode(m));
  }

  /** Drops the peer with {@code reason}: the channel closes and its requests move to other peers. */
  void drop(String reason) {
    if (removed) {
      return;
    }
    dropReason = reason;
    removed = true;
    replicator.removePeer(this);
    channel.close(reason);
  }

  /** Drops the peer for a stall: a request of ours went unanswered past the request timeout. */
  void dropStalled(String reason) {
    if (!removed) {
      stalled = true;
      drop(reason);
    }
  }

  /** Closes the channel without blame (we are shutting down). */
  void close(String reason) {
    if (removed) {
      return;
    }
    removed = true;
    replicator.removePeer(this);
    channel.close(reason);
  }

  @Override
  public String toString() {
    return "Peer{fork=" + remoteFork + ", length=" + remoteLength + (dropReason != null ? ", dropped: " + dropReason : "") + "}";
  }
}
