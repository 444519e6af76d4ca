package io.hyperbee.storage;

import static java.util.Objects.requireNonNull;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.merkle.FlatTree;
import io.hyperbee.merkle.Node;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A {@link CoreStorage} in memory (tests, scratch cores, benchmarks). One writer commits under
 * this object's lock; readers never lock: blocks and nodes live in pages of atomic slots and the
 * head is published through a volatile field after the slots it covers are written, so a reader
 * that sees a head also sees its blocks and nodes. Batches and arguments are checked as
 * {@link CheckedBatch} does for every storage. Nothing survives {@link #close()}.
 */
public final class MemoryCoreStorage implements CoreStorage {
  private static final CoreHead EMPTY_HEAD = new CoreHead(0, 0, 0, null, null);

  private final Slots<byte[]> blocks = new Slots<>();
  private final Slots<Node> nodes = new Slots<>();
  private final java.util.Set<Long> cleared = ConcurrentHashMap.newKeySet();
  private volatile CoreIdentity identity;
  private volatile CoreHead head = EMPTY_HEAD;
  private volatile WholeLengths whole = WholeLengths.NONE;
  private volatile boolean closed;

  @Override
  public CoreIdentity identity() {
    checkOpen();
    return identity;
  }

  @Override
  public synchronized void create(CoreIdentity identity) {
    requireNonNull(identity, "identity is null");
    checkOpen();
    if (this.identity != null) {
      throw new HyperbeeException(ErrorCode.STORAGE_CONFLICT, "storage already holds a core");
    }
    this.identity = CheckedBatch.copyOf(identity);
    this.head = EMPTY_HEAD;
    this.whole = WholeLengths.NONE;
  }

  @Override
  public WholeLengths wholeLengths() {
    checkOpen();
    return whole;
  }

  @Override
  public CoreHead head() {
    checkOpen();
    return head;
  }

  @Override
  public byte[] readBlock(long index) {
    CheckedBatch.checkIndex(index, "block");
    checkOpen();
    return blocks.get(index);
  }

  @Override
  public Node readNode(long index) {
    CheckedBatch.checkIndex(index, "node");
    checkOpen();
    return nodes.get(index);
  }

  @Override
  public synchronized void commit(StorageBatch batch) {
    requireNonNull(batch, "batch is null");
    checkOpen();
    if (identity == null) {
      throw new HyperbeeException(ErrorCode.STORAGE_CONFLICT, "commit before create");
    }
    CheckedBatch checked = CheckedBatch.of(head, batch);
    if (checked == null) {
      return;
    }
    WholeLengths record = checked.truncateTo() >= 0 ? whole.truncatedTo(checked.truncateTo()) : whole;
    record.checkAddable(checked.knownFrom(), checked.wholeLengths()); // before anything changes
    if (checked.truncateTo() >= 0) {
      truncate(checked.truncateTo());
    }
    for (StorageBatch.BlockWrite w : checked.blocks()) {
      blocks.set(w.index(), w.data());
      cleared.remove(w.index());
    }
    for (Node n : checked.nodes()) {
      nodes.set(n.index(), n);
    }
    whole = record.with(checked.knownFrom(), checked.wholeLengths());
    head = checked.head();
  }

  /** Drops blocks from {@code length} on, nodes at and after {@code 2 * length}, and ancestors spanning the cut. */
  private void truncate(long length) {
    long cut = 2 * length;
    blocks.clearFrom(length);
    cleared.removeIf(i -> i >= length);
    nodes.clearFrom(cut);
    if (length > 0) {
      FlatTree.Iterator ite = FlatTree.iterator(cut - 2);
      while (true) {
        if (ite.contains(cut) && ite.index() < cut) {
          nodes.set(ite.index(), null);
        }
        if (ite.offset() == 0) {
          break;
        }
        ite.parent();
      }
    }
  }

  @Override
  public synchronized void clear(long start, long end) {
    checkOpen();
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad block range " + start + ".." + end);
    }
    for (long i = start; i < Math.min(end, head.length()); i++) {
      if (blocks.get(i) != null) {
        blocks.set(i, null);
        cleared.add(i);
      }
    }
  }

  @Override
  public boolean isCleared(long index) {
    return cleared.contains(index);
  }

  @Override
  public synchronized StorageStats stats() {
    checkOpen();
    return CoreStorage.super.stats();
  }

  @Override
  public void close() {
    closed = true;
  }

  private void checkOpen() {
    if (closed) {
      throw new HyperbeeException(ErrorCode.CLOSED, "storage is closed");
    }
  }

  /** Sparse long-indexed slots in pages; one writer, lock-free readers. */
  private static final class Slots<T> {
    private static final int PAGE_BITS = 12;
    private static final int PAGE_SIZE = 1 << PAGE_BITS;

    private final Map<Long, AtomicReferenceArray<T>> pages = new ConcurrentHashMap<>();

    T get(long index) {
      long pageNo = index >>> PAGE_BITS;
      AtomicReferenceArray<T> page = pages.get(pageNo);
      return page == null ? null : page.get((int) (index & (PAGE_SIZE - 1)));
    }

    void set(long index, T value) {
      long pageNo = index >>> PAGE_BITS;
      AtomicReferenceArray<T> page = pages.get(pageNo);
      if (page == null) {
        if (value == null) {
          return;
        }
        page = new AtomicReferenceArray<>(PAGE_SIZE);
        pages.put(pageNo, page);
      }
      page.set((int) (index & (PAGE_SIZE - 1)), value);
    }

    void clearFrom(long index) {
      long firstPage = index >>> PAGE_BITS;
      for (Map.Entry<Long, AtomicReferenceArray<T>> e : pages.entrySet()) {
        long pageNo = e.getKey();
        if (pageNo > firstPage) {
          AtomicReferenceArray<T> page = e.getValue();
          for (int i = 0; i < PAGE_SIZE; i++) {
            page.set(i, null);
          }
        } else if (pageNo == firstPage) {
          AtomicReferenceArray<T> page = e.getValue();
          for (int i = (int) (index & (PAGE_SIZE - 1)); i < PAGE_SIZE; i++) {
            page.set(i, null);
          }
        }
      }
    }
  }
}
