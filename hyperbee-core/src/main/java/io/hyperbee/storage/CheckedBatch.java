package io.hyperbee.storage;

import static java.util.Objects.requireNonNull;

import io.hyperbee.merkle.FlatTree;
import io.hyperbee.merkle.Node;
import io.hyperbee.storage.StorageBatch.BlockWrite;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.ToLongFunction;

/**
 * A {@link StorageBatch} checked against the committed head, the rules every {@link CoreStorage}
 * applies before it changes anything: a truncation comes with a new head; the head never shrinks
 * below what the batch keeps; blocks lie below the new length and nodes inside the new tree; a
 * block or node given twice must be the same both times (it is stored once); hashes are 32
 * bytes. Blocks and nodes come out sorted by index and the head copied, so the caller's arrays
 * can change afterwards without harm.
 *
 * @param truncateTo the truncation, or -1 for none
 * @param head the head after the batch (the committed one when the batch brings none)
 * @param newHead whether the batch brings a head
 * @param knownFrom where the whole-lengths record starts its complete span (-1: unchanged)
 * @param wholeLengths lengths to record as whole, ascending, at most the head's length
 */
public record CheckedBatch(long truncateTo, List<BlockWrite> blocks, List<Node> nodes, CoreHead head, boolean newHead,
    long knownFrom, long[] wholeLengths) {
  /** The longest signature a head may carry. */
  public static final int MAX_SIGNATURE = 2048;

  /**
   * Checks {@code batch} against {@code committed}; null when it changes nothing.
   *
   * @throws IllegalArgumentException or NullPointerException naming what is wrong
   */
  public static CheckedBatch of(CoreHead committed, StorageBatch batch) {
    requireNonNull(batch, "batch is null");
    long truncateTo = batch.truncateTo() < 0 ? -1 : batch.truncateTo();
    long kept = truncateTo < 0 ? committed.length() : Math.min(committed.length(), truncateTo);
    CoreHead head = batch.head() == null ? committed : copyOf(batch.head());
    if (batch.head() == null && kept < committed.length()) {
      throw new IllegalArgumentException("a truncation to " + truncateTo + " needs a new head");
    }
    if (head.length() < kept) {
      throw new IllegalArgumentException("head length " + head.length() + " is below the " + kept
          + " blocks the batch keeps; truncate with truncateTo");
    }
    List<BlockWrite> blocks = checkedBlocks(batch.blocks(), head);
    List<Node> nodes = checkedNodes(batch.nodes(), head);
    long[] whole = checkWholeLengths(batch, head);
    if (batch.head() == null && truncateTo < 0 && blocks.isEmpty() && nodes.isEmpty() && whole.length == 0
        && batch.knownFrom() < 0) {
      return null;
    }
    return new CheckedBatch(truncateTo, blocks, nodes, head, batch.head() != null, Math.max(-1, batch.knownFrom()), whole);
  }

  /**
   * The batch's blocks, checked, in a fresh unmodifiable list sorted by index with duplicates
   * dropped. An append hands them over ascending already: one pass checks that and skips the sort.
   */
  private static List<BlockWrite> checkedBlocks(List<BlockWrite> given, CoreHead head) {
    BlockWrite[] blocks = given == null ? new BlockWrite[0] : given.toArray(new BlockWrite[0]);
    boolean ascending = true;
    for (int k = 0; k < blocks.length; k++) {
      BlockWrite b = blocks[k];
      requireNonNull(b, "batch.blocks holds null");
      if (b.data() == null) {
        throw new NullPointerException("data of block " + b.index() + " is null");
      }
      if (b.index() < 0 || b.index() >= head.length()) {
        throw new IllegalArgumentException("block " + b.index() + " is outside the head length " + head.length());
      }
      ascending &= k == 0 || blocks[k - 1].index() < b.index();
    }
    return sortedUnique(blocks, ascending, BlockWrite::index, (x, y) -> Arrays.equals(x.data(), y.data()), "block", "data");
  }

  /** As {@link #checkedBlocks} for the batch's nodes. */
  private static List<Node> checkedNodes(List<Node> given, CoreHead head) {
    Node[] nodes = given == null ? new Node[0] : given.toArray(new Node[0]);
    boolean ascending = true;
    for (int k = 0; k < nodes.length; k++) {
      Node n = nodes[k];
      requireNonNull(n, "batch.nodes holds null");
      if (n.hash() == null || n.hash().length != 32) {
        checkLength(n.hash(), 32, "hash of node " + n.index()); // throws naming the problem
      }
      if (n.index() < 0 || n.size() < 0) {
        throw new IllegalArgumentException("bad node " + n);
      }
      if (n.index() > 2 * head.length() - 2 || FlatTree.rightSpan(n.index()) >= 2 * head.length()) {
        throw new IllegalArgumentException("node " + n.index() + " spans past the head length " + head.length());
      }
      ascending &= k == 0 || nodes[k - 1].index() < n.index();
    }
    // proofs may carry a node twice; storing it once is the same
    return sortedUnique(nodes, ascending, Node::index, Node::equals, "node", "content");
  }

  /**
   * {@code items} (owned) as an unmodifiable list sorted by index, each index once; sorted only
   * when not {@code ascending} already.
   *
   * @throws IllegalArgumentException when an index comes twice with different {@code what}
   */
  private static <T> List<T> sortedUnique(T[] items, boolean ascending, ToLongFunction<T> index, BiPredicate<T, T> same,
      String kind, String what) {
    if (ascending) {
      // List.of, not an unmodifiable view: the view's iterator wraps another, which the JIT
      // cannot inline at the commit's loops, so every loop over a batch allocated two iterators
      return List.of(items);
    }
    Arrays.sort(items, Comparator.comparingLong(index));
    List<T> unique = new ArrayList<>(items.length);
    for (T item : items) {
      T last = unique.isEmpty() ? null : unique.get(unique.size() - 1);
      if (last == null || index.applyAsLong(last) != index.applyAsLong(item)) {
        unique.add(item);
      } else if (!same.test(last, item)) {
        throw new IllegalArgumentException(kind + " " + index.applyAsLong(item) + " appears twice in the batch with different " + what);
      }
    }
    return List.copyOf(unique);
  }

  /** A copy of the batch's whole lengths, checked to ascend from its known-from within the head. */
  private static long[] checkWholeLengths(StorageBatch batch, CoreHead head) {
    long[] whole = requireNonNull(batch.wholeLengths(), "batch.wholeLengths is null").clone();
    long previous = batch.knownFrom();
    if (previous > head.length()) {
      throw new IllegalArgumentException("knownFrom " + previous + " is past the head length " + head.length());
    }
    for (long v : whole) {
      if (v <= previous || v < 0 || v > head.length()) {
        throw new IllegalArgumentException("whole length " + v + " does not ascend (after " + previous
            + ") within the head length " + head.length());
      }
      previous = v;
    }
    return whole;
  }

  /** Checks the lengths of a new core's identity and copies its arrays. */
  public static CoreIdentity copyOf(CoreIdentity id) {
    requireNonNull(id, "identity is null");
    checkLength(id.key(), 32, "identity.key");
    checkLength(id.publicKey(), 32, "identity.publicKey");
    if (id.secretKey() != null) {
      checkLength(id.secretKey(), 64, "identity.secretKey");
    }
    return new CoreIdentity(id.key().clone(), id.manifest() == null ? null : id.manifest().clone(),
        id.publicKey().clone(), id.secretKey() == null ? null : id.secretKey().clone(), id.compat());
  }

  private static CoreHead copyOf(CoreHead h) {
    if (h.fork() < 0 || h.length() < 0 || h.byteLength() < 0) {
      throw new IllegalArgumentException("bad head " + h);
    }
    if (h.treeHash() != null) {
      checkLength(h.treeHash(), 32, "head.treeHash");
    }
    if (h.signature() != null && h.signature().length > MAX_SIGNATURE) {
      throw new IllegalArgumentException("head.signature is " + h.signature().length + " bytes, at most " + MAX_SIGNATURE);
    }
    return new CoreHead(h.fork(), h.length(), h.byteLength(), h.treeHash() == null ? null : h.treeHash().clone(),
        h.signature() == null ? null : h.signature().clone());
  }

  /** Checks a block or node index given to a read. */
  public static void checkIndex(long index, String what) {
    if (index < 0) {
      throw new IllegalArgumentException(what + " index is negative: " + index);
    }
  }

  private static void checkLength(byte[] bytes, int length, String name) {
    requireNonNull(bytes, name + " is null");
    if (bytes.length != length) {
      throw new IllegalArgumentException(name + " must be " + length + " bytes, not " + bytes.length);
    }
  }
}
