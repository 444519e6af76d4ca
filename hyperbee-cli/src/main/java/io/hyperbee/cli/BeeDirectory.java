package io.hyperbee.cli;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.btree.BeeOptions;
import io.hyperbee.btree.Hyperbee;
import io.hyperbee.btree.Metadata;
import io.hyperbee.crypto.KeyPair;
import io.hyperbee.crypto.Manifest;
import io.hyperbee.crypto.Verifier;
import io.hyperbee.log.BlockSource;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import io.hyperbee.replication.bee.BeeExtension;
import io.hyperbee.replication.host.Backoff;
import io.hyperbee.replication.host.Upstream;
import io.hyperbee.replication.replicator.ReplicaSource;
import io.hyperbee.replication.replicator.Replicator;
import io.hyperbee.replication.replicator.ReplicatorOptions;
import io.hyperbee.storage.StorageStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A bee stored in a directory: the Hypercore files and the Hyperbee on top, and for a replica read
 * through a peer ({@link #openThroughPeer}, {@link #cloneInto}) the {@link Upstream} link to it.
 * Owns them all and closes them (bee first, core last). Opening never creates anything unless
 * asked to by {@link #create}, {@link #createReadOnly} or {@link #cloneInto}, so a mistyped
 * directory is reported instead of becoming a new bee.
 *
 * <p>A replica is a bee directory holding the core's key but no secret key, and only the blocks
 * it fetched. Opened without a peer it reads what it holds; a block it lacks is refused with
 * {@link #NOT_ON_REPLICA}'s advice instead of a bare "not stored".
 */
final class BeeDirectory implements AutoCloseable {
  /** Where a bee lives when a command is given no directory. */
  static final Path DEFAULT = Path.of("hyperbee-data");

  /** How a replica's reads and its connection to the peer wait for the network. */
  static final Duration PEER_WAIT = Duration.ofSeconds(20);

  private static final ReplicatorOptions REPLICATION = ReplicatorOptions.defaults().withReadTimeout(PEER_WAIT);

  /** What a read of a replica without a peer says about a block the replica does not hold. */
  static final String NOT_ON_REPLICA = " is not on this replica; use --peer HOST:PORT to fetch it";

  /**
   * The block source of a bee opened without a peer: refuses every fetch, saying why. A replica
   * lacks what it never fetched; a writer (it holds its secret key) lacks only what it cleared.
   */
  private static BlockSource offline(java.util.concurrent.atomic.AtomicReference<Hypercore> opened) {
    return request -> {
      Hypercore core = opened.get();
      String what = request.block() != null
          ? "block " + request.block().index()
          : "the blocks past " + request.upgrade().start();
      if (core != null && core.keyPair() != null) {
        throw new HyperbeeException(ErrorCode.BLOCK_NOT_AVAILABLE, what
            + " is not available locally: it was cleared (hyperbee compact drops old versions)");
      }
      throw new HyperbeeException(ErrorCode.BLOCK_NOT_AVAILABLE, what + NOT_ON_REPLICA);
    };
  }

  private final Path dir;
  private final Hypercore core;
  private final Upstream upstream; // null unless reading through a peer
  private final Hyperbee bee;
  private BeeExtension extension; // the cache-warmup extension, when a peer is involved

  private BeeDirectory(Path dir, Hypercore core, Upstream upstream, BeeOptions options) {
    this.dir = dir;
    this.core = core;
    this.upstream = upstream;
    Hyperbee opened;
    try {
      opened = Hyperbee.open(core, options);
    } catch (RuntimeException e) {
      closeLinkAndCore(upstream, core);
      throw e;
    }
    this.bee = opened;
    if (upstream != null) {
      extendWith(upstream.replicator());
    }
  }

  /**
   * Turns on hyperbee's cache-warmup extension over {@code replicator}: a replica asks its peer
   * which blocks a cold read will need, a served bee answers such questions. Closed with the bee.
   */
  void extendWith(Replicator replicator) {
    if (extension != null) {
      throw new IllegalStateException(dir + " already has its extension attached");
    }
    extension = BeeExtension.attach(bee, replicator);
  }

  /**
   * Opens the bee in {@code dir}, which must exist and hold one. A {@code readOnly} bee never
   * writes (not even the header of an empty core).
   */
  static BeeDirectory open(Path dir, boolean readOnly) {
    return open(dir, readOnly, true);
  }

  /** How long an open waits for another process (a {@code watch} looking in) to let go. */
  private static final long LOCK_WAIT_MILLIS = 5_000;

  private static BeeDirectory open(Path dir, boolean readOnly, boolean sync) {
    requireBee(dir);
    HypercoreOptions.Builder options = HypercoreOptions.builder()
        .createIfMissing(false)
        .sync(sync)
        .readOnly(readOnly); // changes nothing on disk, not even a crash's leftovers
    var opened = new java.util.concurrent.atomic.AtomicReference<Hypercore>();
    if (readOnly) {
      options.blockSource(offline(opened)); // asked for a block the directory lacks
    }
    Hypercore core = openExisting(dir, options.build());
    opened.set(core);
    return new BeeDirectory(dir, core, null, BeeOptions.builder().readonly(readOnly).build());
  }

  private static Hypercore openExisting(Path dir, HypercoreOptions options) {
    try {
      return openWaitingForLock(dir, options);
    } catch (HyperbeeException e) {
      if (e.code() == ErrorCode.STORAGE_CONFLICT) {
        throw new CliException(ExitCodes.FAILED, "no bee in " + dir + ": the directory holds"
            + " other files but no Hypercore (create a bee in a new or empty directory with:"
            + " hyperbee init DIR, or clone one into it with: hyperbee clone KEY HOST:PORT DIR)", e);
      }
      throw e;
    }
  }

  /**
   * Opens the replica in {@code dir} to read it through {@code peer}: what it lacks is fetched
   * (verified) and kept, and it reads the newest version the peer can prove. Holds the
   * directory's lock while open, like a writer.
   */
  static BeeDirectory openThroughPeer(Path dir, InetSocketAddress peer) {
    return openThroughPeer(dir, peer, null);
  }

  /**
   * As {@link #openThroughPeer(Path, InetSocketAddress)}; with a {@code relink} (else null) the
   * replica links to the peer again whenever it loses it, as that says.
   */
  static BeeDirectory openThroughPeer(Path dir, InetSocketAddress peer, Relink relink) {
    requireBee(dir);
    ReplicaSource source = new ReplicaSource();
    Hypercore core = openExisting(dir, replicaOptions(source).createIfMissing(false).build());
    if (core.keyPair() != null) {
      core.close();
      throw CliException.usage(dir + " is a writable bee: it holds every block itself, so there"
          + " is nothing to fetch from a peer (--peer is for replicas)");
    }
    return following(dir, core, source, peer, relink);
  }

  /**
   * Creates a replica of the core {@code key} in {@code dir} (missing or empty), or opens the
   * replica of that core already there (a clone that stopped resumes), and links it to
   * {@code peer}, again after losing it when {@code relink} is not null.
   */
  static BeeDirectory cloneInto(Path dir, byte[] key, InetSocketAddress peer, Relink relink) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw CliException.failed("cannot clone into " + dir + ": it is a file");
    }
    ReplicaSource source = new ReplicaSource();
    Hypercore core;
    try {
      core = openWaitingForLock(dir, replicaOptions(source).key(key).build());
    } catch (HyperbeeException e) {
      if (e.code() == ErrorCode.STORAGE_CONFLICT) {
        throw new CliException(ExitCodes.FAILED, "cannot clone " + Encoding.hex(key) + " into " + dir
            + ": the directory holds something else (another core, or other files); clone into a"
            + " new or empty directory", e);
      }
      throw e;
    }
    if (core.keyPair() != null) {
      core.close();
      throw CliException.failed("cannot clone into " + dir + ": it holds the writable bee itself");
    }
    return following(dir, core, source, peer, relink);
  }

  /** A replica's core: fetched blocks are not forced to disk one by one (they can be fetched again). */
  private static HypercoreOptions.Builder replicaOptions(ReplicaSource source) {
    return HypercoreOptions.builder().sync(false).blockSource(source);
  }

  /** How a replica that follows its peer links to it again after losing it. */
  record Relink(Backoff backoff, Upstream.Observer observer) {}

  private static BeeDirectory following(Path dir, Hypercore core, ReplicaSource source, InetSocketAddress peer,
      Relink relink) {
    Upstream upstream = null;
    try {
      upstream = Upstream.of(core, source, REPLICATION);
      if (relink == null) {
        upstream.connect(peer, PEER_WAIT);
      } else {
        upstream.connect(peer, PEER_WAIT, relink.backoff(), relink.observer());
      }
    } catch (IOException e) {
      closeLinkAndCore(upstream, core);
      throw CliException.failed("cannot replicate from " + PeerAddress.format(peer) + ": " + e.getMessage());
    } catch (RuntimeException e) {
      closeLinkAndCore(upstream, core);
      throw e;
    }
    return new BeeDirectory(dir, core, upstream, BeeOptions.builder().readonly(true).build());
  }

  /**
   * Opens the core, retrying for up to {@link #LOCK_WAIT_MILLIS} while another process holds it:
   * {@code watch} and {@code history --live} in another terminal open it briefly, again and again.
   */
  private static Hypercore openWaitingForLock(Path dir, HypercoreOptions options) {
    long deadline = System.nanoTime() + LOCK_WAIT_MILLIS * 1_000_000;
    while (true) {
      try {
        return Hypercore.open(dir, options);
      } catch (HyperbeeException e) {
        if (!heldElsewhere(e) || System.nanoTime() > deadline) {
          throw e;
        }
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw CliException.failed("interrupted while waiting for " + dir + " to be free");
      }
    }
  }

  /**
   * The lock refusal of a core that another process (or another thread of this one) has open:
   * the one error worth waiting out.
   */
  static boolean heldElsewhere(HyperbeeException e) {
    return e.code() == ErrorCode.LOCKED;
  }

  /**
   * Creates a new writable bee in {@code dir} (created if missing; refused unless empty) and
   * writes its header block, with {@code metadata} when not null.
   */
  static BeeDirectory create(Path dir, KeyPair keyPair, Metadata metadata) {
    requireNoBee(dir);
    BeeDirectory db = new BeeDirectory(dir, Hypercore.open(dir, HypercoreOptions.builder()
        .keyPair(keyPair)
        .errorIfExists(true)
        .build()), null, BeeOptions.builder().metadata(metadata).build());
    try {
      // JS writes the header lazily with the first write; a del on an empty core writes exactly
      // the header and nothing else (spec 2.2), so the blocks are the same as JS's
      db.bee.del(new byte[0]);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
    return db;
  }

  /**
   * Creates an empty read-only bee for the writer with Ed25519 {@code publicKey}: the core of
   * JS's default manifest for that signer, with its key, but without the secret key.
   */
  static BeeDirectory createReadOnly(Path dir, byte[] publicKey) {
    requireNoBee(dir);
    Manifest manifest = Manifest.defaultSigner(publicKey);
    return new BeeDirectory(dir, Hypercore.open(dir, HypercoreOptions.builder()
        .key(Verifier.forManifest(manifest).key())
        .manifest(manifest)
        .errorIfExists(true)
        .build()), null, BeeOptions.defaults());
  }

  Path dir() {
    return dir;
  }

  Hypercore core() {
    return core;
  }

  Hyperbee bee() {
    return bee;
  }

  /** The link to the peer a replica reads through, or null (a local read). */
  Upstream upstream() {
    return upstream;
  }

  /** True for a replica: the directory holds the core's key but not its secret key. */
  boolean isReplica() {
    return core.keyPair() == null;
  }

  /**
   * How many of the core's blocks are stored here (all but the cleared ones for a writer), from the
   * storage's in-memory block map: no per-block lookup, so a 1M-block replica answers at once.
   */
  long blocksHeld() {
    StorageStats stats = core.storageStats();
    return core.length() - stats.clearedBlocks() - stats.missingBlocks();
  }

  /** A read-only view of version {@code version}, checked against the current version. */
  Hyperbee checkout(long version) {
    long current = bee.version();
    if (version < 1 || version > current) {
      throw CliException.usage("version " + version + " does not exist in " + dir
          + " (versions are 1.." + current + ")");
    }
    return bee.checkout(version);
  }

  /**
   * Opens the bee in {@code dir} to write to it; refused unless it holds its secret key. With
   * {@code sync} every write is on disk when it returns; without, the OS writes it later.
   */
  static BeeDirectory openWritable(Path dir, boolean sync) {
    BeeDirectory db = open(dir, false, sync);
    if (!db.core.writable()) {
      db.close();
      throw CliException.failed("the bee in " + dir + " is read-only: it holds no secret key"
          + " for its core " + Encoding.hex(db.core.key()) + ", so it cannot be written");
    }
    return db;
  }

  @Override
  public void close() {
    try {
      if (extension != null) {
        extension.close();
      }
      bee.close();
    } finally {
      closeLinkAndCore(upstream, core);
    }
  }

  private static void closeLinkAndCore(Upstream upstream, Hypercore core) {
    try {
      if (upstream != null) {
        upstream.close();
      }
    } finally {
      core.close();
    }
  }

  private static void requireBee(Path dir) {
    if (!Files.exists(dir)) {
      throw CliException.failed("no bee in " + dir + ": the directory does not exist"
          + " (create a bee with: hyperbee init " + dir + ")");
    }
    if (!Files.isDirectory(dir)) {
      throw CliException.failed("no bee in " + dir + ": it is a file, not a directory");
    }
    if (isEmpty(dir)) {
      throw CliException.failed("no bee in " + dir + ": the directory is empty"
          + " (create a bee with: hyperbee init " + dir + ")");
    }
  }

  private static void requireNoBee(Path dir) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw CliException.failed("cannot create a bee in " + dir + ": it is a file");
    }
    if (Files.isDirectory(dir) && !isEmpty(dir)) {
      throw CliException.failed("cannot create a bee in " + dir
          + ": the directory is not empty (is there a bee in it already?)");
    }
  }

  private static boolean isEmpty(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.findAny().isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
