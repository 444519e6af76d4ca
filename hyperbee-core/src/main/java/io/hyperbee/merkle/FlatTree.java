package io.hyperbee.merkle;

/**
 * Flat-tree arithmetic (npm {@code flat-tree}): blocks at even indexes ({@code block b} at
 * {@code 2b}), parents at odd indexes, laid out in order. All indexes are {@code long}.
 *
 * <pre>
 * depth 2:            3
 * depth 1:      1           5
 * depth 0:   0     2     4     6
 * </pre>
 */
public final class FlatTree {
  private FlatTree() {}

  /** Number of trailing one bits. */
  public static int depth(long index) {
    return Long.numberOfTrailingZeros(~index);
  }

  /** Position of {@code index} within its depth. */
  public static long offset(long index) {
    return index >>> (depth(index) + 1);
  }

  public static long index(int depth, long offset) {
    return ((1 + 2 * offset) << depth) - 1;
  }

  public static long parent(long index) {
    int d = depth(index);
    return index(d + 1, offset(index) >>> 1);
  }

  public static long sibling(long index) {
    int d = depth(index);
    return index(d, offset(index) ^ 1);
  }

  /** Left child of a parent; the index itself for a leaf. */
  public static long leftChild(long index) {
    int d = depth(index);
    return d == 0 ? index : index(d - 1, offset(index) * 2);
  }

  /** Right child of a parent; the index itself for a leaf. */
  public static long rightChild(long index) {
    int d = depth(index);
    return d == 0 ? index : index(d - 1, offset(index) * 2 + 1);
  }

  /** Both children of a parent ({@code [left, right]}); null for a leaf. */
  public static long[] children(long index) {
    return depth(index) == 0 ? null : new long[] {leftChild(index), rightChild(index)};
  }

  /** Leftmost and rightmost leaf under {@code index} ({@code [leftSpan, rightSpan]}). */
  public static long[] spans(long index) {
    return new long[] {leftSpan(index), rightSpan(index)};
  }

  /** Leftmost leaf under {@code index}. */
  public static long leftSpan(long index) {
    int d = depth(index);
    return d == 0 ? index : offset(index) << (d + 1);
  }

  /** Rightmost leaf under {@code index}. */
  public static long rightSpan(long index) {
    int d = depth(index);
    return d == 0 ? index : ((offset(index) + 1) << (d + 1)) - 2;
  }

  /** Number of nodes in the subtree under {@code index}. */
  public static long count(long index) {
    return (2L << depth(index)) - 1;
  }

  /** Number of leaves (blocks) under {@code index}. */
  public static long countLeaves(long index) {
    return 1L << depth(index);
  }

  /**
   * The roots of a tree of {@code index / 2} blocks ({@code index} must be even), ascending:
   * length 11 gives [7, 17, 20].
   */
  public static long[] fullRoots(long index) {
    if ((index & 1) != 0) {
      throw new IllegalArgumentException("fullRoots needs an even index, got " + index);
    }
    long blocks = index / 2;
    long[] out = new long[Long.bitCount(blocks)];
    long offset = 0;
    int i = 0;
    for (int bit = 63; bit >= 0; bit--) {
      long factor = 1L << bit;
      if ((blocks & factor) != 0) {
        out[i++] = offset + factor - 1;
        offset += 2 * factor;
      }
    }
    return out;
  }

  /** A walker positioned at {@code index}. */
  public static Iterator iterator(long index) {
    Iterator ite = new Iterator();
    ite.seek(index);
    return ite;
  }

  /**
   * A stateful walker over (index, offset, factor = 2^(depth+1)), flat-tree's {@code Iterator}.
   * Not thread-safe.
   */
  public static final class Iterator {
    private long index;
    private long offset;
    private long factor;

    public long index() {
      return index;
    }

    public long offset() {
      return offset;
    }

    public long factor() {
      return factor;
    }

    public Iterator seek(long index) {
      this.index = index;
      if ((index & 1) != 0) {
        this.offset = FlatTree.offset(index);
        this.factor = 2L << depth(index);
      } else {
        this.offset = index / 2;
        this.factor = 2;
      }
      return this;
    }

    public boolean isLeft() {
      return (offset & 1) == 0;
    }

    public boolean isRight() {
      return (offset & 1) == 1;
    }

    /** True when {@code j} lies under the current node (or is it). */
    public boolean contains(long j) {
      return j > index ? j < index + factor / 2 : j < index ? j > index - factor / 2 : true;
    }

    public long prev() {
      if (offset == 0) {
        return index;
      }
      offset--;
      index -= factor;
      return index;
    }

    public long next() {
      offset++;
      index += factor;
      return index;
    }

    public long sibling() {
      return isLeft() ? next() : prev();
    }

    public long parent() {
      if ((offset & 1) != 0) {
        index -= factor / 2;
        offset = (offset - 1) / 2;
      } else {
        index += factor / 2;
        offset /= 2;
      }
      factor *= 2;
      return index;
    }

    public long leftSpan() {
      index = index - factor / 2 + 1;
      offset = index / 2;
      factor = 2;
      return index;
    }

    public long rightSpan() {
      index = index + factor / 2 - 1;
      offset = index / 2;
      factor = 2;
      return index;
    }

    public long leftChild() {
      if (factor == 2) {
        return index;
      }
      factor /= 2;
      index -= factor / 2;
      offset *= 2;
      return index;
    }

    public long rightChild() {
      if (factor == 2) {
        return index;
      }
      factor /= 2;
      index += factor / 2;
      offset = 2 * offset + 1;
      return index;
    }

    /** Moves to the first leaf after the current subtree. */
    public long nextTree() {
      index = index + factor / 2 + 1;
      offset = index / 2;
      factor = 2;
      return index;
    }

    /**
     * From a leaf, climbs to the largest full subtree starting there that ends before {@code
     * head} (an even index); false when there is none. Loop with {@link #nextTree()} to visit the
     * roots of a tree of {@code head / 2} blocks.
     */
    public boolean fullRoot(long head) {
      if (head <= index || (index & 1) != 0) {
        return false;
      }
      while (head > index + factor + factor / 2) {
        index += factor / 2;
        factor *= 2;
        offset /= 2;
      }
      return true;
    }
  }
}
