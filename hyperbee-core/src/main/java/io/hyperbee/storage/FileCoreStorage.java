package io.hyperbee.storage;

import static java.util.Objects.requireNonNull;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.merkle.FlatTree;
import io.hyperbee.merkle.Node;
import io.hyperbee.storage.StorageBatch.BlockWrite;
import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A core stored in one directory. Files (each documented in the class that reads it):
 *
 * <ul>
 *   <li>{@code identity}, {@code secret-key} ({@link IdentityFiles}): written once by {@link #create};
 *       the secret key readable by the owner only.
 *   <li>{@code data} + {@code index} ({@link BlockFiles}): block bytes appended back to back, and a
 *       fixed 16-byte entry per block index with the block's offset, length and CRC32C.
 *   <li>{@code tree} ({@link TreeFile}): a 48-byte record per flat-tree index with its own CRC32C.
 *   <li>{@code head} ({@link HeadFile}): two alternating slots holding the last commit's signed
 *       head, sequence number and the committed end of the data file.
 *   <li>{@code journal} ({@link Journal}): redo record of the last commit that rewrote visible state.
 *   <li>{@code lock}: held with an OS file lock while open, so two processes never share a core.
 * </ul>
 *
 * <p><b>Commits.</b> The head record is the commit point. An append (no truncation, blocks and
 * nodes only past the committed length, a new head) writes data, index entries and nodes, all in
 * places no reader or recovery treats as committed yet, and then the head slot: there is nothing to
 * undo, so appends cost no journal and a handful of positional writes per commit whatever their
 * size. Any other commit (truncation, sparse blocks or nodes below the length, no new head) would
 * overwrite visible state, so it is first written whole to the journal and replayed on open if the
 * process dies before its head slot is written. Readers never see what a commit in progress wrote
 * past the committed length: reads of blocks at or past it, and of nodes whose span reaches past
 * it, return null.
 *
 * <p><b>Recovery</b> (on open): take the newest valid head slot; replay the journal if it holds
 * the next commit; then cut away everything past that head (data past its end, index entries and
 * nodes past its length), which is where a torn append lives. A data file shorter than the head
 * says is reported as {@link ErrorCode#CORRUPTION}.
 *
 * <p><b>Durability.</b> With {@code sync} on, a commit forces data, index, tree (and journal) to the
 * device before it writes the head slot and forces that too (data, index and tree at once, from
 * two helper threads named {@code hyperbee-storage-sync}, started by the first synced commit and
 * stopped by {@link #close}): it is on disk when {@link #commit}
 * returns and a power loss keeps it. With {@code sync} off, nothing is forced: a crash of the
 * process (even SIGKILL) still loses nothing that was committed, since the page cache survives it
 * and the write order is kept; a power loss or kernel crash may lose recent commits and, because
 * the OS may write pages out of order, may leave files that fail their checksums (reported, never
 * returned as data) or a data file shorter than the head (reported on open).
 *
 * <p><b>Corruption.</b> Every block, node, head slot, identity and key read is checked against its
 * CRC32C; a failure throws {@link ErrorCode#INVALID_CHECKSUM} (or {@code CORRUPTION} for a record
 * that cannot be what was written) naming the file and byte offset. A damaged newest head slot
 * looks like a torn one and rolls back to the previous commit, by design.
 *
 * <p><b>Reads</b> are two positional reads for a block (index entry, then bytes) and one for a
 * node, with no cache of our own: the OS page cache already keeps hot pages, and a Java-side cache
 * would only add copies and contention for many reader threads. Once {@code data}, {@code index}
 * and {@code tree} are large they are also mapped read-only and reads become memory copies (no
 * system call); see {@link StoreFile} for why that can never fault on a truncated file.
 *
 * <p><b>Threads.</b> One writer ({@link #create}, {@link #commit}; serialised by a lock anyway) and
 * any number of readers without locks: reads are positional. {@link #close} is idempotent and does
 * not wait: reads racing it fail with {@code CLOSED}. The first I/O failure is latched: every later
 * call throws {@code IO_ERROR} with it as the cause.
 */
public final class FileCoreStorage implements CoreStorage {
  private static final String LOCK = "lock";
  /** The files that random reads hit, read through memory mappings once large (see {@link StoreFile}). */
  private static final List<String> MAPPED = List.of("data", "index", "tree");

  private final Path dir;
  private final boolean sync;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final List<StoreFile> files; // in opening order; closed in reverse
  private final HeadFile heads;
  private final BlockFiles blocks;
  private final TreeFile tree;
  private final Journal journal;
  private final PositionalWriter writer = new PositionalWriter();
  private volatile ExecutorService syncPool; // made by the first synced force, by the writer
  private final ReentrantLock writeLock = new ReentrantLock();

  private volatile CoreIdentity identity;
  private volatile HeadRecord current;
  /** Readers see blocks below this and nodes whose span ends below twice this. */
  private volatile long readableLength;
  /** How far the data file holds written bytes; index entries never point past it. */
  private volatile long dataWritten;
  private volatile boolean closed;
  private volatile HyperbeeException fatal;

  private FileCoreStorage(Path dir, boolean sync, FileChannel lockChannel, FileLock lock, List<StoreFile> files) {
    this.dir = dir;
    this.sync = sync;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.files = files;
    this.heads = new HeadFile(files.get(0));
    this.blocks = new BlockFiles(files.get(1), files.get(2));
    this.tree = new TreeFile(files.get(3));
    this.journal = new Journal(files.get(4));
  }

  /**
   * Opens the core stored in {@code dir}.
   *
   * @param createIfMissing when false, a directory without a core is an error; when true the
   *     directory is created if needed and {@link #identity()} is null until {@link #create}
   * @param errorIfExists when true, a directory that already holds a core is an error
   * @param sync force every commit to the device before {@link #commit} returns
   * @throws HyperbeeException STORAGE_CONFLICT when the core is missing or exists against the
   *     flags above, or is open elsewhere (in this process or another); CORRUPTION or
   *     INVALID_CHECKSUM when the stored state is damaged; IO_ERROR on an I/O failure
   */
  public static FileCoreStorage open(Path dir, boolean createIfMissing, boolean errorIfExists, boolean sync) {
    requireNonNull(dir, "dir is null");
    boolean exists = Files.exists(dir.resolve(IdentityFiles.IDENTITY));
    if (!exists && !createIfMissing) {
      throw new HyperbeeException(ErrorCode.STORAGE_CONFLICT, "no core stored in " + dir);
    }
    if (exists && errorIfExists) {
      throw new HyperbeeException(ErrorCode.STORAGE_CONFLICT, "a core already exists in " + dir);
    }
    FileChannel lockChannel = null;
    List<StoreFile> files = new ArrayList<>();
    FileCoreStorage storage = null;
    try {
      Files.createDirectories(dir);
      lockChannel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = tryLock(lockChannel, dir);
      IdentityFiles.deleteLeftovers(dir);
      for (String name : List.of("head", "data", "index", "tree", "journal")) {
        files.add(StoreFile.open(dir.resolve(name), MAPPED.contains(name)));
      }
      storage = new FileCoreStorage(dir, sync, lockChannel, lock, files);
      storage.recover();
      return storage;
    } catch (IOException | RuntimeException e) {
      if (storage != null && storage.syncPool != null) {
        storage.syncPool.shutdownNow();
      }
      closeAfterFailure(e, files, lockChannel);
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new HyperbeeException(ErrorCode.IO_ERROR, "cannot open the core in " + dir + ": " + e, e);
    }
  }

  private static FileLock tryLock(FileChannel channel, Path dir) throws IOException {
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      throw new HyperbeeException(ErrorCode.STORAGE_CONFLICT, "the core in " + dir + " is already open in this process");
    }
    if (lock == null) {
      throw new HyperbeeException(ErrorCode.STORAGE_CONFLICT, "the core in " + dir + " is open in another process");
    }
    return lock;
  }

  private static void closeAfterFailure(Exception cause, List<StoreFile> files, FileChannel lockChannel) {
    for (int i = files.size() - 1; i >= 0; i--) {
      try {
        files.get(i).close();
      } catch (IOException e) {
        cause.addSuppressed(e);
      }
    }
    if (lockChannel != null) {
      try {
        lockChannel.close(); // releases the lock
      } catch (IOException e) {
        cause.addSuppressed(e);
      }
    }
  }

  private void recover() throws IOException {
    identity = IdentityFiles.read(dir);
    if (identity == null) { // leftovers of an unfinished create are reset by create()
      publish(new HeadRecord(0, HeadRecord.EMPTY_HEAD, 0));
      return;
    }
    HeadRecord head = heads.readNewest();
    if (head == null) {
      throw new HyperbeeException(
          ErrorCode.CORRUPTION, "the core in " + dir + " has an identity but no head: " + heads.file().path());
    }
    CommitPlan pending = journal.read(head.seq() + 1);
    boolean changed = pending != null;
    if (pending != null) {
      apply(pending);
      head = pending.head();
    }
    long dataSize = blocks.data().size();
    if (dataSize < head.dataEnd()) {
      throw blocks.data().corruption(dataSize,
          "the data file ends before the " + head.dataEnd() + " bytes committed by head " + head.seq());
    }
    changed |= blocks.data().truncate(head.dataEnd());
    changed |= blocks.dropFrom(head.head().length());
    changed |= tree.dropFrom(head.head().length());
    if (sync && changed) { // a clean open writes nothing
      forceAll();
    }
    publish(head);
  }

  private void publish(HeadRecord head) {
    dataWritten = Math.max(dataWritten, head.dataEnd());
    readableLength = head.head().length();
    current = head;
  }

  @Override
  public CoreIdentity identity() {
    checkUsable();
    return identity;
  }

  @Override
  public void create(CoreIdentity id) {
    CoreIdentity copy = CheckedBatch.copyOf(id);
    IdentityFiles.checkManifest(copy.manifest());
    writeLock.lock();
    try {
      checkUsable();
      if (identity != null) {
        throw new HyperbeeException(ErrorCode.STORAGE_CONFLICT, "a core already exists in " + dir);
      }
      for (StoreFile f : files) {
        f.truncate(0);
      }
      HeadRecord first = new HeadRecord(1, HeadRecord.EMPTY_HEAD, 0);
      heads.write(first);
      forceAll();
      IdentityFiles.write(dir, copy);
      forceDirectory();
      identity = copy;
      publish(first);
    } catch (IOException e) {
      throw fail(e);
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public CoreHead head() {
    checkUsable();
    return current.head();
  }

  @Override
  public byte[] readBlock(long index) {
    CheckedBatch.checkIndex(index, "block");
    checkUsable();
    if (index >= readableLength) {
      return null;
    }
    try {
      try {
        return blocks.read(index, dataWritten);
      } catch (HyperbeeException firstTry) {
        // a sparse write or truncation may have been rewriting this entry as we read it
        return blocks.read(index, dataWritten);
      }
    } catch (IOException e) {
      throw fail(e);
    }
  }

  @Override
  public byte[][] readBlocks(long start, int count) {
    CheckedBatch.checkIndex(start, "block");
    if (count < 0) {
      throw new IllegalArgumentException("count is negative: " + count);
    }
    checkUsable();
    long readable = readableLength;
    if (count == 0 || start >= readable || count > readable - start
        || count > BlockFiles.MAX_RUN_BYTES / BlockFiles.ENTRY_SIZE) {
      return CoreStorage.super.readBlocks(start, count); // per block, with its own bounds checks
    }
    try {
      try {
        return blocks.readRun(start, count, dataWritten);
      } catch (HyperbeeException firstTry) {
        return blocks.readRun(start, count, dataWritten); // see readBlock
      }
    } catch (IOException e) {
      throw fail(e);
    }
  }

  @Override
  public Node readNode(long index) {
    CheckedBatch.checkIndex(index, "node");
    checkUsable();
    long readable = readableLength;
    if (readable == 0 || index > 2 * readable - 2 || FlatTree.rightSpan(index) >= 2 * readable) {
      return null;
    }
    try {
      try {
        return tree.read(index);
      } catch (HyperbeeException firstTry) {
        return tree.read(index); // see readBlock
      }
    } catch (IOException e) {
      throw fail(e);
    }
  }

  @Override
  public void commit(StorageBatch batch) {
    requireNonNull(batch, "batch is null");
    writeLock.lock();
    try {
      checkUsable();
      if (identity == null) {
        throw new HyperbeeException(ErrorCode.STORAGE_CONFLICT, "no core created in " + dir + " yet");
      }
      CommitPlan plan = plan(batch);
      if (plan == null) {
        return;
      }
      if (!isAppend(batch.head() != null, plan)) {
        journal.write(plan);
        if (sync) {
          journal.file().force();
        }
      }
      apply(plan);
    } catch (IOException e) {
      throw fail(e);
    } finally {
      writeLock.unlock();
    }
  }

  /** Validates {@code batch} against the committed state; null when it changes nothing. */
  private CommitPlan plan(StorageBatch batch) {
    HeadRecord committed = current;
    CheckedBatch checked = CheckedBatch.of(committed.head(), batch);
    if (checked == null) {
      return null;
    }
    long dataEnd = committed.dataEnd();
    for (BlockWrite b : checked.blocks()) {
      dataEnd += b.data().length;
    }
    HeadRecord next = new HeadRecord(committed.seq() + 1, checked.head(), dataEnd);
    return new CommitPlan(checked.truncateTo(), committed.dataEnd(), checked.blocks(), checked.nodes(), next);
  }

  /** True when the commit only writes where nothing committed lives, so the head slot alone commits it. */
  private boolean isAppend(boolean newHead, CommitPlan plan) {
    long length = current.head().length();
    if (plan.truncateTo() >= 0 || !newHead) {
      return false;
    }
    for (BlockWrite b : plan.blocks()) {
      if (b.index() < length) {
        return false;
      }
    }
    for (Node n : plan.nodes()) {
      if (FlatTree.rightSpan(n.index()) < 2 * length) {
        return false;
      }
    }
    return true;
  }

  /** Writes {@code plan} in place, head last. Repeatable: the journal replays it after a crash. */
  private void apply(CommitPlan plan) throws IOException {
    if (plan.truncateTo() >= 0) {
      readableLength = Math.min(readableLength, plan.truncateTo());
      blocks.dropFrom(plan.truncateTo());
      tree.dropFrom(plan.truncateTo());
    }
    if (!plan.blocks().isEmpty()) {
      long end = blocks.write(plan.blocks(), plan.dataOffset(), writer);
      dataWritten = Math.max(dataWritten, end);
    }
    if (!plan.nodes().isEmpty()) {
      tree.write(plan.nodes(), writer);
    }
    if (sync) {
      force(blocks.data(), blocks.index(), tree.file());
    }
    heads.write(plan.head());
    if (sync) {
      heads.file().force();
    }
    publish(plan.head());
  }

  private void forceAll() throws IOException {
    force(files.toArray(new StoreFile[0]));
  }

  /**
   * Forces {@code targets} to the device at the same time. Measured on ext4 here: three
   * fdatasyncs issued together cost about one (the file system commits them in one journal
   * transaction), issued one after another about three times one.
   */
  private void force(StoreFile... targets) throws IOException {
    if (!sync) { // create() of an unsynced core: rare, not worth threads
      for (StoreFile f : targets) {
        f.force();
      }
      return;
    }
    if (syncPool == null) {
      syncPool = Executors.newFixedThreadPool(2, runnable -> {
        Thread t = new Thread(runnable, "hyperbee-storage-sync " + dir.getFileName());
        t.setDaemon(true);
        return t;
      });
    }
    List<Future<Void>> pending = new ArrayList<>();
    for (int i = 1; i < targets.length; i++) {
      StoreFile f = targets[i];
      pending.add(syncPool.submit(() -> {
        f.force();
        return null;
      }));
    }
    IOException failure = null;
    try {
      targets[0].force();
    } catch (IOException e) {
      failure = e;
    }
    for (Future<Void> f : pending) {
      try {
        f.get();
      } catch (ExecutionException e) {
        IOException cause = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        failure = addTo(failure, cause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = addTo(failure, new InterruptedIOException("interrupted while forcing files to disk"));
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Makes the renames of {@link IdentityFiles} durable (not possible on Windows, nor needed there). */
  private void forceDirectory() throws IOException {
    if (File.separatorChar == '/') {
      try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
        ch.force(true);
      }
    }
  }

  private void checkUsable() {
    if (closed) {
      throw new HyperbeeException(ErrorCode.CLOSED, "the storage of " + dir + " is closed");
    }
    HyperbeeException f = fatal;
    if (f != null) {
      throw new HyperbeeException(ErrorCode.IO_ERROR, "the storage of " + dir + " failed earlier: " + f.getMessage(), f);
    }
  }

  /** Latches the first I/O failure (a failure caused by a concurrent close is just CLOSED). */
  private HyperbeeException fail(IOException e) {
    if (closed && e instanceof ClosedChannelException) {
      return new HyperbeeException(ErrorCode.CLOSED, "the storage of " + dir + " is closed", e);
    }
    HyperbeeException failure = new HyperbeeException(ErrorCode.IO_ERROR, "I/O failure in " + dir + ": " + e, e);
    synchronized (this) {
      if (fatal == null) {
        fatal = failure;
      }
      return fatal;
    }
  }

  /** The open files, in opening order (tests break them to provoke I/O failures). */
  List<StoreFile> files() {
    return files;
  }

  /** The directory this storage lives in. */
  public Path directory() {
    return dir;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    IOException failure = null;
    for (int i = files.size() - 1; i >= 0; i--) {
      try {
        files.get(i).close();
      } catch (IOException e) {
        failure = addTo(failure, e);
      }
    }
    ExecutorService pool = syncPool;
    if (pool != null) {
      pool.shutdownNow(); // its threads are idle unless a commit races this close
    }
    try {
      lock.release();
    } catch (IOException e) {
      failure = addTo(failure, e);
    }
    try {
      lockChannel.close();
    } catch (IOException e) {
      failure = addTo(failure, e);
    }
    if (failure != null) {
      throw new HyperbeeException(ErrorCode.IO_ERROR, "closing the storage of " + dir + ": " + failure, failure);
    }
  }

  private static IOException addTo(IOException first, IOException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }
}
