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
import java.nio.file.Files;
import java.nio.file.Path;
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
 *   <li>{@code data}, {@code data-<start>} + {@code index} ({@link DataSegments}, {@link BlockFiles}):
 *       block bytes appended back to back into segment files (a store from before segments has
 *       just {@code data}, read as the first segment), and a fixed 16-byte entry per block index
 *       with the block's logical offset, length and CRC32C, or the mark of a cleared block.
 *   <li>{@code tree} ({@link TreeFile}): a 48-byte record per flat-tree index with its own CRC32C.
 *   <li>{@code head} ({@link HeadFile}): two alternating slots holding the last commit's signed
 *       head, sequence number and the committed end of the data file.
 *   <li>{@code journal} ({@link Journal}): redo record of the last commit that rewrote visible state.
 *   <li>{@code whole-lengths} ({@link WholeLengthsFile}): where appends ended ({@link WholeLengths}),
 *       one frame per append, written with the commit's blocks and forced with them; a store made
 *       before it existed gets it at its first writable open.
 *   <li>{@code lock}: held while open ({@link DirectoryLock}), so two opens never share a core,
 *       whether in two processes or in one.
 * </ul>
 *
 * <p><b>Commits.</b> The head record is the commit point. An append (no truncation, blocks and
 * nodes only past the committed length, a new head) writes data, index entries and nodes, all in
 * places no reader or recovery treats as committed yet, and then the head slot: there is nothing to
 * undo, so appends cost no journal and, unless {@code sync} forces each, no system call: those
 * files are written through read-write memory mappings, pre-extended in steps (see {@link
 * StoreFile}; the zero tail past what was written is cut by a clean close, or by recovery, where
 * cutting only zeros is no repair). A <em>fill</em> (a replica storing fetched blocks and nodes
 * below the length, no new head) writes only into places that held nothing: block bytes at the
 * data tail, index entries of holes, empty tree slots (nodes already stored as given are skipped);
 * it needs no journal and, with {@code sync} off, no force: a power loss may lose or tear it, and
 * recovery turns what it tore back into holes (see below), while nothing that was there before can
 * be damaged. Any other commit (truncation, a block into a slot that holds one or a cleared mark, a
 * node unlike the stored one) would overwrite visible state, so it is first written whole to the
 * journal and replayed on open if the process dies before its head slot is written. Readers never see what a commit in progress wrote
 * past the committed length: reads of blocks at or past it, and of nodes whose span reaches past
 * it, return null.
 *
 * <p><b>Clearing and reclaiming.</b> {@link #clear} marks index entries cleared in journaled,
 * forced commits; {@link #reclaim} copies the live blocks of segments with dead bytes to the tail
 * (journaled, forced commits of the same bytes at new offsets) and then deletes those segments
 * through {@link FileOpener#delete}, forcing the directory. A crash at any step leaves either the
 * old entries or the new ones, and at worst an unreferenced segment the next reclaim deletes.
 * {@link #hasAll}, {@link #isCleared} and {@link #stats} answer from a {@link BlockMap} built by
 * one scan of the index on first use.
 *
 * <p><b>Recovery</b> (on open): take the newest valid head slot; replay the journal if it holds
 * the next commit; if that head is newer than the newest checkpoint (the last head known
 * durable, see below), check that every block and node it added since reads back whole, else
 * fall back to the other head slot or the checkpoint; then cut away everything past the chosen
 * head (data past its end, index entries and nodes past its length), which is where a torn append
 * lives. If fills were written since the newest checkpoint (its fill mark says so, see {@link
 * HeadFile}), the index is scanned for the entries they may have torn or left pointing at lost
 * bytes, which become holes ({@link BlockFiles#tornFills}), and so is the tree for records they
 * may have torn, which are zeroed ({@link TreeFile#tornFills}; outside this window a bad tree
 * record is always damage), and the result becomes a checkpoint under a new seq.
 * A data file shorter than a checkpoint says is reported as {@link ErrorCode#CORRUPTION}.
 * {@link #openReadOnly} does all of this without writing and reports what it would repair.
 *
 * <p><b>Durability.</b> A commit is durable once it is a <em>checkpoint</em>: its data, index and
 * tree were forced to the device, then its head written to a checkpoint slot (see {@link
 * HeadFile}) and forced, so the head never reaches the disk before what it points at. With {@code
 * sync} on, every commit is one before {@link #commit} returns (data, index and tree forced at
 * once, from helper threads named {@code hyperbee-storage-sync}, started by the first forced
 * commit and stopped by {@link #close}); with it off, {@link #sync} and {@link #close} make
 * everything so far one, and so does every commit that rewrites committed state (a truncation,
 * a clear: its journal record and the state below it must survive a power loss); a replica's
 * first fill after an upgrade makes the grown head one (recovery never trusts an unforced head
 * with holes), later fills force nothing but the fill mark, once per checkpoint. Commits
 * in between are never lost by a crash of the process (even SIGKILL: the page cache survives it),
 * while a power loss or kernel crash may drop or tear them in any order; recovery then finds the
 * newest head whose writes all survived whole, and never opens at a head pointing at lost data.
 *
 * <p><b>Corruption.</b> Every block, node, head slot, identity and key read is checked against its
 * CRC32C; a failure throws {@link ErrorCode#INVALID_CHECKSUM} (or {@code CORRUPTION} for a record
 * that cannot be what was written) naming the file and byte offset. A damaged newest head slot
 * looks like a torn one and rolls back to the previous commit, by design.
 *
 * <p><b>Reads</b> are two positional reads for a block (index entry, then bytes) and one for a
 * node, with no cache of our own: the OS page cache already keeps hot pages, and a Java-side cache
 * would only add copies and contention for many reader threads. Reads of the mapped files (see
 * Commits; read-only mappings once large where the files are not written) are memory copies (no
 * system call); see {@link StoreFile} for why that can never fault on a truncated file.
 *
 * <p><b>Threads.</b> One writer ({@link #create}, {@link #commit}; serialised by a lock anyway) and
 * any number of readers without locks: reads are positional. {@link #close} is idempotent and does
 * not wait: reads racing it fail with {@code CLOSED}. The first I/O failure is latched: every later
 * call throws {@code IO_ERROR} with it as the cause.
 */
public final class FileCoreStorage implements CoreStorage {
  private static final String LOCK = "lock";
  /**
   * The files appends write, written through read-write memory mappings (and read through them
   * once large; see {@link StoreFile}); the data segments too. Not the journal: it is rewritten
   * whole. Not with {@code sync} either: every commit is forced then, and a page written back
   * faults on the next store into it, which measured synced commits ~25% slower than {@code pwrite}
   * (BENCHMARKS.md, "Issue 18: append commits").
   */
  private static final List<String> MAPPED = List.of("head", "index", "tree");
  /**
   * A new data segment is started once the tail holds this many bytes (see {@link DataSegments});
   * {@code -Dhyperbee.storage.segmentBytes}, tests lower it.
   */
  static volatile long segmentBytes = Long.getLong("hyperbee.storage.segmentBytes", 64L << 20);
  /** Most blocks one clearing commit drops (bounds its journal record). */
  private static final int CLEAR_CHUNK = 1 << 16;
  /** Most block bytes one reclaiming commit moves (bounds its journal record). */
  private static final long MOVE_CHUNK_BYTES = 4L << 20;
  private static final String WHOLE_LENGTHS = "whole-lengths";

  private final Path dir;
  private final boolean sync;
  private final boolean readOnly;
  private final FileOpener opener;
  private final DirectoryLock lock;
  private final List<StoreFile> files; // head, index, tree, journal; closed in reverse
  private final DataSegments data;
  private final HeadFile heads;
  private final BlockFiles blocks;
  private final TreeFile tree;
  private final Journal journal;
  /** Null for a read-only open of a store made before the file existed. */
  private final WholeLengthsFile wholeFile;
  private volatile WholeLengths whole = WholeLengths.NONE;
  private final PositionalWriter writer = new PositionalWriter();
  private volatile ExecutorService syncPool; // made by the first force of several files, by the writer
  private final ReentrantLock writeLock = new ReentrantLock();
  /** What the index holds, built on first need (see {@link BlockMap}); changed under the write lock. */
  private volatile BlockMap map;

  private volatile CoreIdentity identity;
  private volatile HeadRecord current;
  /** The newest checkpoint: the last head whose files were forced (null: none yet, or an old store). */
  private volatile HeadRecord durable;
  /** The checkpoint the fill mark names (see {@link HeadFile}): fills after it need no new mark. */
  private HeadRecord markedSince;
  /** What recovery on open found (and, unless read-only, repaired). */
  private final List<String> recoveryFindings = new ArrayList<>();
  /** Readers see blocks below this and nodes whose span ends below twice this. */
  private volatile long readableLength;
  /** How far the data file holds written bytes; index entries never point past it. */
  private volatile long dataWritten;
  private volatile boolean closed;
  private volatile HyperbeeException fatal;

  private FileCoreStorage(Path dir, boolean sync, boolean readOnly, FileOpener opener, DirectoryLock lock,
      List<StoreFile> files, DataSegments data) {
    this.dir = dir;
    this.opener = opener;
    this.sync = sync;
    this.readOnly = readOnly;
    this.lock = lock;
    this.files = files;
    this.data = data;
    this.heads = new HeadFile(files.get(0));
    this.blocks = new BlockFiles(data, files.get(1));
    this.tree = new TreeFile(files.get(2));
    this.journal = new Journal(files.get(3));
    this.wholeFile = files.size() > 4 ? new WholeLengthsFile(files.get(4)) : null;
  }

  /**
   * Opens the core stored in {@code dir}.
   *
   * @param createIfMissing when false, a directory without a core is an error; when true the
   *     directory is created if needed and {@link #identity()} is null until {@link #create}
   * @param errorIfExists when true, a directory that already holds a core is an error
   * @param sync force every commit to the device before {@link #commit} returns
   * @throws HyperbeeException STORAGE_CONFLICT when the core is missing or exists against the
   *     flags above; LOCKED when it is open elsewhere (in this process or another); CORRUPTION or
   *     INVALID_CHECKSUM when the stored state is damaged; IO_ERROR on an I/O failure
   */
  public static FileCoreStorage open(Path dir, boolean createIfMissing, boolean errorIfExists, boolean sync) {
    return open(dir, createIfMissing, errorIfExists, sync, false, FileOpener.DEFAULT);
  }

  /** As {@link #open(Path, boolean, boolean, boolean)}, with every file channel opened by {@code opener}. */
  public static FileCoreStorage open(Path dir, boolean createIfMissing, boolean errorIfExists, boolean sync,
      FileOpener opener) {
    requireNonNull(opener, "opener is null");
    return open(dir, createIfMissing, errorIfExists, sync, false, opener);
  }

  /**
   * Opens the core stored in {@code dir} to read it only: nothing on disk changes, not a byte, not
   * even what a writable open would repair after a crash (a torn tail, a head whose data never
   * reached the disk); reads see the state a writable open would recover to, and {@link
   * #recoveryFindings()} says what it would repair. Writers in other processes are kept out while
   * it is open (readers may share it).
   *
   * @throws HyperbeeException as {@link #open(Path, boolean, boolean, boolean)}; INVALID_OPERATION
   *     when an unfinished commit waits in the journal, which only a writable open can replay
   */
  public static FileCoreStorage openReadOnly(Path dir) {
    return open(dir, false, false, false, true, FileOpener.DEFAULT);
  }

  private static FileCoreStorage open(Path dir, boolean createIfMissing, boolean errorIfExists, boolean sync,
      boolean readOnly, FileOpener opener) {
    requireNonNull(dir, "dir is null");
    boolean exists = Files.exists(dir.resolve(IdentityFiles.IDENTITY));
    if (!exists && !createIfMissing) {
      throw new HyperbeeException(ErrorCode.STORAGE_CONFLICT, "no core stored in " + dir);
    }
    if (exists && errorIfExists) {
      throw new HyperbeeException(ErrorCode.STORAGE_CONFLICT, "a core already exists in " + dir);
    }
    DirectoryLock lock = null;
    List<StoreFile> files = new ArrayList<>();
    DataSegments data = null;
    FileCoreStorage storage = null;
    try {
      if (!readOnly) {
        Files.createDirectories(dir);
      }
      lock = DirectoryLock.acquire(dir, LOCK, readOnly);
      if (!readOnly) {
        IdentityFiles.deleteLeftovers(dir);
      }
      for (String name : List.of("head", "index", "tree", "journal")) {
        files.add(StoreFile.open(dir.resolve(name), opener, !readOnly, MAPPED.contains(name), !sync));
      }
      data = DataSegments.open(dir, opener, !readOnly, !sync);
      boolean wholeExisted = Files.exists(dir.resolve(WHOLE_LENGTHS));
      if (wholeExisted || !readOnly) {
        files.add(StoreFile.open(dir.resolve(WHOLE_LENGTHS), opener, !readOnly, true, !sync));
      }
      storage = new FileCoreStorage(dir, sync, readOnly, opener, lock, files, data);
      if (!wholeExisted && !readOnly && exists) {
        storage.forceDirectory(); // a store made before the file existed: its entry must survive
      }
      storage.recover();
      return storage;
    } catch (IOException | RuntimeException e) {
      if (storage != null && storage.syncPool != null) {
        storage.syncPool.shutdownNow();
      }
      if (data != null) {
        try {
          data.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      closeAfterFailure(e, files, lock);
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new HyperbeeException(ErrorCode.IO_ERROR, "cannot open the core in " + dir + ": " + e, e);
    }
  }

  private static void closeAfterFailure(Exception cause, List<StoreFile> files, DirectoryLock lock) {
    for (int i = files.size() - 1; i >= 0; i--) {
      try {
        files.get(i).close();
      } catch (IOException e) {
        cause.addSuppressed(e);
      }
    }
    if (lock != null) {
      try {
        lock.close();
      } catch (IOException e) {
        cause.addSuppressed(e);
      }
    }
  }

  /**
   * Finds the state to open at and, unless read-only, makes the files agree with it: replays a
   * complete journal record, picks the newest head whose blocks and nodes were all written whole
   * (heads newer than the newest checkpoint may point at writes a power loss dropped or tore;
   * failing all, the checkpoint itself), then cuts away everything past that head. A repaired state
   * is forced and becomes the checkpoint; a clean open writes nothing.
   */
  private void recover() throws IOException {
    identity = IdentityFiles.read(dir);
    if (identity == null) { // leftovers of an unfinished create are reset by create()
      publish(new HeadRecord(0, HeadRecord.EMPTY_HEAD, 0));
      return;
    }
    HeadRecord checkpoint = heads.readNewestCheckpoint();
    HeadRecord slot0 = heads.readSlot(0);
    HeadRecord slot1 = heads.readSlot(1);
    HeadRecord newest = HeadFile.newer(HeadFile.newer(slot0, slot1), checkpoint);
    if (newest == null) {
      heads.readNewest(); // throws CORRUPTION for a head file with content but no valid slot
      throw new HyperbeeException(
          ErrorCode.CORRUPTION, "the core in " + dir + " has an identity but no head: " + heads.file().path());
    }
    long lastSeq = newest.seq();
    boolean changed = false;
    WholeLengths written = wholeFile == null ? WholeLengths.NONE : wholeFile.read(Long.MAX_VALUE).lengths();
    whole = written;
    CommitPlan pending = journal.read(newest.seq() + 1);
    if (pending == null && checkpoint != null && checkpoint.seq() < newest.seq()) {
      // a rewriting commit whose head reached the disk but not its checkpoint: its journal record
      // was forced first, and replaying it (again) is the only way to be sure it is whole
      pending = journal.read(newest.seq());
    }
    if (pending != null) {
      if (readOnly) {
        throw new HyperbeeException(ErrorCode.INVALID_OPERATION, "the core in " + dir + " has an unfinished commit"
            + " (journal record " + pending.head().seq() + ") that only a writable open replays");
      }
      apply(pending, true);
      recoveryFindings.add("replayed the unfinished commit " + pending.head().seq() + " from the journal");
      newest = pending.head();
      checkpoint = newest;
      lastSeq = newest.seq();
      changed = true;
    }
    HeadRecord head = newest;
    if (checkpoint != null && checkpoint.seq() < newest.seq()) {
      head = checkpoint;
      HeadRecord newer = HeadFile.newer(slot0, slot1);
      for (HeadRecord h : new HeadRecord[] {newer, newer == slot0 ? slot1 : slot0}) {
        if (h != null && h.seq() > checkpoint.seq() && intact(checkpoint, h) && recorded(written, h)) {
          head = h;
          break;
        }
      }
      if (head != newest) {
        recoveryFindings.add("head " + newest.seq() + " (length " + newest.head().length() + ") points at writes"
            + " that never reached the disk whole: recovering to head " + head.seq() + " (length "
            + head.head().length() + ")");
      }
    }
    long dataSize = blocks.data().size();
    if (dataSize < head.dataEnd()) {
      throw blocks.data().corruption(dataSize,
          "the data file ends before the " + head.dataEnd() + " bytes committed by head " + head.seq());
    }
    HeadRecord fillMark = heads.readFillMark();
    boolean unclean = fillMark != null && checkpoint != null && fillMark.seq() >= checkpoint.seq();
    if (readOnly) {
      noteTail(head);
      if (unclean) {
        tree.hide(tornNodes(checkpoint, head));
        blocks.hide(tornFills(checkpoint, head));
      }
    } else {
      changed |= cutTail(head);
      if (unclean) {
        List<Long> tornNodes = tornNodes(checkpoint, head);
        tree.zero(tornNodes); // before the blocks: a block is kept only with its leaf
        List<Long> torn = tornFills(checkpoint, head);
        blocks.zero(torn);
        changed |= !torn.isEmpty() || !tornNodes.isEmpty();
      }
      if (head != newest || unclean) { // under a new seq: the lost heads never win again, the fill mark is retired
        head = new HeadRecord(lastSeq + 1, head.head(), head.dataEnd());
        makeDurable(head, true, allFiles());
      } else if (changed || (checkpoint != null && checkpoint.seq() < head.seq())) {
        makeDurable(head, false, allFiles());
      } else {
        durable = checkpoint;
      }
    }
    publish(head);
  }

  /**
   * Whether every block and tree node that head {@code h} added after checkpoint {@code c} reads
   * back whole (present, and passing its checksum): a node is checked through its rightmost leaf,
   * so each once.
   */
  private boolean intact(HeadRecord c, HeadRecord h) throws IOException {
    if (h.head().fork() != c.head().fork() || blocks.data().size() < h.dataEnd()) {
      return false; // a truncation is always a checkpoint: a newer head of another fork is not ours
    }
    try {
      for (long i = c.head().length(); i < h.head().length(); i++) {
        if (blocks.read(i, h.dataEnd()) == null) {
          return false;
        }
        for (long n = 2 * i; ; n = FlatTree.parent(n)) {
          if (tree.read(n) == null) {
            return false;
          }
          if (FlatTree.rightSpan(FlatTree.parent(n)) != 2 * i) {
            break;
          }
        }
      }
      return true;
    } catch (HyperbeeException e) { // a checksum failure: torn or garbage
      return false;
    }
  }

  /**
   * The tree records below {@code c}'s length that fills written after checkpoint {@code c} may
   * have torn ({@link TreeFile#tornFills}): they become holes, any other bad record stays damage.
   * Noted in the findings.
   */
  private List<Long> tornNodes(HeadRecord c, HeadRecord head) throws IOException {
    List<Long> torn = tree.tornFills(Math.min(c.head().length(), head.head().length()));
    noteTornFills(torn, "tree node(s)", c);
    return torn;
  }

  private void noteTornFills(List<Long> torn, String what, HeadRecord c) {
    if (!torn.isEmpty()) {
      recoveryFindings.add((readOnly ? "a writable open would drop " : "dropped ") + torn.size() + " " + what
          + " filled since checkpoint " + c.seq() + " that did not reach the disk whole (they read as missing): "
          + (torn.size() <= 8 ? torn.toString() : torn.subList(0, 8) + "..."));
    }
  }

  /**
   * The blocks below {@code c}'s length whose entries fills written after checkpoint {@code c}
   * left torn or pointing at lost bytes (see {@link BlockFiles#tornFills}); a block is kept only
   * with its leaf node, which a torn tree record may have lost. Noted in the findings. (Blocks
   * from {@code c}'s length to {@code head}'s were all read back by {@link #intact}.)
   */
  private List<Long> tornFills(HeadRecord c, HeadRecord head) throws IOException {
    long below = Math.min(c.head().length(), head.head().length());
    List<Long> torn = blocks.tornFills(below, c.dataEnd(), head.dataEnd(), (i, length) -> {
      try {
        Node leaf = tree.read(2 * i);
        return leaf != null && leaf.size() == length;
      } catch (HyperbeeException damaged) {
        return false;
      }
    });
    noteTornFills(torn, "block(s)", c);
    return torn;
  }

  /**
   * Whether the whole-lengths frames of the commits up to head {@code h} read back: once the
   * record has a complete span up to {@code h}'s length, every commit since records its length, and
   * frames are read up to the first one lost, so finding that length proves the ones before it.
   */
  private static boolean recorded(WholeLengths written, HeadRecord h) {
    long length = h.head().length();
    return written.knownFrom() < 0 || written.knownFrom() >= length || written.contains(length);
  }

  /** Cuts data, index entries, nodes and whole lengths past {@code head}; returns whether anything changed. */
  private boolean cutTail(HeadRecord head) throws IOException {
    boolean changed = blocks.data().truncate(head.dataEnd());
    changed |= blocks.dropFrom(head.head().length());
    changed |= tree.dropFrom(head.head().length());
    changed |= heads.file().truncate(HeadFile.FILE_SIZE); // only the zero tail of a pre-extension lies past it
    if (wholeFile != null) {
      whole = wholeFile.read(head.head().length()).lengths();
      changed |= wholeFile.cutToRead();
    }
    if (changed) {
      recoveryFindings.add("cut what was written past head " + head.seq() + " (a torn or unfinished commit)");
    }
    return changed;
  }

  /** What {@link #cutTail} would cut (bytes other than the zero tail of a pre-extension), for a read-only open. */
  private void noteTail(HeadRecord head) throws IOException {
    long length = head.head().length();
    if (wholeFile != null) {
      whole = wholeFile.read(length).lengths();
    }
    if (data.writtenPast(head.dataEnd()) || blocks.index().writtenPast(length * BlockFiles.ENTRY_SIZE)
        || tree.file().writtenPast(2 * length * TreeFile.RECORD_SIZE)) {
      recoveryFindings.add("a writable open would cut what was written past head " + head.seq()
          + " (a torn or unfinished commit)");
    }
  }

  @Override
  public List<String> recoveryFindings() {
    return List.copyOf(recoveryFindings);
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
      checkWritable();
      if (identity != null) {
        throw new HyperbeeException(ErrorCode.STORAGE_CONFLICT, "a core already exists in " + dir);
      }
      for (StoreFile f : files) {
        f.truncate(0);
      }
      data.truncate(0);
      HeadRecord first = new HeadRecord(1, HeadRecord.EMPTY_HEAD, 0);
      heads.write(first);
      heads.writeCheckpoint(first);
      forceAll();
      forceDirectory(); // the files' entries are durable before the identity says the core exists
      durable = first;
      whole = WholeLengths.NONE;
      IdentityFiles.write(dir, copy, this::forceDirectory);
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
  public WholeLengths wholeLengths() {
    checkUsable();
    return whole;
  }

  @Override
  public byte[] readBlock(long index) {
    CheckedBatch.checkIndex(index, "block");
    checkUsable();
    if (index >= readableLength) {
      return null;
    }
    return readTwice(() -> blocks.read(index, dataWritten));
  }

  /** A read of the files that may fail with an I/O error. */
  private interface FileRead<T> {
    T run() throws IOException;
  }

  /**
   * {@code read}, once more if its first try fails a check: a sparse write or truncation may have
   * been rewriting an entry or node as it was read. An I/O failure is latched ({@link #fail}).
   */
  private <T> T readTwice(FileRead<T> read) {
    try {
      try {
        return read.run();
      } catch (HyperbeeException firstTry) {
        return read.run();
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
    return readTwice(() -> blocks.readRun(start, count, dataWritten));
  }

  @Override
  public byte[][] readBlocks(long[] indexes) {
    checkUsable();
    long readable = readableLength;
    long highest = -1;
    for (long i : indexes) {
      CheckedBatch.checkIndex(i, "block");
      highest = Math.max(highest, i);
    }
    if (highest >= readable) {
      return CoreStorage.super.readBlocks(indexes); // per block, with its own bounds checks
    }
    return readTwice(() -> blocks.readEach(indexes, dataWritten));
  }

  @Override
  public Node readNode(long index) {
    CheckedBatch.checkIndex(index, "node");
    checkUsable();
    long readable = readableLength;
    if (readable == 0 || index > 2 * readable - 2 || FlatTree.rightSpan(index) >= 2 * readable) {
      return null;
    }
    return readTwice(() -> tree.read(index));
  }

  @Override
  public void commit(StorageBatch batch) {
    requireNonNull(batch, "batch is null");
    writeLock.lock();
    try {
      checkWritable();
      if (identity == null) {
        throw new HyperbeeException(ErrorCode.STORAGE_CONFLICT, "no core created in " + dir + " yet");
      }
      CommitPlan plan = plan(batch);
      if (plan == null) {
        return;
      }
      if (isAppend(batch.head() != null, plan)) {
        apply(plan, sync);
        return;
      }
      CommitPlan fill = fillPlan(batch.head() != null, plan);
      if (fill == null) {
        rewrite(plan);
      } else if (!fill.blocks().isEmpty() || !fill.nodes().isEmpty()) {
        fill(fill);
      }
    } catch (IOException e) {
      throw fail(e);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Commits {@code plan}, which rewrites committed state, through the journal: forced whatever the
   * sync option, over a forced base, or a power loss could tear what the journal replays onto (or
   * the journal record itself).
   */
  private void rewrite(CommitPlan plan) throws IOException {
    syncLocked();
    journal.write(plan);
    journal.file().force();
    apply(plan, true);
  }

  /**
   * The plan of a sparse fill, or null when {@code plan} is anything else: no truncation, no new
   * head, no whole lengths, every block into a hole (an entry that never held a block: a cleared
   * one is a rewrite) and every node into an empty tree slot. Nodes already stored as given are
   * left out (a proof carries the stored node it was checked against); a damaged slot, or one
   * holding something else, leaves the commit to the journaled path, as before fills existed.
   */
  private CommitPlan fillPlan(boolean newHead, CommitPlan plan) throws IOException {
    if (newHead || plan.truncateTo() >= 0 || plan.knownFrom() >= 0 || plan.wholeLengths().length > 0) {
      return null;
    }
    try {
      for (BlockWrite b : plan.blocks()) {
        if (b.isCleared() || blocks.entry(b.index()).state() != BlockFiles.State.ABSENT) {
          return null;
        }
      }
      List<Node> fresh = new ArrayList<>(plan.nodes().size());
      for (Node n : plan.nodes()) {
        Node stored = tree.read(n.index());
        if (stored == null) {
          fresh.add(n);
        } else if (!stored.equals(n)) {
          return null;
        }
      }
      return new CommitPlan(-1, plan.dataOffset(), plan.blocks(), fresh, plan.head());
    } catch (HyperbeeException damaged) {
      return null;
    }
  }

  /**
   * Commits a sparse fill without journal: the block bytes at the data tail, their entries and
   * the nodes, all into places that held nothing, then the head (same signed head, new data end),
   * so that a power loss can only tear what fills wrote, which recovery turns back into holes
   * ({@link BlockFiles#tornFills}, {@link TreeFile#tornFills}); the first fill after a checkpoint first
   * writes and forces the fill mark ({@link HeadFile}) that tells recovery to look. With {@code
   * sync} the files are forced (together) before it returns: durable, though not a checkpoint.
   */
  private void fill(CommitPlan plan) throws IOException {
    if (durable == null || durable.head().length() != current.head().length()) {
      // a store from before checkpoints, or a head grown since the checkpoint (a replica's
      // upgrade): recovery trusts such a head only when all its blocks are there, which a sparse
      // replica's never are, so the grown head becomes a checkpoint first (once per upgrade)
      syncLocked();
    }
    if (markedSince != durable) {
      heads.writeFillMark(durable);
      heads.file().force();
      markedSince = durable;
    }
    BlockMap m = map;
    long length = current.head().length();
    List<Replaced> replaced = m == null ? List.of() : replaced(plan, length);
    if (!plan.blocks().isEmpty()) {
      dataWritten = Math.max(dataWritten, plan.head().dataEnd());
      blocks.write(plan.blocks(), plan.dataOffset(), segmentBytes, writer);
    }
    if (!plan.nodes().isEmpty()) {
      tree.write(plan.nodes(), writer, true);
    }
    heads.write(plan.head());
    if (sync) {
      List<StoreFile> targets = new ArrayList<>(List.of(commitFiles()));
      targets.add(heads.file());
      force(targets.toArray(new StoreFile[0]));
    }
    if (m != null) {
      record(m, plan, length, replaced);
    }
    publish(plan.head());
  }

  /** A plan that rewrites {@code writes} (sorted by index) under the current head. */
  private CommitPlan rewritePlan(List<BlockWrite> writes) {
    HeadRecord c = current;
    long dataEnd = c.dataEnd();
    for (BlockWrite b : writes) {
      dataEnd += b.isCleared() ? 0 : b.data().length;
    }
    return new CommitPlan(-1, c.dataEnd(), writes, List.of(), new HeadRecord(c.seq() + 1, c.head(), dataEnd));
  }

  /** Validates {@code batch} against the committed state; null when it changes nothing. */
  private CommitPlan plan(StorageBatch batch) {
    HeadRecord committed = current;
    CheckedBatch checked = CheckedBatch.of(committed.head(), batch);
    if (checked == null) {
      return null;
    }
    long dataEnd = committed.dataEnd();
    List<BlockWrite> written = checked.blocks();
    for (int k = 0; k < written.size(); k++) { // indexed, as in isAppend
      dataEnd += written.get(k).data().length;
    }
    HeadRecord next = new HeadRecord(committed.seq() + 1, checked.head(), dataEnd);
    WholeLengths record = checked.truncateTo() >= 0 ? whole.truncatedTo(checked.truncateTo()) : whole;
    record.checkAddable(checked.knownFrom(), checked.wholeLengths());
    return new CommitPlan(checked.truncateTo(), committed.dataEnd(), checked.blocks(), checked.nodes(), next,
        checked.knownFrom(), checked.wholeLengths());
  }

  /** True when the commit only writes where nothing committed lives, so the head slot alone commits it. */
  private boolean isAppend(boolean newHead, CommitPlan plan) {
    long length = current.head().length();
    if (plan.truncateTo() >= 0 || !newHead) {
      return false;
    }
    // indexed loops: an iterator of the plan's immutable lists is not inlined here and would be
    // allocated on every commit (one per unbatched put)
    List<BlockWrite> blocksWritten = plan.blocks();
    for (int k = 0; k < blocksWritten.size(); k++) {
      if (blocksWritten.get(k).index() < length) {
        return false;
      }
    }
    List<Node> nodes = plan.nodes();
    for (int k = 0; k < nodes.size(); k++) {
      if (FlatTree.rightSpan(nodes.get(k).index()) < 2 * length) {
        return false;
      }
    }
    return true;
  }

  /**
   * Writes {@code plan} in place, head last. Repeatable: the journal replays it after a crash.
   * {@code force}: force the blocks and nodes before the head is written, then the head with its
   * checkpoint, so that the head never reaches the disk before what it points at.
   */
  private void apply(CommitPlan plan, boolean force) throws IOException {
    BlockMap m = map;
    long kept = current == null ? 0 : current.head().length();
    List<Replaced> replaced = List.of();
    if (m != null) {
      kept = forgetTruncated(m, plan, kept);
      replaced = replaced(plan, kept);
    }
    WholeLengths record = whole;
    if (plan.truncateTo() >= 0) {
      readableLength = Math.min(readableLength, plan.truncateTo());
      blocks.dropFrom(plan.truncateTo());
      tree.dropFrom(plan.truncateTo());
      record = record.truncatedTo(plan.truncateTo());
      if (wholeFile != null) {
        wholeFile.rewriteTo(record);
      }
    }
    if (!plan.blocks().isEmpty()) {
      // raised before the entries land: a rewrite below the length (a move) is visible to
      // readers as soon as its entries are written, and they check entries against this bound
      dataWritten = Math.max(dataWritten, plan.head().dataEnd());
      long end = blocks.write(plan.blocks(), plan.dataOffset(), segmentBytes, writer);
      dataWritten = Math.max(dataWritten, end);
    }
    if (!plan.nodes().isEmpty()) {
      tree.write(plan.nodes(), writer);
    }
    if (m != null) {
      record(m, plan, kept, replaced);
    }
    WholeLengths next = record.with(plan.knownFrom(), plan.wholeLengths());
    if (wholeFile != null) {
      wholeFile.append(next, record.size());
    }
    if (force) {
      makeDurable(plan.head(), true, commitFiles());
    } else {
      heads.write(plan.head());
    }
    whole = next;
    publish(plan.head());
  }

  /**
   * Takes out of {@code m} the blocks {@code plan} truncates (before they go: a reader never sees
   * them held and gone); returns how many blocks below {@code length} the truncation keeps.
   */
  private long forgetTruncated(BlockMap m, CommitPlan plan, long length) throws IOException {
    long kept = length;
    if (plan.truncateTo() >= 0 && plan.truncateTo() < length) {
      kept = plan.truncateTo();
      blocks.scan(kept, length - kept, e -> m.remove(e, segmentOf(e)));
      m.cut(kept);
    }
    return kept;
  }

  /** An index entry {@code plan} overwrites, read before the write, with the segment its bytes were in. */
  private record Replaced(BlockFiles.Entry entry, DataSegments.Segment segment) {}

  /** The entries of the blocks below {@code kept} that {@code plan} rewrites (holes filled, cleared blocks fetched again, moves). */
  private List<Replaced> replaced(CommitPlan plan, long kept) throws IOException {
    List<Replaced> out = new ArrayList<>();
    for (BlockWrite b : plan.blocks()) {
      if (b.index() < kept) {
        BlockFiles.Entry old = blocks.entry(b.index());
        out.add(new Replaced(old, segmentOf(old)));
      }
    }
    return out;
  }

  /**
   * Puts into {@code m} what {@code plan} wrote, in place of the entries it {@code replaced}
   * (blocks at or past {@code kept} filled holes). Only once the entries are written: a block the
   * map says is held must read (a replica's reader that found it held would not fetch it).
   */
  private void record(BlockMap m, CommitPlan plan, long kept, List<Replaced> replaced) {
    for (Replaced r : replaced) {
      m.remove(r.entry(), r.segment());
    }
    m.grow(plan.head().head().length());
    long at = plan.dataOffset();
    for (BlockWrite b : plan.blocks()) {
      if (b.index() >= kept) {
        m.remove(new BlockFiles.Entry(b.index(), 0, 0, BlockFiles.State.ABSENT), null);
      }
      if (b.isCleared()) {
        m.add(new BlockFiles.Entry(b.index(), 0, 0, BlockFiles.State.CLEARED), null);
      } else {
        m.add(new BlockFiles.Entry(b.index(), at, b.data().length, BlockFiles.State.PRESENT), data.at(at));
        at += b.data().length;
      }
    }
  }

  private DataSegments.Segment segmentOf(BlockFiles.Entry e) {
    return e.state() == BlockFiles.State.PRESENT ? data.at(e.offset()) : null;
  }

  /** The map of what the index holds, built by one scan of it on first use. */
  private BlockMap blockMap() throws IOException {
    BlockMap m = map;
    if (m != null) {
      return m;
    }
    writeLock.lock();
    try {
      if (map == null) {
        BlockMap built = new BlockMap();
        long length = current.head().length();
        blocks.scan(0, length, e -> built.add(e, segmentOf(e)));
        built.grow(length);
        map = built;
      }
      return map;
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public boolean hasAll(long start, long end) {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad block range " + start + ".." + end);
    }
    checkUsable();
    if (end > readableLength) {
      return false;
    }
    try {
      return blockMap().hasAll(start, end);
    } catch (IOException e) {
      throw fail(e);
    }
  }

  @Override
  public boolean isCleared(long index) {
    CheckedBatch.checkIndex(index, "block");
    checkUsable();
    try {
      return index < readableLength && blockMap().isCleared(index);
    } catch (IOException e) {
      throw fail(e);
    }
  }

  @Override
  public StorageStats stats() {
    checkUsable();
    try {
      BlockMap m = blockMap();
      long onDisk = data.bytesOnDisk();
      long total = onDisk;
      for (StoreFile f : files) {
        total += f.size();
      }
      return new StorageStats(m.liveBytes(), onDisk, total, m.clearedBlocks(), m.missingBlocks());
    } catch (IOException e) {
      throw fail(e);
    }
  }

  /**
   * Drops the stored blocks of {@code [start, end)} (see {@link CoreStorage#clear}): a journaled,
   * forced commit per {@value #CLEAR_CHUNK} blocks (atomic per chunk) that marks their index entries cleared. The
   * bytes stay in their data segment until {@link #reclaim}.
   */
  @Override
  public void clear(long start, long end) {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad block range " + start + ".." + end);
    }
    clearRuns(new long[] {start, end});
  }

  /** As {@link #clear}, the blocks of all ranges gathered into the same commits (see {@link CoreStorage#clearRuns}). */
  @Override
  public void clearRuns(long[] runs) {
    CoreStorage.checkRuns(runs);
    writeLock.lock();
    try {
      checkWritable();
      long length = current.head().length();
      List<BlockWrite> drops = new ArrayList<>();
      for (int k = 0; k < runs.length; k += 2) {
        long stop = Math.min(runs[k + 1], length);
        for (long from = runs[k]; from < stop; from += CLEAR_CHUNK) {
          blocks.scan(from, Math.min(CLEAR_CHUNK, stop - from), e -> {
            if (e.state() == BlockFiles.State.PRESENT) {
              drops.add(BlockWrite.cleared(e.index()));
            }
          });
          if (drops.size() >= CLEAR_CHUNK) {
            dropNow(drops);
          }
        }
      }
      dropNow(drops);
      syncLocked(); // durable when it returns, even when there was nothing left to clear
    } catch (IOException e) {
      throw fail(e);
    } finally {
      writeLock.unlock();
    }
  }

  /** Commits the clearing of {@code drops} (ascending), if any, and empties the list. */
  private void dropNow(List<BlockWrite> drops) throws IOException {
    if (!drops.isEmpty()) {
      blockMap(); // kept up to date from here on
      rewrite(rewritePlan(List.copyOf(drops)));
      drops.clear();
    }
  }

  /**
   * Gives dead block bytes back to the file system (see {@link CoreStorage#reclaim}). Seals the
   * tail segment when it qualifies, moves the live blocks of every qualifying segment to the tail
   * (journaled, forced commits of at most {@code MOVE_CHUNK_BYTES}: the same block bytes at new
   * offsets), then deletes those segments, whose entries all point elsewhere by then. A crash
   * before a delete leaves an unreferenced segment that the next reclaim deletes; readers racing
   * a move retry with the moved entry.
   */
  @Override
  public Reclaimed reclaim(boolean full) {
    writeLock.lock();
    try {
      checkWritable();
      syncLocked(); // durable when it returns, whatever it finds to do
      BlockMap m = blockMap();
      long before = data.bytesOnDisk();
      DataSegments.Segment tail = data.tail();
      if (tail != null && current.dataEnd() > tail.start() && qualifies(m, tail, full)) {
        data.startSegment(current.dataEnd());
      }
      List<DataSegments.Segment> victims = new ArrayList<>();
      for (DataSegments.Segment s : data.segments()) {
        if (s != data.tail() && qualifies(m, s, full)) {
          victims.add(s);
        }
      }
      if (victims.isEmpty()) {
        return new Reclaimed(0, 0, Math.max(0, before - data.bytesOnDisk()));
      }
      long moved = moveOut(m, victims);
      int dropped = 0;
      for (DataSegments.Segment s : victims) {
        if (m.liveIn(s.start()) == 0) { // never delete a segment a live entry points into
          data.delete(s);
          dropped++;
        }
      }
      forceDirectory();
      journal.file().truncate(0); // its last record (moved bytes) is applied and durable
      journal.file().force();
      return new Reclaimed(dropped, moved, Math.max(0, before - data.bytesOnDisk()));
    } catch (IOException e) {
      throw fail(e);
    } finally {
      writeLock.unlock();
    }
  }

  /** Whether segment {@code s} holds enough dead bytes to rewrite: any ({@code full}), else half. */
  private static boolean qualifies(BlockMap m, DataSegments.Segment s, boolean full) throws IOException {
    long size = s.file().size();
    long dead = size - m.liveIn(s.start());
    return dead > 0 && (full || m.liveIn(s.start()) == 0 || 2 * dead >= size);
  }

  /** Moves every live block of {@code victims} to the tail; returns the bytes moved. */
  private long moveOut(BlockMap m, List<DataSegments.Segment> victims) throws IOException {
    java.util.Set<Long> starts = new java.util.HashSet<>();
    for (DataSegments.Segment s : victims) {
      if (m.liveIn(s.start()) > 0) {
        starts.add(s.start());
      }
    }
    if (starts.isEmpty()) {
      return 0;
    }
    List<Long> toMove = new ArrayList<>();
    blocks.scan(0, current.head().length(), e -> {
      DataSegments.Segment s = segmentOf(e);
      if (s != null && starts.contains(s.start())) {
        toMove.add(e.index());
      }
    });
    long moved = 0;
    List<BlockWrite> chunk = new ArrayList<>();
    long chunkBytes = 0;
    for (long i : toMove) {
      byte[] block = blocks.read(i, dataWritten); // checked against its CRC before it moves
      chunk.add(new BlockWrite(i, block));
      chunkBytes += block.length;
      if (chunkBytes >= MOVE_CHUNK_BYTES) {
        rewrite(rewritePlan(chunk));
        moved += chunkBytes;
        chunk = new ArrayList<>();
        chunkBytes = 0;
      }
    }
    if (!chunk.isEmpty()) {
      rewrite(rewritePlan(chunk));
      moved += chunkBytes;
    }
    return moved;
  }

  /**
   * Forces {@code targets}, then writes {@code head} (into its head slot too when {@code
   * writeHead}) as the checkpoint and forces the head file: the head never reaches the disk
   * before what it points at, and from then on recovery trusts it unchecked.
   */
  private void makeDurable(HeadRecord head, boolean writeHead, StoreFile... targets) throws IOException {
    force(targets);
    if (writeHead) {
      heads.write(head);
    }
    heads.writeCheckpoint(head);
    heads.file().force();
    durable = head;
  }

  /** Makes every commit so far durable (see {@link CoreStorage#sync}); a no-op when the last one is. */
  @Override
  public void sync() {
    writeLock.lock();
    try {
      checkUsable();
      syncLocked();
    } catch (IOException e) {
      throw fail(e);
    } finally {
      writeLock.unlock();
    }
  }

  private void syncLocked() throws IOException {
    HeadRecord head = current;
    if (readOnly || identity == null || head == durable) {
      return;
    }
    makeDurable(head, false, commitFiles());
  }

  /** The files a commit writes before its head (the unforced data segments, index, tree, whole lengths), forced together. */
  private StoreFile[] commitFiles() {
    List<StoreFile> targets = new ArrayList<>(data.takeUnforced());
    targets.add(blocks.index());
    targets.add(tree.file());
    if (wholeFile != null) {
      targets.add(wholeFile.file());
    }
    return targets.toArray(new StoreFile[0]);
  }

  private void forceAll() throws IOException {
    force(allFiles());
  }

  /** Every file of the store. */
  private StoreFile[] allFiles() {
    List<StoreFile> all = new ArrayList<>(files);
    all.addAll(data.files());
    return all.toArray(new StoreFile[0]);
  }

  /**
   * Forces {@code targets} to the device at the same time. Measured on ext4 here: three
   * fdatasyncs issued together cost about one (the file system commits them in one journal
   * transaction), issued one after another about three times one.
   */
  private void force(StoreFile... targets) throws IOException {
    if (targets.length == 1 || opener != FileOpener.DEFAULT) {
      // another opener (fault injection) sees its forces in a fixed order, so that a seeded run
      // is repeatable. Unsynced cores force together too: a replica's every read-through block
      // is a forced rewrite, and one file after another made it several device flushes
      for (StoreFile f : targets) {
        f.force();
      }
      return;
    }
    if (syncPool == null) {
      syncPool = Executors.newFixedThreadPool(3, runnable -> {
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

  /**
   * Makes the directory's entries durable: the files created at open and the renames of {@link
   * IdentityFiles} (not possible on Windows, nor needed there).
   */
  private void forceDirectory() throws IOException {
    if (File.separatorChar == '/') {
      try (FileChannel ch = opener.open(dir, false)) {
        ch.force(true);
      }
    }
  }

  private void checkWritable() {
    checkUsable();
    if (readOnly) {
      throw new HyperbeeException(ErrorCode.READ_ONLY, "the storage of " + dir + " was opened read-only");
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

  /** The open files: head, the data segments, index, tree, journal (tests break them to provoke I/O failures). */
  List<StoreFile> files() {
    List<StoreFile> all = new ArrayList<>();
    all.add(files.get(0));
    for (DataSegments.Segment s : data.segments()) {
      all.add(s.file());
    }
    all.addAll(files.subList(1, files.size()));
    return all;
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
    if (fatal == null) {
      writeLock.lock(); // after a racing commit: make it durable too
      try {
        syncLocked(); // a clean shutdown leaves a checkpoint, so the next open checks nothing
        for (StoreFile f : allFiles()) {
          f.trimToSize(); // no zero tail of a pre-extension for the next open to cut
        }
      } catch (IOException e) {
        failure = e;
      } finally {
        writeLock.unlock();
      }
    }
    for (int i = files.size() - 1; i >= 0; i--) {
      try {
        files.get(i).close();
      } catch (IOException e) {
        failure = addTo(failure, e);
      }
    }
    try {
      data.close();
    } catch (IOException e) {
      failure = addTo(failure, e);
    }
    ExecutorService pool = syncPool;
    if (pool != null) {
      pool.shutdownNow(); // its threads are idle unless a commit races this close
    }
    try {
      lock.close();
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
