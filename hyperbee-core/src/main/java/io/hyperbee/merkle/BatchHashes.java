package io.hyperbee.merkle;

import com.google.common.base.Throwables;
import io.hyperbee.crypto.NodeHasher;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The hashes of a large append's leaves and of the full subtrees inside it, made before the
 * append by the appending thread and the {@link HashWorkers} at once (issue 18). The blocks are
 * cut into chunks of {@code 2^k} blocks aligned on {@code 2^k}; a chunk the append fills whole is
 * a subtree, hashed with all its parents, and a chunk at either end gets its leaves hashed. Every
 * thread claims chunks until none are left, and the appending thread then hashes any chunk a
 * worker has not finished yet: it never waits for a worker. {@link TreeBatch} then grows the tree
 * as it always does, taking each hash from here when there is one: the same nodes in the same
 * order with the same bytes as a sequential append.
 */
final class BatchHashes {
  /**
   * An append is split when it hashes at least this many bytes (about: each block's bytes plus
   * {@value #PER_BLOCK} for its leaf header and its share of the parents); below, handing work
   * over costs more than it saves. Package-private knob so tests can force the parallel path.
   */
  static volatile long minBytes = 32 * 1024;
  /** A parent hashes one 128-byte BLAKE2b block; a leaf header adds 9 bytes. */
  private static final int PER_BLOCK = 128;
  /** Chunks per thread: enough to even out uneven blocks and a late worker. */
  private static final int CHUNKS_PER_THREAD = 4;
  private static final int MAX_CHUNK_BLOCKS = 1024;

  private final long from; // flat index of the first leaf: 2 * base length
  private final byte[][] hashes; // by flat index - from; null where not made here

  private BatchHashes(long from, byte[][] hashes) {
    this.from = from;
    this.hashes = hashes;
  }

  /**
   * The hashes for appending {@code blocks} after {@code baseLength} blocks, or null when the
   * append is too small to split or there are no workers.
   */
  static BatchHashes of(long baseLength, List<byte[]> blocks, Executor executor, int helpers) {
    if (executor == null || helpers == 0 || blocks.size() < 2 || work(blocks) < minBytes) {
      return null;
    }
    byte[][] own = blocks.toArray(new byte[0][]); // the workers read this thread's view of the list
    int perChunk = Integer.highestOneBit(own.length / ((helpers + 1) * CHUNKS_PER_THREAD));
    int chunkBlocks = Math.max(1, Math.min(MAX_CHUNK_BLOCKS, perChunk));
    return new BatchHashes(2 * baseLength, new Job(baseLength, own, chunkBlocks).hashWith(executor, helpers));
  }

  private static long work(List<byte[]> blocks) {
    long bytes = 0;
    for (byte[] b : blocks) {
      bytes += b.length + PER_BLOCK;
    }
    return bytes;
  }

  /** The hash of the node at flat {@code index}, or null when it was not made here. */
  byte[] at(long index) {
    long at = index - from;
    return at < 0 || at >= hashes.length ? null : hashes[(int) at];
  }

  /** One append's chunks, claimed in turn by the threads that hash them. */
  private static final class Job {
    private final long first; // block index of the first block
    private final byte[][] blocks;
    private final int chunkBlocks;
    private final long firstChunk;
    private final int chunks;
    /** Per chunk, its nodes' hashes by flat index - 2 * its first block; published whole, once. */
    private final AtomicReferenceArray<byte[][]> done;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    Job(long first, byte[][] blocks, int chunkBlocks) {
      this.first = first;
      this.blocks = blocks;
      this.chunkBlocks = chunkBlocks;
      this.firstChunk = first / chunkBlocks;
      this.chunks = (int) ((first + blocks.length - 1) / chunkBlocks - firstChunk + 1);
      this.done = new AtomicReferenceArray<>(chunks);
    }

    /**
     * Hashes every chunk with up to {@code helpers} workers' help and returns the hashes by flat
     * index - 2 * first. This thread never waits for a worker: a chunk a worker has claimed but
     * not finished when nothing else is left (a worker the scheduler paused, on a loaded
     * machine) is hashed here too, and the first result counts (both are the same bytes). A
     * worker's failure is rethrown here.
     */
    byte[][] hashWith(Executor executor, int helpers) {
      for (int i = 0; i < helpers; i++) {
        try {
          executor.execute(this::claim);
        } catch (RejectedExecutionException e) {
          break; // the pool is shutting down: this thread hashes alone
        }
      }
      claim();
      for (int c = chunks - 1; c >= 0 && failure.get() == null; c--) { // the last claimed is the least done
        if (done.get(c) == null) {
          done.compareAndSet(c, null, hashChunk(c));
        }
      }
      Throwable t = failure.get();
      if (t != null) {
        Throwables.throwIfUnchecked(t);
        throw new IllegalStateException("hashing an append's blocks failed", t);
      }
      byte[][] hashes = new byte[2 * blocks.length][];
      for (int c = 0; c < chunks; c++) {
        byte[][] chunk = done.get(c);
        System.arraycopy(chunk, 0, hashes, (int) (2 * (start(c) - first)), chunk.length);
      }
      return hashes;
    }

    /** Hashes chunks until none is left unclaimed. */
    private void claim() {
      for (int c = next.getAndIncrement(); c < chunks && failure.get() == null; c = next.getAndIncrement()) {
        try {
          done.compareAndSet(c, null, hashChunk(c));
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        }
      }
    }

    private long start(int c) {
      return Math.max(first, (firstChunk + c) * chunkBlocks);
    }

    /** The hashes of chunk {@code c}'s leaves, and of its parents when the append fills it whole. */
    private byte[][] hashChunk(int c) {
      long start = start(c);
      long end = Math.min(first + blocks.length, (firstChunk + c + 1) * chunkBlocks);
      NodeHasher hasher = NodeHasher.local();
      int count = (int) (end - start);
      byte[][] out = new byte[2 * count - 1][];
      long[] sizes = new long[count];
      byte[][] level = new byte[count][];
      for (int i = 0; i < count; i++) {
        byte[] block = blocks[(int) (start - first) + i];
        sizes[i] = block.length;
        level[i] = hasher.leaf(block);
        out[2 * i] = level[i];
      }
      if (count < chunkBlocks) {
        return out; // a chunk the append fills only in part: its parents need blocks outside it
      }
      for (int width = 2; width <= count; width *= 2) {
        for (int i = 0; i < count / width; i++) {
          long size = sizes[2 * i] + sizes[2 * i + 1];
          level[i] = hasher.parent(size, level[2 * i], level[2 * i + 1]);
          sizes[i] = size;
          out[i * width * 2 + width - 1] = level[i]; // flat index of the subtree's root, from the chunk's
        }
      }
      return out;
    }
  }
}
