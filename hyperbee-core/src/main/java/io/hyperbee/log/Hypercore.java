package io.hyperbee.log;

import io.hyperbee.crypto.KeyPair;
import java.nio.file.Path;
import java.util.List;

/**
 * A signed, Merkle-tree append-only log, byte-compatible with JS Hypercore 11.
 * CONTRACT SKELETON: the hypercore work fills this in (methods may be added, none removed).
 */
public final class Hypercore implements BlockLog {
  private Hypercore() {}

  /** Opens (or creates, per options) the core stored in directory {@code dir}. */
  public static Hypercore open(Path dir, HypercoreOptions options) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** A core kept in memory only (tests, scratch). */
  public static Hypercore inMemory(HypercoreOptions options) {
    throw new UnsupportedOperationException("skeleton");
  }

  @Override
  public long length() {
    throw new UnsupportedOperationException("skeleton");
  }

  /** Total bytes of all blocks. */
  public long byteLength() {
    throw new UnsupportedOperationException("skeleton");
  }

  /** The fork id; bumped by {@link #truncate(long)}. */
  public long fork() {
    throw new UnsupportedOperationException("skeleton");
  }

  @Override
  public byte[] key() {
    throw new UnsupportedOperationException("skeleton");
  }

  @Override
  public byte[] discoveryKey() {
    throw new UnsupportedOperationException("skeleton");
  }

  /** The writer's key pair, or null for a read-only core. */
  public KeyPair keyPair() {
    throw new UnsupportedOperationException("skeleton");
  }

  /** Tree hash (hash of the roots) at the current length. */
  public byte[] treeHash() {
    throw new UnsupportedOperationException("skeleton");
  }

  /** Tree hash at an earlier {@code length} (at most the current length). */
  public byte[] treeHash(long length) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** The stored signature container for the current (treeHash, length, fork). */
  public byte[] signature() {
    throw new UnsupportedOperationException("skeleton");
  }

  @Override
  public byte[] get(long index) {
    throw new UnsupportedOperationException("skeleton");
  }

  public long append(byte[]... blocks) {
    throw new UnsupportedOperationException("skeleton");
  }

  @Override
  public long append(List<byte[]> blocks) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** Truncates to {@code newLength}, bumping the fork id and re-signing, as JS does. */
  public void truncate(long newLength) {
    throw new UnsupportedOperationException("skeleton");
  }

  /**
   * Checks every stored block against the Merkle tree and the signature against the manifest.
   *
   * @throws io.hyperbee.HyperbeeException naming the first failure
   */
  public void verify() {
    throw new UnsupportedOperationException("skeleton");
  }

  @Override
  public boolean writable() {
    throw new UnsupportedOperationException("skeleton");
  }

  @Override
  public void close() {
    throw new UnsupportedOperationException("skeleton");
  }
}
