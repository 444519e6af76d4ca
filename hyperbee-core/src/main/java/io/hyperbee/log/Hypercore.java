package io.hyperbee.log;

import static java.util.Objects.requireNonNull;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.crypto.Caps;
import io.hyperbee.crypto.KeyPair;
import io.hyperbee.crypto.Manifest;
import io.hyperbee.crypto.NodeHasher;
import io.hyperbee.crypto.Verifier;
import io.hyperbee.merkle.FlatTree;
import io.hyperbee.merkle.HashWorkers;
import io.hyperbee.merkle.MerkleTree;
import io.hyperbee.merkle.Node;
import io.hyperbee.merkle.NodeReader;
import io.hyperbee.merkle.Proof;
import io.hyperbee.merkle.ProofBuilder;
import io.hyperbee.merkle.ProofCodec;
import io.hyperbee.merkle.ProofRequest;
import io.hyperbee.merkle.ProofVerifier;
import io.hyperbee.merkle.TreeBatch;
import io.hyperbee.merkle.TreeState;
import io.hyperbee.merkle.VerifiedProof;
import io.hyperbee.storage.CoreHead;
import io.hyperbee.storage.CoreIdentity;
import io.hyperbee.storage.CoreStorage;
import io.hyperbee.storage.FileCoreStorage;
import io.hyperbee.storage.MemoryCoreStorage;
import io.hyperbee.storage.Reclaimed;
import io.hyperbee.storage.StorageBatch;
import io.hyperbee.storage.StorageStats;
import io.hyperbee.storage.WholeLengths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A signed, Merkle-tree append-only log, byte-compatible with JS Hypercore 11: the same blocks
 * and key pair give the same key, tree hashes and signatures.
 *
 * <p>Keys: a new core gets the default single-signer manifest and key = manifest hash (JS
 * default); with {@code compat} key = public key. A core opened from a key alone is a read-only
 * replica that stores only what verified proofs brought ({@link #applyProof}), and with a
 * {@link BlockSource} fetches missing blocks on {@link #get}.
 *
 * <p>Signing is deferred: an append stores the new head (fork, length, byte length) unsigned and
 * without its tree hash, and the tree hash and signature are made when something needs them -
 * {@link #signature()}, {@link #state()}, a {@link #proof}, {@link #verify()} - and stored by
 * {@link #close()}. A run of appends nobody looks at in between costs one tree hash and one
 * Ed25519 signature instead of one each. Ed25519 is deterministic, so the signature made late (or
 * by the next open, after a crash left the stored head unsigned) is the very one JS makes for
 * that state; no unsigned state ever leaves the core.
 *
 * <p>Threads: appends, truncates, stored proofs and late signing take the core's lock; reads never
 * lock and see the state published by the last commit. The core owns its storage and closes it,
 * and holds a lease on the process's {@link HashWorkers}, which help hash a large append.
 */
public final class Hypercore implements BlockLog {
  /** How often a fetch is rebuilt because the tree moved under it before it gives up. */
  private static final int MAX_STALE_FETCHES = 16;

  private final CoreStorage storage;
  private final NodeReader nodes;
  private final byte[] key;
  private final byte[] discoveryKey;
  private final KeyPair keyPair;
  private final BlockSource source;
  private final boolean verifyReads;
  private final boolean readOnly;
  private final ReentrantLock lock = new ReentrantLock();
  private final HashWorkers.Lease hashWorkers; // help for large appends; released by close
  private final List<CoreListener> listeners = new CopyOnWriteArrayList<>();
  private volatile Verifier verifier; // null while a key-only replica has not learned its manifest
  private volatile TreeState state; // unsigned after an append until signedState() signs it
  /**
   * Whether the head in storage is unsigned (appends since the last stored signature): close
   * stores the signature then, also when the state was signed in memory meanwhile. Under the lock.
   */
  private boolean storedUnsigned;
  private volatile boolean closed;
  private volatile RuntimeException failure; // first failed commit: the stored state is uncertain

  private Hypercore(CoreStorage storage, HypercoreOptions options) {
    this.storage = storage;
    this.nodes = storage::readNode;
    this.source = options.blockSource();
    this.verifyReads = options.verifyReads();
    this.readOnly = options.readOnly();
    CoreIdentity identity = storage.identity();
    if (identity == null) {
      if (!options.createIfMissing()) {
        throw new HyperbeeException(ErrorCode.STORAGE_CONFLICT, "storage holds no core and createIfMissing is off");
      }
      identity = newIdentity(options);
      if (identity != null) {
        storage.create(identity);
      }
    } else {
      if (options.errorIfExists()) {
        throw new HyperbeeException(ErrorCode.STORAGE_CONFLICT, "storage already holds a core");
      }
      byte[] wanted = options.key();
      if (wanted != null && !Arrays.equals(wanted, identity.key())) {
        throw new HyperbeeException(ErrorCode.STORAGE_CONFLICT, "storage holds a different core than the key asked for");
      }
    }
    if (identity == null) {
      // key-only replica whose manifest is not known yet: storage is created by the first proof
      this.key = options.key();
      this.keyPair = null;
      this.verifier = null;
      this.state = TreeState.empty();
    } else {
      this.key = identity.key().clone();
      this.verifier = verifierOf(identity);
      this.keyPair = identity.secretKey() == null ? null : KeyPair.fromSecretKey(identity.secretKey());
      CoreHead head = storage.head();
      this.state = loadState(head);
      this.storedUnsigned = head.length() > 0 && head.signature() == null;
    }
    this.discoveryKey = Caps.discoveryKey(key);
    this.hashWorkers = HashWorkers.lease(); // last: nothing after it can fail and leak the lease
  }

  /** Opens (or creates, per options) the core stored in directory {@code dir}. */
  public static Hypercore open(Path dir, HypercoreOptions options) {
    requireNonNull(dir, "dir is null");
    requireNonNull(options, "options is null");
    return open(openFileStorage(dir, options), options);
  }

  /** A core kept in memory only (tests, scratch). */
  public static Hypercore inMemory(HypercoreOptions options) {
    requireNonNull(options, "options is null");
    return open(new MemoryCoreStorage(), options);
  }

  /**
   * Opens (or creates) the core held by {@code storage}, which the core then owns (closing the
   * core closes it, and so does a failure to open).
   */
  public static Hypercore open(CoreStorage storage, HypercoreOptions options) {
    requireNonNull(storage, "storage is null");
    requireNonNull(options, "options is null");
    try {
      return new Hypercore(storage, options);
    } catch (RuntimeException e) {
      try {
        storage.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** A read-only replica of {@code origin}'s core in memory that fetches blocks from {@code origin} on demand. */
  public static Hypercore sparseReplicaOf(Hypercore origin) {
    return inMemory(HypercoreOptions.builder().key(origin.key()).blockSource(origin::proof).build());
  }

  private static CoreStorage openFileStorage(Path dir, HypercoreOptions options) {
    requireNonNull(dir, "dir is null");
    requireNonNull(options, "options is null");
    if (options.readOnly()) {
      return FileCoreStorage.openReadOnly(dir);
    }
    return FileCoreStorage.open(dir, options.createIfMissing(), options.errorIfExists(), options.sync());
  }

  private static CoreIdentity newIdentity(HypercoreOptions options) {
    byte[] wantedKey = options.key();
    if (wantedKey != null && options.keyPair() == null) {
      Manifest manifest = options.manifest();
      if (manifest == null && !options.compat()) {
        return null;
      }
      Verifier v = manifest == null ? Verifier.compat(wantedKey) : Verifier.forKey(wantedKey, manifest);
      return identityOf(v, null);
    }
    KeyPair kp = options.keyPair() != null ? options.keyPair() : KeyPair.random();
    Verifier v = options.compat()
        ? Verifier.compat(kp.publicKey())
        : Verifier.forManifest(Manifest.defaultSigner(kp.publicKey()));
    if (wantedKey != null && !Arrays.equals(wantedKey, v.key())) {
      throw new IllegalArgumentException("key does not belong to keyPair");
    }
    return identityOf(v, kp);
  }

  private static CoreIdentity identityOf(Verifier v, KeyPair kp) {
    List<Manifest.Signer> signers = v.manifest().signers();
    byte[] publicKey = signers.size() == 1 ? signers.get(0).publicKey() : null;
    return new CoreIdentity(
        v.key(), v.compat() ? null : v.manifest().encode(), publicKey, kp == null ? null : kp.secretKey(), v.compat());
  }

  private static Verifier verifierOf(CoreIdentity identity) {
    if (identity.compat()) {
      return Verifier.compat(identity.publicKey() != null ? identity.publicKey() : identity.key());
    }
    if (identity.manifest() == null) {
      throw new HyperbeeException(ErrorCode.CORRUPTION, "stored core has neither a manifest nor compat flag");
    }
    Verifier v = Verifier.forManifest(Manifest.decode(identity.manifest()));
    if (!Arrays.equals(v.key(), identity.key())) {
      throw new HyperbeeException(ErrorCode.CORRUPTION, "stored manifest does not hash to the stored key");
    }
    return v;
  }

  /** Rebuilds the tree state of a stored head and checks it against the signature. */
  private TreeState loadState(CoreHead head) {
    if (head.length() == 0) {
      return new TreeState(head.fork(), List.of(), head.signature());
    }
    TreeState s;
    try {
      s = new TreeState(head.fork(), MerkleTree.rootsAt(nodes, head.length()), head.signature());
    } catch (HyperbeeException e) {
      throw new HyperbeeException(ErrorCode.CORRUPTION, "roots of length " + head.length() + " are missing", e);
    }
    if (s.byteLength() != head.byteLength()
        || (head.treeHash() != null && !Arrays.equals(s.treeHash(), head.treeHash()))) {
      throw new HyperbeeException(ErrorCode.CORRUPTION, "stored roots do not match the stored head at length " + head.length());
    }
    if (s.signature() != null && head.treeHash() == null) {
      throw new HyperbeeException(ErrorCode.CORRUPTION, "the stored head at length " + head.length() + " is signed but has no tree hash");
    }
    if (s.signature() == null) {
      // the last appends before a crash, or before a close that failed to store the signature
      if (keyPair == null) {
        throw new HyperbeeException(
            ErrorCode.CORRUPTION, "the stored head at length " + head.length() + " is unsigned and the core has no secret key");
      }
      return s; // signed on demand, like any fresh append
    }
    verifier.check(s.treeHash(), s.length(), s.fork(), s.signature());
    return s;
  }

  @Override
  public long length() {
    return state.length();
  }

  /** Total bytes of all blocks. */
  public long byteLength() {
    return state.byteLength();
  }

  /** The fork id; bumped by {@link #truncate(long)}. */
  public long fork() {
    return state.fork();
  }

  /** The current signed tree state (immutable; pin it to read a consistent snapshot). */
  public TreeState state() {
    return signedState();
  }

  /**
   * The current state with its signature, signing it now when the appends since the last
   * signature left it unsigned (deferred signing, see the class comment).
   */
  private TreeState signedState() {
    TreeState s = state;
    if (!unsigned(s)) {
      return s;
    }
    lock.lock();
    try {
      s = state;
      if (unsigned(s)) {
        s = sign(s);
        state = s;
      }
      return s;
    } finally {
      lock.unlock();
    }
  }

  /** True for a writer's state whose signature is deferred (only a never-written core has none). */
  private boolean unsigned(TreeState s) {
    return s.signature() == null && s.length() > 0 && keyPair != null;
  }

  @Override
  public byte[] key() {
    return key.clone();
  }

  @Override
  public byte[] discoveryKey() {
    return discoveryKey.clone();
  }

  /** The writer's key pair, or null for a read-only core. */
  public KeyPair keyPair() {
    return keyPair;
  }

  /** The manifest (null for compat cores and for replicas that have not learned it yet). */
  public Manifest manifest() {
    Verifier v = verifier;
    return v == null || v.compat() ? null : v.manifest();
  }

  /** True for compat cores (key = public key, bare signatures). */
  public boolean compat() {
    Verifier v = verifier;
    return v != null && v.compat();
  }

  /** Tree hash (hash of the roots) at the current length. */
  public byte[] treeHash() {
    checkOpen();
    return state.treeHash().clone();
  }

  /** Tree hash at an earlier {@code length} (at most the current length). */
  public byte[] treeHash(long length) {
    checkOpen();
    TreeState s = state;
    if (length < 0 || length > s.length()) {
      throw new IllegalArgumentException("length " + length + " outside 0.." + s.length());
    }
    if (length == s.length()) {
      return s.treeHash().clone();
    }
    return TreeState.treeHash(MerkleTree.rootsAt(nodes, length));
  }

  /** The stored signature container for the current (treeHash, length, fork), or null when empty. */
  public byte[] signature() {
    checkOpen();
    byte[] sig = signedState().signature();
    return sig == null ? null : sig.clone();
  }

  @Override
  public byte[] get(long index) {
    checkOpen();
    if (index < 0) {
      throw new IllegalArgumentException("index must not be negative: " + index);
    }
    TreeState s = state;
    if (index >= s.length() && (source == null || keyPair != null)) {
      throw new HyperbeeException(
          ErrorCode.SNAPSHOT_NOT_AVAILABLE, "block " + index + " is past the length " + s.length());
    }
    byte[] block = index < s.length() ? storage.readBlock(index) : null;
    if (block != null) {
      if (verifyReads) {
        checkBlock(index, block);
      }
      return block;
    }
    if (source == null) {
      throw notAvailable(index);
    }
    return fetch(index);
  }

  @Override
  public byte[][] getStored(long start, int count) {
    checkOpen();
    TreeState s = state;
    if (start < 0 || count < 0 || count > s.length() - start) {
      throw new IllegalArgumentException(
          "blocks " + start + " + " + count + " outside 0.." + s.length());
    }
    return verified(storage.readBlocks(start, count), start, null);
  }

  @Override
  public byte[][] getStored(long[] indexes) {
    checkOpen();
    TreeState s = state;
    for (long i : indexes) {
      if (i < 0 || i >= s.length()) {
        throw new IllegalArgumentException("block " + i + " outside 0.." + s.length());
      }
    }
    return verified(storage.readBlocks(indexes), 0, indexes);
  }

  /** {@code blocks} (of {@code indexes}, or from {@code start} on), checked when reads verify. */
  private byte[][] verified(byte[][] blocks, long start, long[] indexes) {
    for (int k = 0; k < blocks.length && verifyReads; k++) {
      if (blocks[k] != null) {
        checkBlock(indexes == null ? start + k : indexes[k], blocks[k]);
      }
    }
    return blocks;
  }

  /**
   * Tells the block source, if any, of those of {@code indexes} below the length and not stored
   * (see {@link BlockLog#prefetch}); a core without a source, or a writer, asks nothing.
   */
  @Override
  public void prefetch(long[] indexes) {
    requireNonNull(indexes, "indexes is null");
    if (source == null || keyPair != null) {
      return;
    }
    checkOpen();
    long length = state.length();
    long[] missing = new long[indexes.length];
    int n = 0;
    for (long i : indexes) {
      if (i >= 0 && i < length && !storage.hasAll(i, i + 1)) {
        missing[n++] = i;
      }
    }
    if (n > 0) {
      source.prefetch(Arrays.copyOf(missing, n));
    }
  }

  /** True when block {@code index} is stored locally (below the length: unless it was cleared, for a writer). */
  @Override
  public boolean has(long index) {
    return has(index, index + 1);
  }

  /**
   * True when every block of {@code [start, end)} is stored locally, as JS {@code core.has(start,
   * end)}; exact, and for a file-backed core answered from memory.
   */
  public boolean has(long start, long end) {
    checkOpen();
    if (start < 0 || end < start) {
      return false;
    }
    return end <= state.length() && storage.hasAll(start, end);
  }

  /**
   * Drops the local data of blocks {@code [start, end)}, as JS {@code core.clear(start, end)}: the
   * Merkle tree, the signature and {@link #verify} of the rest stay intact; {@link #has} says they
   * are gone; a read of one is fetched from the block source when the core has one, else fails
   * with {@code BLOCK_NOT_AVAILABLE} ("not available locally"). A replica may clear what it
   * downloaded. The disk space returns with {@link #reclaim}. Durable when it returns.
   *
   * @throws IllegalArgumentException for a negative or inverted range
   * @throws HyperbeeException READ_ONLY when the storage was opened read-only
   */
  public void clear(long start, long end) {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad block range " + start + ".." + end);
    }
    clearRuns(new long[] {start, end});
  }

  /**
   * {@link #clear(long, long)} of every range {@code [runs[2k], runs[2k + 1])} (ascending, not
   * overlapping), in as few durable commits as the storage can: one per range would cost a
   * round of forces each (see {@link CoreStorage#clearRuns}).
   *
   * @throws IllegalArgumentException for ranges that are inverted, negative, overlapping or out of order
   * @throws HyperbeeException READ_ONLY when the storage was opened read-only
   */
  public void clearRuns(long[] runs) {
    checkOpen();
    long[] cut = runs.clone();
    CoreStorage.checkRuns(cut);
    lock.lock();
    try {
      checkOpen();
      long length = state.length();
      for (int k = 0; k < cut.length; k++) {
        cut[k] = Math.min(cut[k], length);
      }
      storage.clearRuns(cut);
      for (int k = 0; k < cut.length; k += 2) {
        long start = cut[k];
        long end = cut[k + 1];
        if (start < end) {
          tell(l -> l.onClear(start, end)); // peers are told (a range with drop), as JS's clear does
        }
      }
    } catch (RuntimeException e) {
      if (!(e instanceof IllegalArgumentException) && !(e instanceof UnsupportedOperationException)
          && !(e instanceof HyperbeeException h && h.code() == ErrorCode.READ_ONLY)) {
        failure = e; // the storage failed mid-way: latched as a failed commit is
      }
      throw e;
    } finally {
      lock.unlock();
    }
  }

  /** {@link #clear(long, long)} of the one block {@code index}. */
  public void clear(long index) {
    clear(index, index + 1);
  }

  /**
   * Gives the disk space of cleared and truncated blocks back to the file system (see {@link
   * CoreStorage#reclaim}); {@code full}: leave no dead byte. Blocks and reads are unaffected.
   */
  public Reclaimed reclaim(boolean full) {
    checkOpen();
    lock.lock();
    try {
      checkOpen();
      return storage.reclaim(full);
    } catch (RuntimeException e) {
      if (!(e instanceof HyperbeeException h && h.code() == ErrorCode.READ_ONLY)) {
        failure = e;
      }
      throw e;
    } finally {
      lock.unlock();
    }
  }

  /** What the storage holds: live, on-disk and reclaimable bytes, cleared blocks (see {@link StorageStats}). */
  public StorageStats storageStats() {
    checkOpen();
    return storage.stats();
  }

  /** The error for a block that is not stored here and no source can give. */
  private HyperbeeException notAvailable(long index) {
    if (storage.isCleared(index)) {
      return new HyperbeeException(ErrorCode.BLOCK_NOT_AVAILABLE,
          "block " + index + " is not available locally: it was cleared");
    }
    return new HyperbeeException(ErrorCode.BLOCK_NOT_AVAILABLE, "block " + index + " is not stored");
  }

  private void checkBlock(long index, byte[] block) {
    Node leaf = storage.readNode(2 * index);
    if (leaf == null) {
      throw new HyperbeeException(ErrorCode.CORRUPTION, "block " + index + " has no tree node");
    }
    if (leaf.size() != block.length || !Arrays.equals(leaf.hash(), NodeHasher.local().leaf(block))) {
      throw new HyperbeeException(ErrorCode.INVALID_CHECKSUM, "block " + index + " does not match its tree node");
    }
  }

  /**
   * Asks the block source for a missing block (and an upgrade when it is past the length). The
   * source is asked without the core's lock held: it may wait on the network, and other reads,
   * fetches and stored proofs go on meanwhile. A source may store what it fetched itself (a
   * replicator verifies each answer to judge the peer that sent it): a block stored by the time it
   * answers is read from storage, and when the tree moved while it was asked (an upgrade arrived)
   * the request is built again for the new state.
   */
  private byte[] fetch(long index) {
    for (int attempt = 0; ; attempt++) {
      checkOpen();
      TreeState s = state;
      byte[] block = index < s.length() ? storage.readBlock(index) : null;
      if (block != null) {
        return block; // another reader fetched it meanwhile
      }
      ProofRequest request = requestFor(s, index);
      Proof proof = ask(request, index);
      TreeState now = state;
      block = index < now.length() ? storage.readBlock(index) : null;
      if (block != null) {
        return block;
      }
      if (now != s && attempt < MAX_STALE_FETCHES) {
        continue; // the answer was for a tree that has moved on: ask again
      }
      if (proof == null) {
        throw new HyperbeeException(ErrorCode.BLOCK_NOT_AVAILABLE, "block " + index + " is not available from the source");
      }
      lock.lock();
      try {
        checkOpen();
        if (state != s) {
          continue; // moved while we took the lock: the proof's uncles may no longer fit
        }
        return applyLocked(proof, request).blockValue();
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * The request a block source would be sent for block {@code index} now (its proof nodes are
   * those this core lacks), or null when the block is stored or past the length: lets a
   * replicator fetch blocks ahead of reads (hypercore's {@code download}).
   */
  public ProofRequest missingBlockRequest(long index) {
    checkOpen();
    TreeState s = state;
    if (index < 0 || index >= s.length() || storage.readBlock(index) != null) {
      return null;
    }
    return requestFor(s, index);
  }

  private ProofRequest requestFor(TreeState s, long index) {
    ProofRequest request;
    if (index < s.length()) {
      request = ProofRequest.block(s.fork(), index, MerkleTree.missingNodes(nodes, 2 * index, s.length()));
    } else {
      request = ProofRequest.upgrade(s.fork(), s.length(), index + 1 - s.length()).withBlock(index, 0);
    }
    return request.withManifest(verifier == null);
  }

  private Proof ask(ProofRequest request, long index) {
    try {
      return source.request(request);
    } catch (HyperbeeException e) {
      if (e.code() == ErrorCode.INVALID_PROOF || e.code() == ErrorCode.INVALID_SIGNATURE
          || e.code() == ErrorCode.BLOCK_NOT_AVAILABLE || e.code() == ErrorCode.CLOSED) {
        throw e;
      }
      throw new HyperbeeException(ErrorCode.BLOCK_NOT_AVAILABLE, "block " + index + ": the source failed", e);
    }
  }

  public long append(byte[]... blocks) {
    requireNonNull(blocks, "blocks is null");
    return append(Arrays.asList(blocks));
  }

  @Override
  public long append(List<byte[]> blocks) {
    return append(blocks, true);
  }

  @Override
  public long appendOwned(List<byte[]> blocks) {
    return append(blocks, false);
  }

  /**
   * As {@link #append(List)}, for a writer that groups several whole versions into one append
   * (issue 18): {@code innerWholeLengths} (ascending, strictly between the current length and the
   * new one) are recorded as whole too, besides the new length.
   */
  public long append(List<byte[]> blocks, long[] innerWholeLengths) {
    requireNonNull(innerWholeLengths, "innerWholeLengths is null");
    return append(blocks, innerWholeLengths.clone(), true);
  }

  /** As {@link #append(List, long[])}, handing the arrays over (see {@link #appendOwned(List)}). */
  public long appendOwned(List<byte[]> blocks, long[] innerWholeLengths) {
    requireNonNull(innerWholeLengths, "innerWholeLengths is null");
    return append(blocks, innerWholeLengths.clone(), false);
  }

  /**
   * As {@link #appendOwned(List, long[])}, only while the core is still at {@code length} and
   * {@code fork}: for a writer that encoded the blocks against that head (a bee's blocks name
   * the seqs of the nodes they point at). Refused with nothing appended when another writer
   * appended or truncated in between.
   *
   * @throws HyperbeeException CORE_MOVED when the core is no longer at that head
   */
  public long appendOwnedAt(long length, long fork, List<byte[]> blocks, long[] innerWholeLengths) {
    requireNonNull(innerWholeLengths, "innerWholeLengths is null");
    return append(blocks, innerWholeLengths.clone(), false, length, fork);
  }

  /**
   * Runs {@code action} while no other thread can append to or truncate this core (the calling
   * thread may: the lock is reentrant). For a writer that lost {@link #appendOwnedAt}'s race
   * again and again to another writer on the same core: encoding and appending under it, it
   * cannot lose again. Keep the action short: every other writer of the core waits for it.
   */
  public <T> T holdingAppends(java.util.function.Supplier<T> action) {
    requireNonNull(action, "action is null");
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }

  /** The error of a write whose blocks were encoded against a head the core has left. */
  public static HyperbeeException movedUnder(long length, long fork, long nowLength, long nowFork) {
    return new HyperbeeException(ErrorCode.CORE_MOVED, "the core moved under this write (encoded at length "
        + length + ", fork " + fork + "; the core is now at length " + nowLength + ", fork " + nowFork
        + "): another writer appended or truncated it; nothing was written");
  }

  private long append(List<byte[]> blocks, boolean copy) {
    return append(blocks, NO_LENGTHS, copy);
  }

  private long append(List<byte[]> blocks, long[] inner, boolean copy) {
    return append(blocks, inner, copy, -1, -1);
  }

  private static final long[] NO_LENGTHS = new long[0];

  /**
   * Appends {@code blocks}, copying each first unless the caller handed them over, and records the
   * new length (and {@code inner}) as whole in the same commit; only at {@code atLength} and
   * {@code atFork} unless {@code atLength} is negative.
   */
  private long append(List<byte[]> blocks, long[] inner, boolean copy, long atLength, long atFork) {
    requireNonNull(blocks, "blocks is null");
    checkOpen();
    checkWritable();
    lock.lock();
    try {
      checkOpen();
      TreeState s = state;
      if (atLength >= 0 && (s.length() != atLength || s.fork() != atFork)) {
        throw movedUnder(atLength, atFork, s.length(), s.fork());
      }
      if (blocks.isEmpty()) {
        return s.length();
      }
      // each block hashed as stored: the copy when copying, read once
      List<StorageBatch.BlockWrite> writes;
      TreeState next; // unsigned: signed when needed, by signedState()
      List<Node> nodes;
      if (blocks.size() == 1) { // an unbatched write: no batch to grow, no lists to build
        byte[] block = requireNonNull(blocks.get(0), "block 0 is null");
        block = copy ? block.clone() : block;
        writes = List.of(new StorageBatch.BlockWrite(s.length(), block));
        TreeBatch.OneBlock one = TreeBatch.appendOne(s, s.fork(), block);
        next = one.state();
        nodes = one.nodesByIndex();
      } else {
        writes = new ArrayList<>(blocks.size());
        List<byte[]> stored = new ArrayList<>(blocks.size());
        for (int i = 0; i < blocks.size(); i++) {
          byte[] block = blocks.get(i);
          if (block == null) {
            throw new NullPointerException("block " + i + " is null");
          }
          if (copy) {
            block = block.clone();
          }
          writes.add(new StorageBatch.BlockWrite(s.length() + i, block));
          stored.add(block);
        }
        TreeBatch batch = new TreeBatch(s, hashWorkers);
        batch.appendAll(stored);
        next = batch.toState(s.fork(), null);
        nodes = batch.nodesByIndex();
      }
      long[] whole = Arrays.copyOf(inner, inner.length + 1);
      whole[inner.length] = next.length();
      for (int i = 0; i < inner.length; i++) {
        if (inner[i] <= (i == 0 ? s.length() : inner[i - 1]) || inner[i] >= next.length()) {
          throw new IllegalArgumentException("inner whole length " + inner[i] + " is not ascending strictly"
              + " between " + s.length() + " and " + next.length());
        }
      }
      // the record starts with the first append that knows it: lengths before are not known
      long knownFrom = storage.wholeLengths().knownFrom() < 0 ? s.length() : -1;
      commit(new StorageBatch(-1, writes, nodes, headOf(next), knownFrom, whole));
      state = next;
      storedUnsigned = true;
      fireAppend(s.length(), next.length(), false);
      return next.length();
    } finally {
      lock.unlock();
    }
  }

  /** The lengths known to be whole versions, as recorded by this core's storage. */
  @Override
  public WholeLengths wholeLengths() {
    checkOpen();
    return storage.wholeLengths();
  }

  /**
   * Records {@code lengths} as whole versions, as learned elsewhere (a signed length a writer
   * published; verified upgrades are recorded by {@link #applyProof} already). Lengths at or below
   * the last recorded one, or past the current length, are not recorded (the record is ascending).
   *
   * @throws IllegalArgumentException for a length the record knows to lie inside an append
   */
  public void addWholeLengths(long... lengths) {
    requireNonNull(lengths, "lengths is null");
    checkOpen();
    lock.lock();
    try {
      checkOpen();
      WholeLengths w = storage.wholeLengths();
      long[] sorted = lengths.clone();
      Arrays.sort(sorted);
      long last = w.last();
      long length = state.length();
      List<Long> added = new ArrayList<>();
      for (long v : sorted) {
        if (w.status(v) == WholeLengths.Status.INSIDE && v <= length) {
          throw new IllegalArgumentException("length " + v + " lies inside an append this core recorded");
        }
        if (v > last && v <= length && v > 0) {
          added.add(v);
          last = v;
        }
      }
      if (!added.isEmpty()) {
        long[] whole = added.stream().mapToLong(Long::longValue).toArray();
        commit(new StorageBatch(-1, List.of(), List.of(), null, -1, whole));
      }
    } finally {
      lock.unlock();
    }
  }

  /** What the storage's recovery found on open (see {@link CoreStorage#recoveryFindings}). */
  public List<String> recoveryFindings() {
    return storage.recoveryFindings();
  }

  /**
   * Makes everything committed so far durable: on disk when this returns, whatever the {@code
   * sync} option (which makes every append durable by itself). For a core opened with {@code sync}
   * off this is LevelDB's {@code WriteOptions.sync}: one write made durable.
   */
  public void sync() {
    checkOpen();
    lock.lock();
    try {
      checkOpen();
      storage.sync();
    } finally {
      lock.unlock();
    }
  }

  /** Truncates to {@code newLength}, bumping the fork id and re-signing, as JS does. */
  public void truncate(long newLength) {
    checkOpen();
    checkWritable();
    lock.lock();
    try {
      checkOpen();
      TreeState s = state;
      if (newLength < 0 || newLength > s.length()) {
        throw new IllegalArgumentException("newLength " + newLength + " outside 0.." + s.length());
      }
      TreeState next = sign(MerkleTree.truncate(s, nodes, newLength, s.fork() + 1));
      commit(new StorageBatch(newLength, List.of(), List.of(), headOf(next)));
      state = next;
      storedUnsigned = false;
      fireTruncate(newLength, next.fork());
    } finally {
      lock.unlock();
    }
  }

  /** Signs a state (JS signs a truncation to length 0 too; only a never-written core is unsigned). */
  private TreeState sign(TreeState unsigned) {
    return unsigned.withSignature(verifier.sign(keyPair, unsigned.treeHash(), unsigned.length(), unsigned.fork()));
  }

  /** Commits a batch; a failure is latched and handed to every later call (the store may be half-written). */
  private void commit(StorageBatch batch) {
    try {
      storage.commit(batch);
    } catch (RuntimeException e) {
      failure = e;
      throw e;
    }
  }

  /**
   * The head to store for {@code s}. An unsigned state (signing deferred) is stored without its
   * tree hash, which is then not computed at all: open rebuilds it from the stored roots.
   */
  private static CoreHead headOf(TreeState s) {
    byte[] treeHash = s.signature() == null ? null : s.treeHash();
    return new CoreHead(s.fork(), s.length(), s.byteLength(), treeHash, s.signature());
  }

  /**
   * Builds the proof answering {@code request} from this core's current signed state (for a
   * replica; see {@link BlockSource}). Includes the manifest when asked and the core has one.
   *
   * @throws HyperbeeException {@code BLOCK_NOT_AVAILABLE} when a needed block or node is not stored
   */
  public Proof proof(ProofRequest request) {
    requireNonNull(request, "request is null");
    checkOpen();
    Proof p = ProofBuilder.build(signedState(), nodes, storage::readBlock, request);
    Manifest m = manifest();
    return request.manifest() && m != null ? p.withManifest(m) : p;
  }

  /**
   * Verifies a proof against this replica's tree (and, with an upgrade, the signature against the
   * manifest), then stores everything it proves in one commit. Nothing is stored when it fails.
   *
   * @throws HyperbeeException {@code INVALID_PROOF} / {@code INVALID_SIGNATURE} naming the problem
   */
  public VerifiedProof applyProof(Proof proof) {
    return applyProof(proof, null);
  }

  /** Like {@link #applyProof(Proof)}, also checking that the proof answers {@code request}. */
  public VerifiedProof applyProof(Proof proof, ProofRequest request) {
    requireNonNull(proof, "proof is null");
    checkOpen();
    lock.lock();
    try {
      checkOpen();
      return applyLocked(proof, request);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Applies several proofs answering {@code requests} (same order; a null request checks nothing
   * more) and stores those that verify in as few commits as it can: block and hash proofs
   * without an upgrade or manifest share one commit, so a replica downloading many blocks at
   * once pays for one storage commit instead of one per block. A proof that fails is stored not at all and does not stop the
   * others; the others are exactly as {@link #applyProof(Proof, ProofRequest)} would store them.
   *
   * @return per proof, in order: null when stored, else why not (what {@code applyProof} throws)
   */
  public List<RuntimeException> applyProofs(List<Proof> proofs, List<ProofRequest> requests) {
    if (proofs.size() != requests.size()) {
      throw new IllegalArgumentException(proofs.size() + " proofs for " + requests.size() + " requests");
    }
    List<RuntimeException> outcomes = new ArrayList<>(java.util.Collections.nCopies(proofs.size(), null));
    checkOpen();
    lock.lock();
    try {
      checkOpen();
      SharedCommit shared = new SharedCommit(outcomes);
      for (int i = 0; i < proofs.size(); i++) {
        Proof p = requireNonNull(proofs.get(i), "proof is null");
        try {
          if (keyPair == null && verifier != null && p.upgrade() == null && p.manifest() == null) {
            shared.add(i, ProofVerifier.verify(state, nodes, verifier, p, requests.get(i)));
          } else {
            shared = shared.commit(); // what was verified before an upgrade is stored before it
            applyLocked(p, requests.get(i));
          }
        } catch (HyperbeeException | IllegalArgumentException e) {
          outcomes.set(i, e);
        }
      }
      shared.commit();
      return outcomes;
    } finally {
      lock.unlock();
    }
  }

  /** Verified block and hash proofs stored in one commit, each block and node once. */
  private final class SharedCommit {
    final List<RuntimeException> outcomes;
    final List<Integer> members = new ArrayList<>();
    final java.util.Map<Long, StorageBatch.BlockWrite> blocks = new java.util.LinkedHashMap<>();
    final java.util.Map<Long, Node> treeNodes = new java.util.LinkedHashMap<>();

    SharedCommit(List<RuntimeException> outcomes) {
      this.outcomes = outcomes;
    }

    void add(int member, VerifiedProof verified) {
      members.add(member);
      if (verified.blockValue() != null) {
        blocks.put(verified.blockIndex(), new StorageBatch.BlockWrite(verified.blockIndex(), verified.blockValue()));
      }
      verified.nodes().forEach(n -> treeNodes.put(n.index(), n));
    }

    /** Stores the members (a failure is each member's outcome); returns an empty one to go on with. */
    SharedCommit commit() {
      if (!members.isEmpty()) {
        try {
          Hypercore.this.commit(new StorageBatch(-1, List.copyOf(blocks.values()), List.copyOf(treeNodes.values()), null));
        } catch (RuntimeException e) {
          members.forEach(i -> outcomes.set(i, e));
        }
      }
      return new SharedCommit(outcomes);
    }
  }

  /** Decodes a serialized proof ({@link ProofCodec}) and applies it. */
  public VerifiedProof applyProof(byte[] serialized, ProofRequest request) {
    return applyProof(ProofCodec.decode(serialized), request);
  }

  private VerifiedProof applyLocked(Proof proof, ProofRequest request) {
    if (keyPair != null) {
      throw new HyperbeeException(ErrorCode.INVALID_OPERATION, "a writable core does not take proofs");
    }
    Verifier v = verifier;
    if (v == null) {
      v = Verifier.forKey(key, proof.manifest());
    } else if (proof.manifest() != null) {
      Verifier.forKey(key, proof.manifest()); // a manifest that is not ours makes the proof invalid
    }
    TreeState s = state;
    VerifiedProof verified = ProofVerifier.verify(s, nodes, v, proof, request);
    if (verifier == null) {
      storage.create(identityOf(v, null));
      verifier = v;
    }
    List<StorageBatch.BlockWrite> writes = verified.blockValue() == null
        ? List.of()
        : List.of(new StorageBatch.BlockWrite(verified.blockIndex(), verified.blockValue()));
    TreeState next = verified.state();
    // a signed length is one the writer reached: whole (recorded when it is past the record)
    long[] whole = next != null && next.length() > storage.wholeLengths().last() && next.length() > 0
        ? new long[] {next.length()}
        : NO_LENGTHS;
    commit(new StorageBatch(-1, writes, verified.nodes(), next == null ? null : headOf(next), -1, whole));
    if (next != null) {
      state = next;
      // ProofVerifier refuses reorgs (a fork change only onto an empty replica): no truncation here
      if (next.length() > s.length()) {
        fireAppend(s.length(), next.length(), true);
      }
    }
    return verified;
  }

  /**
   * Checks every stored block against the Merkle tree, every stored parent against its stored
   * children, the roots against the state, and the signature against the manifest. A sparse
   * replica checks what it holds.
   *
   * @throws io.hyperbee.HyperbeeException naming the first failure
   */
  public void verify() {
    checkOpen();
    TreeState s = signedState();
    NodeHasher h = NodeHasher.local();
    for (long i = 0; i < s.length(); i++) {
      byte[] block = storage.readBlock(i);
      if (block == null) {
        if (keyPair != null && !storage.isCleared(i)) {
          throw new HyperbeeException(ErrorCode.CORRUPTION, "block " + i + " of a writable core is missing");
        }
        continue;
      }
      checkBlock(i, block);
    }
    long head = 2 * s.length();
    for (long i = 1; i < head; i += 2) {
      if (FlatTree.rightSpan(i) >= head) {
        continue;
      }
      Node parent = storage.readNode(i);
      Node left = storage.readNode(FlatTree.leftChild(i));
      Node right = storage.readNode(FlatTree.rightChild(i));
      if (parent == null || left == null || right == null) {
        if (keyPair != null) {
          throw new HyperbeeException(ErrorCode.CORRUPTION, "tree node " + i + " or a child is missing");
        }
        continue;
      }
      long size = left.size() + right.size();
      if (parent.size() != size || !Arrays.equals(parent.hash(), h.parent(size, left.hash(), right.hash()))) {
        throw new HyperbeeException(ErrorCode.INVALID_CHECKSUM, "tree node " + i + " does not match its children");
      }
    }
    List<Node> roots = MerkleTree.rootsAt(nodes, s.length());
    if (!roots.equals(s.roots())) {
      throw new HyperbeeException(ErrorCode.CORRUPTION, "stored roots differ from the signed state");
    }
    if (s.length() > 0 || s.signature() != null) {
      verifier.check(s.treeHash(), s.length(), s.fork(), s.signature());
    }
  }

  /**
   * Registers a listener for appends and truncations (see {@link CoreListener} for the threading
   * rules). Closing the returned handle removes it; closing the core drops every listener.
   */
  @Override
  public AutoCloseable addListener(CoreListener listener) {
    requireNonNull(listener, "listener is null");
    checkOpen();
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  private void fireAppend(long previousLength, long length, boolean remote) {
    tell(l -> l.onAppend(previousLength, length, remote));
  }

  private void fireTruncate(long length, long fork) {
    tell(l -> l.onTruncate(length, fork));
  }

  /** Tells every listener, each on its own: one listener's bug does not silence the others. */
  private void tell(Consumer<CoreListener> event) {
    for (CoreListener l : listeners) {
      try {
        event.accept(l);
      } catch (RuntimeException e) {
        reportListenerFailure(e);
      }
    }
  }

  /** A listener's bug must not undo or block a change that is already stored. */
  private static void reportListenerFailure(RuntimeException e) {
    Thread t = Thread.currentThread();
    t.getUncaughtExceptionHandler().uncaughtException(t, e);
  }

  @Override
  public boolean writable() {
    return keyPair != null && !readOnly;
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      listeners.clear();
      try {
        if (!readOnly) { // a read-only core signs in memory only
          storeSignature();
        }
      } finally {
        try {
          storage.close();
        } finally {
          hashWorkers.close();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stores the signature of a head the appends left unsigned in storage (a head-only commit),
   * signing it first unless a reader of the signature had it signed in memory already.
   */
  private void storeSignature() {
    TreeState s = state;
    if (failure == null && storedUnsigned && keyPair != null) {
      TreeState signed = unsigned(s) ? sign(s) : s;
      commit(new StorageBatch(-1, List.of(), List.of(), headOf(signed)));
      state = signed;
      storedUnsigned = false;
    }
  }

  @Override
  public String toString() {
    TreeState s = state;
    return "Hypercore{key=" + java.util.HexFormat.of().formatHex(key) + ", length=" + s.length()
        + ", fork=" + s.fork() + ", writable=" + writable() + (closed ? ", closed" : "") + "}";
  }

  private void checkOpen() {
    if (closed) {
      throw new HyperbeeException(ErrorCode.CLOSED, "core is closed");
    }
    RuntimeException f = failure;
    if (f != null) {
      throw new HyperbeeException(
          f instanceof HyperbeeException he ? he.code() : ErrorCode.IO_ERROR, "an earlier commit failed; reopen the core", f);
    }
  }

  private void checkWritable() {
    if (keyPair == null) {
      throw new HyperbeeException(ErrorCode.SESSION_NOT_WRITABLE, "core was opened without its secret key");
    }
    if (readOnly) {
      throw new HyperbeeException(ErrorCode.READ_ONLY, "core was opened read-only");
    }
  }
}
