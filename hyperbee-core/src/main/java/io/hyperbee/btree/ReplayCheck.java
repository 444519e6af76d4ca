package io.hyperbee.btree;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The definitive test that version {@code v} is whole: the tree whose root is level 0 of block
 * {@code v - 1} holds exactly the entries that replaying the operations of blocks {@code 1 .. v -
 * 1} leaves (each block is one put or one del of its key, spec 2.3). A version inside a batch
 * shows a partial tree, which never equals that; a whole version's tree always does.
 *
 * <p>Entries are compared by seq (a seq names one block, hence one key), so no key is compared
 * and the bee's key order plays no part. A value-less block whose own seq is in none of its levels
 * is a deletion or a put compacted in mid-batch (spec 2.5); as the last write of its key it is
 * taken as either: the tree may hold its seq or not, nothing else. That admits no wrong tree,
 * since no tree, whole or partial, ever holds the seq of a deletion as a key.
 *
 * <p>Cost: the replay is kept (one map entry per live key, and 8 bytes per replayed block to undo
 * it) and moved forward or back, so a version costs the blocks between it and the one asked before
 * (all blocks below it, the first time), plus a walk of every node of its tree. Only versions the record cannot tell and the block
 * rules let through come here (see {@link BatchBounds}).
 */
final class ReplayCheck {
  private final BeeContext bee;
  /** Key to the seq of its last write: {@code >= 0} a put, {@code -(seq + 1)} a put or a del. */
  private final Map<ByteBuffer, Long> live = new HashMap<>();
  /** {@link #live} holds the writes of blocks {@code 1 .. at - 1}. */
  private long at = 1;
  /** {@code undo[u]}: the code of block u's key in {@link #live} before block u ({@link #ABSENT}: none). */
  private long[] undo = new long[64];

  private static final long ABSENT = Long.MIN_VALUE;

  ReplayCheck(BeeContext bee) {
    this.bee = bee;
  }

  /** Forgets the replay (the core was truncated). */
  synchronized void clear() {
    live.clear();
    at = 1;
  }

  /** Whether the tree at {@code version} holds exactly the replayed entries (blocks below {@code length}). */
  synchronized boolean matches(long version, long length) {
    for (; at > version; at--) {
      ByteBuffer key = ByteBuffer.wrap(bee.load(at - 1, length).key());
      long previous = undo[(int) (at - 1)];
      if (previous == ABSENT) {
        live.remove(key);
      } else {
        live.put(key, previous);
      }
    }
    for (; at < version; at++) {
      DecodedBlock b = bee.load(at, length);
      Long previous = live.put(ByteBuffer.wrap(b.key()), b.value() != null || !b.isDeletion() ? at : -(at + 1));
      if (at >= undo.length) {
        undo = java.util.Arrays.copyOf(undo, Math.toIntExact(Math.max(2 * at, 64)));
      }
      undo[(int) at] = previous == null ? ABSENT : previous;
    }
    Set<Long> seqs;
    try {
      seqs = keySeqs(version);
    } catch (HyperbeeException e) {
      if (e.code() == ErrorCode.DECODING_ERROR || e.code() == ErrorCode.SNAPSHOT_NOT_AVAILABLE) {
        return false; // points at the header or past the version: no tree of this version
      }
      throw e;
    }
    if (seqs == null) {
      return false;
    }
    int found = 0;
    for (long code : live.values()) {
      long seq = code >= 0 ? code : -code - 1;
      if (seqs.contains(seq)) {
        found++;
      } else if (code >= 0) {
        return false; // a live put the tree lacks
      }
    }
    return found == seqs.size(); // and nothing else
  }

  /** The key seqs of the tree at {@code version}, or null when a key or node appears twice. */
  private Set<Long> keySeqs(long version) {
    Set<Long> seqs = new HashSet<>();
    if (version < 2) {
      return seqs;
    }
    Set<Long> nodes = new HashSet<>();
    return walk(version - 1, 0, version, seqs, nodes) ? seqs : null;
  }

  private boolean walk(long seq, int offset, long version, Set<Long> seqs, Set<Long> nodes) {
    if (offset < 0 || offset > 0xFFFF || !nodes.add(seq << 16 | offset)) {
      return false; // a node reached twice is no tree
    }
    Level l = bee.load(seq, version).level(offset);
    for (long k : l.keySeqs()) {
      if (!seqs.add(k)) {
        return false;
      }
    }
    long[] c = l.childPairs();
    for (int i = 0; i < c.length; i += 2) {
      if (!walk(c[i], (int) c[i + 1], version, seqs, nodes)) {
        return false;
      }
    }
    return true;
  }
}
