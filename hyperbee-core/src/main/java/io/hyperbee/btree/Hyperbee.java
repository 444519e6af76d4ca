package io.hyperbee.btree;

import io.hyperbee.log.BlockLog;
import java.util.Iterator;

/**
 * An append-only B-tree on a {@link BlockLog}, byte-identical to JS Hyperbee 2.x. Keys and values
 * are encoded bytes; keys sort unsigned lexicographically. Thread-safe: writes are serialised by
 * the bee's lock, reads never block and see one fixed version each.
 * CONTRACT SKELETON: the B-tree work fills this in (methods may be added, none removed).
 */
public final class Hyperbee implements AutoCloseable {
  private Hyperbee() {}

  /** Opens a bee on {@code core} with default options (binary keys and values). */
  public static Hyperbee open(BlockLog core) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** Opens a bee on {@code core}; the header block is written by the first write, as JS does. */
  public static Hyperbee open(BlockLog core, BeeOptions options) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** {@code max(1, checkout or core length)}, as JS {@code db.version}. */
  public long version() {
    throw new UnsupportedOperationException("skeleton");
  }

  /** The entry for {@code key}, or null. */
  public Entry get(byte[] key) {
    throw new UnsupportedOperationException("skeleton");
  }

  public void put(byte[] key, byte[] value) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** Put only if {@code cas} accepts (prev, next); returns whether a block was appended. */
  public boolean put(byte[] key, byte[] value, Cas cas) {
    throw new UnsupportedOperationException("skeleton");
  }

  public void del(byte[] key) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** Delete only if {@code cas} accepts (prev, next); returns whether a block was appended. */
  public boolean del(byte[] key, Cas cas) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** First entry of {@code range} (honouring reverse), or null. */
  public Entry peek(KeyRange range) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** Sorted entries of {@code range}, read from the version current when this is called. */
  public Iterator<Entry> range(KeyRange range) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** A batch: one atomic append of all its writes on flush. */
  public Batch batch() {
    throw new UnsupportedOperationException("skeleton");
  }

  /** A read-only view fixed at {@code version} (0 is treated as 1). */
  public Hyperbee checkout(long version) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** A read-only view fixed at the current version. */
  public Hyperbee snapshot() {
    throw new UnsupportedOperationException("skeleton");
  }

  /** JS {@code createDiffStream(otherVersion, range)}: left = this bee, right = the other version. */
  public Iterator<DiffEntry> diff(long otherVersion, KeyRange range) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** The entry stored in block {@code seq} (JS {@code getBySeq}). */
  public Entry getBySeq(long seq) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** A sub-database whose keys are {@code prefix + sep + key} (sep defaults to 0x00). */
  public Hyperbee sub(byte[] prefix) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** The core this bee is stored in. */
  public BlockLog core() {
    throw new UnsupportedOperationException("skeleton");
  }

  /** True when writes are possible (writable core, not read-only, not a checkout). */
  public boolean writable() {
    throw new UnsupportedOperationException("skeleton");
  }

  /** Closes the bee (and, for the main bee, its open batches; the core is closed by its owner). */
  @Override
  public void close() {
    throw new UnsupportedOperationException("skeleton");
  }
}
