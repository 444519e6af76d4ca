package io.hyperbee.btree;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells whole versions from versions that fall strictly inside an atomic batch, exactly.
 *
 * <p>Why it is needed: a batch's blocks are encoded at flush, from the nodes' end-of-batch
 * contents, and every block but the last loses its root (JS {@code toBlocks}: {@code
 * pendingIndex[0] = null}, survivors swap-removed into the freed slots, spec 3.9). Level 0 of such
 * a block is then some other node, or nothing, and reading it as a root shows a partial tree.
 *
 * <p>What is guaranteed where (version {@code v}, core length {@code L}; {@code v <= 1} and {@code
 * v >= L} are always whole):
 *
 * <ul>
 *   <li><b>Recorded span</b> ({@code v >= knownFrom} of the log's {@link
 *       io.hyperbee.storage.WholeLengths}: every version this core appended itself since lengths
 *       are recorded): whole exactly when an append ended at {@code v}. No block is read.
 *   <li><b>Recorded below the span</b> (a signed length a replica verified): whole.
 *   <li><b>Anything else</b> (a JS-written or replicated log, a store from before the record): the
 *       block rules below must hold, <em>and</em> {@link ReplayCheck} must find that the tree at
 *       {@code v} holds exactly the entries the operations of blocks {@code 1 .. v - 1} leave. The
 *       replay makes a misread impossible (an inside version shows a partial tree, which never
 *       equals the replay); the rules only keep the replay off the many versions they refuse
 *       cheaply. A whole version the rules refuse is refused (never misread): a value-less put in
 *       a batch can, rarely, do that.
 * </ul>
 *
 * <p>The block rules: version {@code v} (root: level 0 of block {@code s = v - 1}) is whole only
 * if all of these hold; each is a property of every root JS writes, and each catches a shape of
 * non-final block:
 *
 * <ol>
 *   <li>block {@code s} has at least one level (a block whose nodes were all superseded later in
 *       its batch has none);
 *   <li>no key or child of block {@code s} names a block after {@code s} (nodes are serialised
 *       with their end-of-batch contents, so they may point forward within their batch);
 *   <li>a put (a block with a value) holds its own key in one of its levels (a put places it on
 *       its path; in a compacted block that node may have moved on);
 *   <li>its levels are the pre-order walk from level 0 through its own children (how {@code
 *       indexChanges} lays out one write; compaction reorders survivors);
 *   <li>no block at or after {@code s} has {@code (s, 0)} as a child (a root is never anyone's
 *       child: the next write rewrites it; a surviving non-root node keeps its parent's pointer);
 *   <li>when block {@code v} is a deletion laid out as one write whose level 0 is no node's child,
 *       its key is in the tree at {@code v} (JS appends a deletion only for a key it found;
 *       catches a root collapsed in mid-batch, spec 11.4; the layout conditions keep out a
 *       compacted value-less put, which looks like a deletion);
 *   <li>level 0 of block {@code s} is not stored again in the next block that has levels (see
 *       {@link #isStoredAgain}).
 * </ol>
 *
 * By themselves they let about 2 in 10,000 inside versions through in random delete-heavy
 * histories (BatchBoundsTest measures it); the replay refuses those.
 *
 * <p>Rule 5 needs the blocks from {@code s} to the end of the batch; since the core's length is
 * always a whole version, scanning up to it suffices, and the verdict never changes as the core
 * grows. The pointers found are kept (one bit per block, for the scanned span), so each block is
 * scanned once per bee. Only checkouts and diffs of older versions pay for it (once per version:
 * whole verdicts are remembered), never plain reads or snapshots of the current version.
 */
final class BatchBounds {
  /** Versions checked out again and again (LevelDB snapshots' iterators) are judged once. */
  private static final int KNOWN_WHOLE_MAX = 4096;

  private final BeeContext bee;
  private final Set<Long> knownWhole = ConcurrentHashMap.newKeySet();
  /** Seqs {@code s} whose level 0 is some node's child, for {@code s} in {@code [lo, hi)}. */
  private final BitSet referenced = new BitSet();
  private final ReplayCheck replay;
  private long lo;
  private long hi;

  /** Reading a damaged log: blocks that do not read back are skipped (see lastWholeBelow). */
  private final boolean skipDamaged;

  BatchBounds(BeeContext bee) {
    this(bee, false);
  }

  private BatchBounds(BeeContext bee, boolean skipDamaged) {
    this.bee = bee;
    this.skipDamaged = skipDamaged;
    this.replay = new ReplayCheck(bee);
  }

  /** Block {@code seq}, or null when it does not read back and damage is being skipped. */
  private DecodedBlock load(long seq, long length) {
    if (!skipDamaged) {
      return bee.load(seq, length);
    }
    try {
      return bee.load(seq, length);
    } catch (HyperbeeException e) {
      if (e.code() == ErrorCode.CLOSED) {
        throw e;
      }
      return null;
    }
  }

  /** Forgets every scan (the core was truncated: seqs now name other blocks). */
  synchronized void clear() {
    knownWhole.clear();
    referenced.clear();
    replay.clear();
    lo = 0;
    hi = 0;
  }

  /**
   * Refuses {@code version} when it falls strictly inside a batch, naming the whole versions
   * around it. {@code length} is the core length the caller reads at (a whole version).
   */
  void requireWhole(long version, long length) {
    if (isWhole(version, length)) {
      return;
    }
    long first = version - 1;
    while (!isWhole(first, length)) {
      first--;
    }
    long last = version + 1;
    while (!isWhole(last, length)) {
      last++;
    }
    throw new HyperbeeException(
        ErrorCode.VERSION_INSIDE_BATCH,
        "version " + version + " falls inside an atomic batch that took the bee from version "
            + first + " to version " + last + " (blocks " + first + ".." + (last - 1)
            + "); only those two versions hold a whole tree");
  }

  /** True when {@code version} is a whole tree (see the class comment). */
  boolean isWhole(long version, long length) {
    if (version <= 1 || version >= length || knownWhole.contains(version)) {
      return true;
    }
    switch (bee.core.wholeLengths().status(version)) {
      case WHOLE:
        return true;
      case INSIDE:
        return false;
      default:
        break;
    }
    boolean whole = meetsRules(version, length) && replay.matches(version, length);
    if (whole) {
      if (knownWhole.size() >= KNOWN_WHOLE_MAX) {
        knownWhole.clear();
      }
      knownWhole.add(version); // verdicts do not change as the core grows
    }
    return whole;
  }

  /**
   * Where to cut a damaged log back to: the largest whole version at or below {@code limit} (the
   * first block that does not read back). In the recorded span the record answers; below it, the
   * rules are checked reading every block that still reads back, before and after the damage, and
   * the replay (which reads only blocks below {@code limit}) confirms.
   */
  static long lastWholeBelow(BeeContext bee, long limit) {
    long recorded = bee.core.wholeLengths().lastWholeAtOrBelow(limit);
    if (recorded >= 0) {
      return recorded;
    }
    BatchBounds damaged = new BatchBounds(bee, true);
    long length = bee.core.length();
    long v = limit;
    while (v > 1 && !damaged.isWholeBelowRecord(v, length)) {
      v--;
    }
    return v;
  }

  /** For a version the record cannot tell: the rules, then the replay. */
  private boolean isWholeBelowRecord(long version, long length) {
    if (bee.core.wholeLengths().status(version) == io.hyperbee.storage.WholeLengths.Status.WHOLE) {
      return true;
    }
    return meetsRules(version, length) && replay.matches(version, length);
  }

  /** The block rules alone, without the record or the replay (tests measure what they miss). */
  boolean rulesHold(long version, long length) {
    return version <= 1 || version >= length || meetsRules(version, length);
  }

  /** Rules 1 to 7 for {@code version}, reading blocks below {@code length}. */
  private boolean meetsRules(long version, long length) {
    long s = version - 1;
    DecodedBlock block = bee.load(s, length);
    if (!isRootBlock(block) || isReferenced(s, length) || isStoredAgain(block, length)) {
      return false;
    }
    if (version >= length) {
      return true;
    }
    DecodedBlock next = load(version, length);
    return next == null
        || !isDeletionOfOneWrite(next)
        || isReferenced(version, length)
        || Lookup.get(new StoredReader(bee, version, length), next.key()) != null;
  }

  /**
   * Rule 7: level 0 of block {@code s} is a node also stored in the next block that has levels
   * (the blocks between lost theirs). A batch stores one node object in every block whose pending
   * index still holds a pointer to it, each time with its end-of-batch contents (a root collapsed
   * in mid-batch leaves such a pointer behind, spec 11.4). A write always changes its root, so an
   * internal root is never stored again unchanged. A leaf root is, after a put and a delete of one
   * key, so a leaf counts only when the next block is the root again and deletes a key that was
   * neither in it nor written since.
   */
  private boolean isStoredAgain(DecodedBlock block, long length) {
    long t = block.seq + 1;
    DecodedBlock later = null;
    while (t < length && (later = load(t, length)) != null && later.levelCount() == 0) {
      t++;
    }
    if (t >= length || later == null) {
      return false;
    }
    Level node = block.level(0);
    Level[] levels = node.childPairs().length > 0 ? later.levels() : new Level[] {later.level(0)};
    for (Level l : levels) {
      if (Arrays.equals(node.keySeqs(), l.keySeqs())
          && Arrays.equals(node.childPairs(), l.childPairs())) {
        return node.childPairs().length > 0 || deletesAKeyNeverThere(block.seq, later, length);
      }
    }
    return false;
  }

  /** Block {@code later} deletes a key absent at version {@code s + 1} and not written since. */
  private boolean deletesAKeyNeverThere(long s, DecodedBlock later, long length) {
    if (!isDeletionOfOneWrite(later)
        || Lookup.get(new StoredReader(bee, s + 1, length), later.key()) != null) {
      return false;
    }
    for (long u = s + 1; u < later.seq; u++) {
      DecodedBlock written = load(u, length);
      if (written == null || Arrays.equals(written.key(), later.key())) {
        return false;
      }
    }
    return true;
  }

  /**
   * A deletion laid out as a whole write. A compacted block may have lost the node holding its
   * own key, which makes a value-less put look like a deletion (spec 2.5), so only a block laid out
   * as one write's root and changed nodes is taken at its word.
   */
  private static boolean isDeletionOfOneWrite(DecodedBlock block) {
    return block.value() == null && isRootBlock(block) && block.isDeletion();
  }

  /** Rules 1 to 4: block {@code s} is laid out as one write's root and its changed nodes. */
  private static boolean isRootBlock(DecodedBlock block) {
    Level[] levels = block.levels();
    if (levels.length == 0) {
      return false;
    }
    for (Level l : levels) {
      for (long k : l.keySeqs()) {
        if (k > block.seq) {
          return false;
        }
      }
      long[] c = l.childPairs();
      for (int i = 0; i < c.length; i += 2) {
        if (c[i] > block.seq) {
          return false;
        }
      }
    }
    if (block.value() != null && !holdsKey(levels, block.seq)) {
      return false;
    }
    return preOrderFrom(levels, 0, 0) == levels.length;
  }

  private static boolean holdsKey(Level[] levels, long seq) {
    for (Level l : levels) {
      if (l.hasKeySeq(seq)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Walks level {@code offset}'s own-block children in order, expecting each at the next offset
   * of a pre-order walk; returns the offset after the subtree, or -1 when the layout differs.
   */
  private static int preOrderFrom(Level[] levels, int offset, int expected) {
    if (offset != expected) {
      return -1;
    }
    int next = expected + 1;
    long[] c = levels[offset].childPairs();
    for (int i = 0; i < c.length; i += 2) {
      if (c[i] != levels[offset].seq) {
        continue;
      }
      int child = (int) c[i + 1];
      if (child >= levels.length) {
        return -1;
      }
      next = preOrderFrom(levels, child, next);
      if (next < 0) {
        return -1;
      }
    }
    return next;
  }

  /** Rule 5, scanning blocks not yet scanned: is {@code (s, 0)} a child of any node? */
  private synchronized boolean isReferenced(long s, long length) {
    if (hi == 0) {
      lo = length;
      hi = length;
    }
    if (s < lo) {
      scan(s, lo, length);
      lo = s;
    }
    if (hi < length && s >= hi) {
      scan(hi, length, length);
      hi = length;
    }
    return referenced.get(Math.toIntExact(s));
  }

  private void scan(long from, long to, long length) {
    for (long t = Math.max(1, from); t < to; t++) {
      DecodedBlock b = load(t, length);
      if (b == null) {
        continue;
      }
      for (Level l : b.levels()) {
        long[] c = l.childPairs();
        for (int i = 0; i < c.length; i += 2) {
          if (c[i + 1] == 0 && c[i] <= t) {
            referenced.set(Math.toIntExact(c[i]));
          }
        }
      }
    }
  }
}
