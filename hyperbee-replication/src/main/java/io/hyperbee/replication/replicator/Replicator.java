package io.hyperbee.replication.replicator;

import static java.util.Objects.requireNonNull;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.log.CoreListener;
import io.hyperbee.log.Hypercore;
import io.hyperbee.merkle.Proof;
import io.hyperbee.merkle.ProofRequest;
import io.hyperbee.replication.wire.Handshake;
import io.hyperbee.replication.wire.WireMessage;
import io.hyperbee.replication.wire.WireMessage.Bitfield;
import io.hyperbee.replication.wire.WireMessage.Data;
import io.hyperbee.replication.wire.WireMessage.NoData;
import io.hyperbee.replication.wire.WireMessage.Request;
import io.hyperbee.crypto.Caps;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Replicates one core with any number of peers, as hypercore 11.36.1's {@code replicator.js}
 * does on the wire: syncs (with the remote length echoed and {@code canUpgrade}/{@code hasManifest}
 * as JS sets them), upgrades to the newest signed length, block requests with exactly the proof
 * nodes the replica lacks, requests served as {@code data}/{@code noData}, availability by
 * {@code range}/{@code want}/{@code bitfield}, and live updates: every append is announced to
 * every peer as it is stored.
 *
 * <p>Trust: every answer is verified ({@link Hypercore#applyProofs}) before anything is stored;
 * a peer that sends a bad proof, a forged block or signature, data on another fork, garbled
 * messages, or stalls past the request timeout is dropped with the reason, and its requests go to
 * the other peers. Peers on another fork are never asked for blocks.
 *
 * <p>Threads: the transport calls each {@link Peer}'s handlers; reads wait on the network on the
 * caller's thread without the core's lock. All replication state is guarded by one lock; the
 * replicator owns a timer thread (stall checks, announcements of appends) and a store thread
 * (verifies and stores answers, those that arrived together in one commit), and closes them.
 */
public final class Replicator implements AutoCloseable {
  final Object lock = new Object();
  final Hypercore core;
  private final ReplicatorOptions options;
  private final List<Peer> peers = new ArrayList<>();
  private final RequestIds ids = new RequestIds();
  private final Map<Long, Inflight> inflight = new HashMap<>();
  private final Map<Long, Inflight> blockRequests = new HashMap<>();
  private final Map<String, ExtensionHandler> extensions = new HashMap<>();
  private final ScheduledExecutorService timer;
  /** Stores answers (see {@link #storeStaged}); owned, stopped by close. */
  private final ExecutorService store;
  private final List<Staged> staged = new ArrayList<>();
  private final AutoCloseable listener;
  private Inflight upgrade;
  private long contiguous;
  private volatile long lastLength;
  private boolean closed;
  /** Some block below the length was cleared here: even a writer no longer holds everything. */
  private volatile boolean cleared;
  private final AtomicLong blocksDownloaded = new AtomicLong();
  /** What we hold, for what we tell peers; kept in step with the core by the listener and {@link #onData}. */
  private final LocalBlocks local;
  private final AtomicLong requestsSent = new AtomicLong();
  private final AtomicLong readRequests = new AtomicLong();
  /** Blocks to fetch ahead of reads, waiting for a free request slot (hypercore's download queue). */
  private final java.util.ArrayDeque<Long> prefetching = new java.util.ArrayDeque<>();
  private static final int MAX_PREFETCH_QUEUE = 1 << 16;
  /** Requests in flight per peer: the options' at first, raised by {@link #raiseMaxInflight}. Under lock. */
  private int maxInflight;

  private Replicator(Hypercore core, ReplicaSource source, ReplicatorOptions options) {
    this.core = requireNonNull(core, "core is null");
    this.options = requireNonNull(options, "options is null");
    this.maxInflight = options.maxInflight();
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "replicator-" + java.util.HexFormat.of().formatHex(core.discoveryKey(), 0, 4));
      t.setDaemon(true);
      return t;
    });
    this.store = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "replicator-store-" + java.util.HexFormat.of().formatHex(core.discoveryKey(), 0, 4));
      t.setDaemon(true);
      return t;
    });
    if (source != null) {
      source.bind(this);
    }
    this.lastLength = core.length();
    this.local = new LocalBlocks(core::has);
    this.listener = core.addListener(new CoreListener() {
      @Override
      public void onAppend(long previousLength, long length, boolean remote) {
        if (!remote) {
          local.add(previousLength, length);
        }
        lastLength = length;
        announceLater(() -> announceAppend(previousLength, length, remote));
      }

      @Override
      public void onClear(long start, long end) {
        local.remove(start, end);
        cleared = true;
        announceLater(() -> announceClear(start, end));
      }

      @Override
      public void onTruncate(long length, long fork) {
        local.truncate(length);
        long previous = lastLength;
        lastLength = length;
        announceLater(() -> announceTruncate(length, previous));
      }
    });
    long period = Math.max(10, options.requestTimeout().toMillis() / 4);
    timer.scheduleAtFixedRate(this::dropStalledPeers, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Runs an announcement to peers on the timer thread. A core change stored while this replicator
   * closes (e.g. a verified upgrade the store thread commits) finds the timer stopped: there is no
   * peer left to tell, so the announcement is dropped rather than thrown on the committing thread.
   */
  private void announceLater(Runnable announcement) {
    try {
      timer.execute(announcement);
    } catch (RejectedExecutionException e) {
      if (!timer.isShutdown()) {
        throw e;
      }
    }
  }

  /** Serves (and, for a replica without a source, never fetches) {@code core}. */
  public static Replicator of(Hypercore core, ReplicatorOptions options) {
    return new Replicator(core, null, options);
  }

  /** Replicates a replica whose core reads missing blocks from {@code source}. */
  public static Replicator of(Hypercore core, ReplicaSource source, ReplicatorOptions options) {
    return new Replicator(core, requireNonNull(source, "source is null"), options);
  }

  public Hypercore core() {
    return core;
  }

  /** Our open payload on a stream where we are the {@code initiator} or not. */
  public Handshake handshake(boolean initiator, byte[] handshakeHash) {
    return new Handshake(false, Caps.replicate(initiator, core.key(), handshakeHash));
  }

  /**
   * A new channel to a peer; the transport hands the returned peer the remote's open payload,
   * its messages and the close. {@code initiator} is our role on the stream.
   */
  public Peer attach(WireChannel channel, boolean initiator, byte[] handshakeHash) {
    requireNonNull(channel, "channel is null");
    if (handshakeHash == null || handshakeHash.length != 64) {
      throw new IllegalArgumentException("handshakeHash must be 64 bytes");
    }
    synchronized (lock) {
      checkOpen();
      return new Peer(this, channel, initiator, handshakeHash);
    }
  }

  /** The peers currently connected and opened. */
  public List<Peer> peers() {
    synchronized (lock) {
      return List.copyOf(peers);
    }
  }

  /** Peers currently connected and opened. */
  public int peerCount() {
    synchronized (lock) {
      return peers.size();
    }
  }

  /** Blocks this replicator downloaded and stored (each verified). */
  public long blocksDownloaded() {
    return blocksDownloaded.get();
  }

  /** Requests (blocks and upgrades) sent to peers. */
  public long requestsSent() {
    return requestsSent.get();
  }

  /**
   * Block requests sent because a read was waiting for that block (not already asked for): for
   * one reader walking a tree, the round trips its reads waited through.
   */
  public long readRequests() {
    return readRequests.get();
  }

  /**
   * Lets up to {@code max} requests be in flight per peer from now on, if that is more than now
   * (JS's {@code replicator.setInflightRange}, which a Hyperbee calls on its core when it opens:
   * its blocks are small, so a read may ask for many at once). Never lowers the budget. Queued
   * prefetches are sent into the new slots at once.
   */
  public void raiseMaxInflight(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1, not " + max);
    }
    synchronized (lock) {
      if (max > maxInflight) {
        maxInflight = max;
        if (!closed) {
          drainPrefetch();
        }
        lock.notifyAll(); // reads waiting for a free slot
      }
    }
  }

  /** Requests in flight per peer this replicator allows now (see {@link #raiseMaxInflight}). */
  public int maxInflight() {
    synchronized (lock) {
      return maxInflight;
    }
  }

  /**
   * Asks peers for those of {@code blocks} that are below the length, not stored and not asked
   * for yet, without waiting (hypercore's {@code download({ blocks })}): the answers are verified
   * and stored as any, and a read of such a block waits for its request instead of sending
   * another. A block no connected peer is known to hold is skipped (a read fetches it later).
   *
   * @return the number of requests sent
   */
  public int prefetch(long[] blocks) {
    requireNonNull(blocks, "blocks is null");
    synchronized (lock) {
      checkOpen();
      for (int k = 0; k < blocks.length && prefetching.size() < MAX_PREFETCH_QUEUE; k++) {
        prefetching.add(blocks[k]);
      }
      return drainPrefetch();
    }
  }

  /** As {@link #prefetch}, asking nothing once closed: a read's own request reports that. */
  void prefetchIfOpen(long[] blocks) {
    synchronized (lock) {
      if (!closed) {
        prefetch(blocks);
      }
    }
  }

  /**
   * Sends queued prefetches while a peer holding the block has a free request slot; the rest
   * wait for answers to free slots (called after each). Blocks stored or asked for meanwhile, and
   * blocks no peer is known to hold, leave the queue.
   */
  private int drainPrefetch() {
    int sent = 0;
    while (!prefetching.isEmpty() && !closed) {
      long index = prefetching.peek();
      ProofRequest request;
      try {
        request = blockRequests.containsKey(index) ? null : core.missingBlockRequest(index);
      } catch (HyperbeeException e) { // the core closed: nothing more to fetch
        prefetching.clear();
        break;
      }
      Peer p = request == null ? null : pickPeer(index, Set.of(), prefetchSlots());
      if (request != null && p == null && peers.stream().anyMatch(q -> holds(q, index))) {
        break; // every peer holding it is busy: wait for a free slot
      }
      prefetching.poll();
      if (p != null) {
        send(p, request, 0);
        sent++;
      }
    }
    return sent;
  }

  // ---- reads -------------------------------------------------------------------------------

  /**
   * Block {@code index}, fetched from a peer when not stored, waiting at most {@code timeout}
   * ({@link Duration#ZERO}: never waits, fails unless stored).
   *
   * @throws HyperbeeException {@code BLOCK_NOT_AVAILABLE} naming the block and the wait
   */
  public byte[] get(long index, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    return ReadDeadline.with(deadline, () -> core.get(index));
  }

  /** True when every block of {@code start..end} is stored locally. */
  public boolean has(long start, long end) {
    for (long i = start; i < end; i++) {
      if (!core.has(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Learns the newest length the peers can prove and upgrades to it; true when the length grew.
   * Waits at most {@code timeout} for a peer to answer.
   */
  public boolean update(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      long start = core.length();
      while (true) {
        checkOpen();
        if (core.length() > start) {
          return true;
        }
        maybeUpgrade();
        if (upgrade == null && !peers.isEmpty() && peers.stream().allMatch(p -> p.remoteSynced)
            && peers.stream().noneMatch(p -> mayUpgradeUs(p) || awaitsOurLength(p))) {
          return false; // every peer synced and none has more
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        waitNanos(remaining);
      }
    }
  }

  /**
   * Downloads blocks {@code start..end} (those not stored yet), {@code parallel} at a time, each
   * verified; {@code progress} is told the count of blocks done after each one. The workers
   * walk stretches of the range far apart ({@link DownloadOrder}), so each request carries the
   * few proof nodes its stored neighbours do not already give, as JS's random picks mostly do.
   *
   * @return the number of blocks fetched from peers
   */
  public long download(long start, long end, int parallel, Duration timeout, LongConsumer progress) {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad range " + start + ".." + end);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    int threads = Math.max(1, parallel);
    DownloadOrder order = new DownloadOrder(start, end, threads);
    AtomicLong done = new AtomicLong();
    AtomicLong fetched = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < threads; w++) {
        int worker = w;
        workers.add(pool.submit(() -> {
          for (long i = order.next(worker); i >= 0; i = order.next(worker)) {
            if (!core.has(i)) {
              long index = i;
              ReadDeadline.with(deadline, () -> core.get(index));
              fetched.incrementAndGet();
            }
            long n = done.incrementAndGet();
            if (progress != null) {
              progress.accept(n);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : workers) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          order.stop();
          if (e.getCause() instanceof RuntimeException re) {
            throw re;
          }
          throw new HyperbeeException(ErrorCode.BLOCK_NOT_AVAILABLE, "download failed", e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new HyperbeeException(ErrorCode.BLOCK_NOT_AVAILABLE, "download interrupted", e);
        }
      }
      return fetched.get();
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The block source's answer to the core's {@code request}: fetched from a peer, verified and
   * stored here (then the core reads it from storage), or null when the tree moved while
   * waiting (the core builds its request again).
   */
  Proof fetch(ProofRequest request) {
    Long readDeadline = ReadDeadline.current();
    long now = System.nanoTime();
    long deadline = readDeadline != null ? readDeadline : now + options.readTimeout().toNanos();
    String what = request.block() != null ? "block " + request.block().index() : "an upgrade";
    if (deadline - now <= 0) {
      throw new HyperbeeException(ErrorCode.BLOCK_NOT_AVAILABLE, what + " is not stored locally (not waiting)");
    }
    Set<Peer> refused = new HashSet<>();
    synchronized (lock) {
      while (true) {
        checkOpen();
        if (request.upgrade() != null) {
          long target = request.upgrade().start() + request.upgrade().length();
          if (core.length() >= target || core.fork() != request.fork()) {
            return null;
          }
          maybeUpgrade();
          waitUntil(deadline, what + " is past the length " + core.length() + " and no peer proved a longer one");
          continue;
        }
        long index = request.block().index();
        if (core.has(index)) {
          return null;
        }
        Inflight f = blockRequests.get(index);
        if (f == null) {
          Peer p = pickPeer(index, refused);
          if (p == null) {
            askAvailability(index);
            waitUntil(deadline, what + " is not available from any of " + peers.size() + " peers");
            continue;
          }
          // the nodes we lack are counted now, as JS counts them when it sends: answers stored
          // while this read waited for a peer may have brought some
          ProofRequest current = core.missingBlockRequest(index);
          if (current == null) {
            return null;
          }
          f = send(p, current, 1);
          readRequests.incrementAndGet();
        }
        f.waiters++;
        try {
          awaitAnswer(f, deadline, what);
        } finally {
          f.waiters--;
        }
        switch (f.outcome) {
          case STORED:
            return f.proof;
          case NO_DATA:
            refused.add(f.peer);
            break;
          default:
            if ("stale".equals(f.failure)) {
              return null;
            }
            break; // the peer was dropped: ask another
        }
      }
    }
  }

  private void awaitAnswer(Inflight f, long deadline, String what) {
    while (!f.done()) {
      try {
        waitUntil(deadline, what + " was asked of a peer that did not answer in time");
      } catch (HyperbeeException e) {
        if (f.waiters == 1) {
          cancel(f);
        }
        throw e;
      }
    }
  }

  // ---- requests ----------------------------------------------------------------------------

  private Inflight send(Peer p, ProofRequest request, long priority) {
    long id = ids.allocate();
    Inflight f = new Inflight(id, p, request, System.nanoTime(), core.fork(), core.length());
    inflight.put(id, f);
    if (f.blockIndex() >= 0) {
      blockRequests.put(f.blockIndex(), f);
    }
    if (f.isUpgrade()) {
      upgrade = f;
    }
    p.inflight++;
    requestsSent.incrementAndGet();
    p.send(new Request(id, request, priority));
    return f;
  }

  /**
   * Withdraws a request nobody waits for any more (JS's cancel). Its id is not reused: the peer
   * may still answer it, and that answer must not be taken for a later request's.
   */
  private void cancel(Inflight f) {
    if (f.done()) {
      return;
    }
    f.peer.send(new WireMessage.Cancel(f.id));
    finish(f, Inflight.Outcome.FAILED, "cancelled");
  }

  private void complete(Inflight f, Inflight.Outcome outcome, String failure) {
    if (f.done()) {
      return;
    }
    ids.release(f.id);
    finish(f, outcome, failure);
  }

  private void finish(Inflight f, Inflight.Outcome outcome, String failure) {
    if (f.done()) {
      return;
    }
    f.outcome = outcome;
    f.failure = failure;
    inflight.remove(f.id);
    if (f.blockIndex() >= 0 && blockRequests.get(f.blockIndex()) == f) {
      blockRequests.remove(f.blockIndex());
    }
    if (upgrade == f) {
      upgrade = null;
    }
    f.peer.inflight--;
    lock.notifyAll();
  }

  private Peer pickPeer(long index, Set<Peer> refused) {
    return pickPeer(index, refused, maxInflight);
  }

  /** The least busy peer holding block {@code index} with fewer than {@code slots} requests in flight. */
  private Peer pickPeer(long index, Set<Peer> refused, int slots) {
    Peer best = null;
    for (Peer p : peers) {
      if (holds(p, index) && p.inflight < slots && !refused.contains(p)
          && (best == null || p.inflight < best.inflight)) {
        best = p;
      }
    }
    return best;
  }

  /** Request slots per peer prefetches may fill: a quarter stays free for reads that wait. */
  private int prefetchSlots() {
    return Math.max(1, maxInflight - maxInflight / 4);
  }

  /** Whether {@code p} is on our fork, uploading and known to hold block {@code index}. */
  private boolean holds(Peer p, long index) {
    return p.remoteFork == core.fork() && p.remoteUploading && p.remoteLength > index && p.knowsBlock(index);
  }

  /** Asks peers that may hold block {@code index} for their bitfield of its segment (once per segment). */
  private void askAvailability(long index) {
    long segment = index / Peer.SEGMENT * Peer.SEGMENT;
    for (Peer p : peers) {
      if (p.remoteFork == core.fork() && p.remoteLength > index && !p.knowsBlock(index) && p.wantedSegments.add(segment)) {
        p.send(new WireMessage.Want(segment, Peer.SEGMENT, false, false));
      }
    }
  }

  /**
   * A peer with more than we have whose last sync acked another length than ours (its first sync
   * crossed ours on a new channel): its next sync acks ours and may upgrade us, so an update
   * waits for it rather than answer "nothing new".
   */
  private boolean awaitsOurLength(Peer p) {
    long length = core.length();
    return p.remoteOpened && !p.removed && p.remoteCanUpgrade && p.remoteLength > length
        && p.lengthAcked != length && p.remoteFork == core.fork();
  }

  private boolean mayUpgradeUs(Peer p) {
    long length = core.length();
    return p.remoteOpened && !p.removed && p.remoteCanUpgrade && p.remoteLength > length
        && p.lengthAcked == length && (p.remoteFork == core.fork() || length == 0);
  }

  /** Asks one peer for an upgrade to its length when one has more and none is in flight (JS's eager upgrade). */
  private void maybeUpgrade() {
    if (upgrade != null || core.writable() || closed) {
      return;
    }
    Peer best = null;
    for (Peer p : peers) {
      if (mayUpgradeUs(p) && (best == null || p.remoteLength > best.remoteLength)) {
        best = p;
      }
    }
    if (best != null) {
      long length = core.length();
      boolean manifest = core.manifest() == null && !core.compat() && best.remoteHasManifest;
      send(best, ProofRequest.upgrade(best.remoteFork, length, best.remoteLength - length).withManifest(manifest), 0);
    }
  }

  // ---- answers from peers ------------------------------------------------------------------

  void onData(Peer peer, Data d) {
    Inflight f = inflight.get(d.request());
    if (f == null || f.peer != peer || f.storing) {
      return; // unsolicited, late, another peer's or a repeat: dropped unread, as JS does
    }
    if (d.proof().fork() != f.request.fork()) {
      complete(f, Inflight.Outcome.FAILED, "dropped");
      peer.drop("data on fork " + d.proof().fork() + " answering " + f.describe() + " on fork " + f.request.fork());
      return;
    }
    // answers are verified and stored on the store thread, as many as arrived in one commit
    // (each commit costs the storage a round of writes, and with sync on a force: one per answer would be one per block)
    f.storing = true;
    staged.add(new Staged(f, d.proof()));
    if (staged.size() == 1) {
      try {
        store.execute(this::storeStaged);
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        staged.clear();
        complete(f, Inflight.Outcome.FAILED, "closed");
      }
    }
  }

  /** Verifies and stores every answer staged so far in one go, then completes their requests. */
  private void storeStaged() {
    List<Staged> batch;
    synchronized (lock) {
      batch = List.copyOf(staged);
      staged.clear();
    }
    List<RuntimeException> outcomes;
    try {
      outcomes = core.applyProofs(batch.stream().map(Staged::proof).toList(),
          batch.stream().map(x -> x.inflight().request).toList());
    } catch (HyperbeeException e) {
      outcomes = java.util.Collections.nCopies(batch.size(), e);
    }
    synchronized (lock) {
      for (int i = 0; i < batch.size(); i++) {
        Staged x = batch.get(i);
        if (!x.inflight().done()) {
          answered(x.inflight(), x.proof(), outcomes.get(i));
        }
      }
    }
  }

  /** Completes {@code f} after its answer was stored ({@code failure} null) or refused. */
  private void answered(Inflight f, Proof proof, RuntimeException failure) {
    if (failure != null) {
      if (failure instanceof HyperbeeException e && e.code() == ErrorCode.CLOSED) {
        complete(f, Inflight.Outcome.FAILED, "closed");
        return;
      }
      if (core.fork() != f.forkAtSend || core.length() != f.lengthAtSend) {
        complete(f, Inflight.Outcome.FAILED, "stale"); // the tree moved since we asked: not the peer's fault
        return;
      }
      complete(f, Inflight.Outcome.FAILED, "dropped");
      f.peer.drop("invalid data for " + f.describe() + ": " + failure.getMessage());
      return;
    }
    f.proof = proof;
    if (f.blockIndex() >= 0) {
      local.add(f.blockIndex(), f.blockIndex() + 1);
      blocksDownloaded.incrementAndGet();
      for (Peer p : peers) {
        p.announce(f.blockIndex(), 1, false);
      }
    }
    complete(f, Inflight.Outcome.STORED, null);
    if (f.isUpgrade()) {
      // answers are stored off the peers' threads: a peer that announced more while this upgrade
      // was in flight was passed over then, so ask again now (JS re-checks after each upgrade)
      maybeUpgrade();
    }
    drainPrefetch();
  }

  /** An answer waiting for the store thread. */
  private record Staged(Inflight inflight, Proof proof) {}

  void onNoData(Peer peer, NoData n) {
    Inflight f = inflight.get(n.request());
    if (f == null || f.peer != peer) {
      return;
    }
    complete(f, Inflight.Outcome.NO_DATA, "noData " + n.reason());
    drainPrefetch();
    if (f.isUpgrade()) {
      long end = f.request.upgrade().start() + f.request.upgrade().length();
      if (peer.remoteCanUpgrade && peer.remoteFork == f.request.fork() && peer.remoteLength >= end) {
        peer.drop("lying length: advertised " + peer.remoteLength + " on fork " + peer.remoteFork
            + " with canUpgrade, then would not prove it");
      }
    }
  }

  void onExtension(Peer peer, String name, byte[] message) {
    ExtensionHandler handler = extensions.get(name);
    if (handler != null) {
      handler.onMessage(peer, message); // unregistered names are dropped, as JS does
    }
  }

  /**
   * Registers extension {@code name} (hypercore {@code registerExtension}); messages for it from
   * any peer go to {@code handler}. Send with {@link #sendExtension} or {@link #broadcastExtension}.
   */
  public void registerExtension(String name, ExtensionHandler handler) {
    requireNonNull(handler, "handler is null");
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("an extension needs a name");
    }
    synchronized (lock) {
      if (extensions.putIfAbsent(name, handler) != null) {
        throw new IllegalArgumentException("extension " + name + " is already registered");
      }
    }
  }

  /** Sends extension message {@code message} to one peer; the name is elided when it repeats, as JS does. */
  public void sendExtension(String name, byte[] message, Peer peer) {
    synchronized (lock) {
      checkOpen();
      peer.sendExtension(name, message);
    }
  }

  /** Sends extension message {@code message} to every connected peer. */
  public void broadcastExtension(String name, byte[] message) {
    synchronized (lock) {
      checkOpen();
      for (Peer p : peers) {
        p.sendExtension(name, message);
      }
    }
  }

  /** Answers a request with the proof, or noData (1 not available, 2 invalid request). */
  void serve(Peer peer, Request r) {
    ProofRequest q = r.proof();
    boolean available = q.fork() == core.fork() && (q.block() == null || core.has(q.block().index()));
    if (available) {
      try {
        peer.send(new Data(r.id(), core.proof(q)));
        return;
      } catch (HyperbeeException e) {
        if (e.code() != ErrorCode.BLOCK_NOT_AVAILABLE) {
          peer.send(new NoData(r.id(), NoData.INVALID_REQUEST));
          peer.countInvalidRequest();
          return;
        }
      } catch (IllegalArgumentException e) {
        peer.send(new NoData(r.id(), NoData.INVALID_REQUEST));
        peer.countInvalidRequest();
        return;
      }
    }
    if (q.manifest() && hasManifest()) {
      peer.send(new Data(r.id(), new Proof(core.fork(), null, null, null, null, core.manifest())));
      return;
    }
    peer.send(new NoData(r.id(), NoData.NOT_AVAILABLE));
  }

  // ---- what we tell peers ------------------------------------------------------------------

  /** Whether we can prove the newer length to a peer at {@code remoteLength} (JS's _canUpgrade). */
  boolean canUpgrade(long remoteLength, long remoteFork) {
    if (remoteFork != core.fork()) {
      return false;
    }
    if (remoteLength == 0) {
      return true;
    }
    long length = core.length();
    if (remoteLength >= length) {
      return false;
    }
    if (core.writable()) {
      return true;
    }
    try {
      core.proof(ProofRequest.upgrade(core.fork(), remoteLength, length - remoteLength));
      return true;
    } catch (HyperbeeException e) {
      return false;
    }
  }

  boolean hasManifest() {
    return core.manifest() != null && !core.compat();
  }

  /** Whether we hold block {@code index}, as we tell peers (a writer that never cleared holds everything). */
  boolean holds(long index) {
    return core.writable() && !cleared ? index < core.length() : local.has(index);
  }

  /** The length of the prefix we hold entirely (a writer that never cleared holds everything). */
  long localContiguous() {
    long length = core.length();
    if (core.writable() && !cleared) {
      return length;
    }
    if (contiguous > length) {
      contiguous = 0; // truncated under us
    }
    while (contiguous < length && holds(contiguous)) {
      contiguous++;
    }
    return contiguous;
  }

  /** JS's bitfield.want: one bitfield per segment we hold something of, 32-bit aligned. */
  List<Bitfield> bitfieldReply(long start, long length) {
    long misalign = start & 31;
    start -= misalign;
    length += misalign;
    long coreLength = core.length();
    List<Bitfield> out = new ArrayList<>();
    long j = start % Peer.SEGMENT;
    long i = start / Peer.SEGMENT;
    while (length > 0) {
      long end = Math.min(j + length, Peer.SEGMENT);
      if ((end & 31) != 0) {
        end += 32 - (end & 31);
      }
      long first = i * Peer.SEGMENT + j;
      int[] words = new int[(int) ((end - j) / 32)];
      boolean any = false;
      for (int w = 0; w < words.length; w++) {
        for (int b = 0; b < 32; b++) {
          long index = first + 32L * w + b;
          if (index < coreLength && holds(index)) {
            words[w] |= 1 << b;
            any = true;
          }
        }
      }
      if (any) {
        out.add(new Bitfield(first, words));
      }
      j = 0;
      i++;
      length -= Peer.SEGMENT;
    }
    return out;
  }

  // ---- peers -------------------------------------------------------------------------------

  void addPeer(Peer p) {
    peers.add(p);
    peerChanged(p);
  }

  void removePeer(Peer p) {
    peers.remove(p);
    for (Inflight f : new ArrayList<>(inflight.values())) {
      if (f.peer == p) {
        complete(f, Inflight.Outcome.FAILED, "peer closed");
      }
    }
    lock.notifyAll();
  }

  /** Something a peer said changed what we can ask: upgrade eagerly, wake waiting reads. */
  void peerChanged(Peer p) {
    maybeUpgrade();
    lock.notifyAll();
  }

  private void announceAppend(long previousLength, long length, boolean remote) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      for (Peer p : peers) {
        p.signalUpgrade();
        if (!remote) {
          p.announce(previousLength, length - previousLength, false);
        }
      }
      maybeUpgrade();
      lock.notifyAll();
    }
  }

  /** Tells every peer blocks {@code start..end} are gone, as hypercore's clear does ({@code range} with drop). */
  private void announceClear(long start, long end) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      if (contiguous > start) {
        contiguous = start;
      }
      for (Peer p : peers) {
        p.announce(start, end - start, true);
      }
    }
  }

  private void announceTruncate(long length, long previousLength) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      for (Peer p : peers) {
        p.sendSync();
        if (previousLength > length) {
          p.announce(length, previousLength - length, true);
        }
      }
      lock.notifyAll();
    }
  }

  private void dropStalledPeers() {
    synchronized (lock) {
      long now = System.nanoTime();
      long limit = options.requestTimeout().toNanos();
      for (Inflight f : new ArrayList<>(inflight.values())) {
        if (!f.done() && now - f.sentNanos > limit) {
          f.peer.dropStalled("stalled: no answer to " + f.describe() + " within " + options.requestTimeout().toMillis() + " ms");
        }
      }
    }
  }

  private void waitUntil(long deadline, String failure) {
    long remaining = deadline - System.nanoTime();
    if (remaining <= 0) {
      throw new HyperbeeException(ErrorCode.BLOCK_NOT_AVAILABLE, failure);
    }
    waitNanos(remaining);
    checkOpen();
  }

  private void waitNanos(long nanos) {
    try {
      TimeUnit.NANOSECONDS.timedWait(lock, nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HyperbeeException(ErrorCode.BLOCK_NOT_AVAILABLE, "interrupted while waiting for a peer", e);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new HyperbeeException(ErrorCode.CLOSED, "replicator is closed");
    }
  }

  /** Closes every channel and stops the timer; the core stays open (its owner closes it). */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      for (Peer p : new ArrayList<>(peers)) {
        p.close("replicator closed");
      }
      lock.notifyAll();
    }
    try {
      listener.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      timer.shutdownNow();
      store.shutdown(); // a commit in progress finishes; staged answers fail as closed
    }
  }
}
