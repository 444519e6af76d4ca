package io.hyperbee.cli;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.btree.BeeOptions;
import io.hyperbee.btree.Hyperbee;
import io.hyperbee.btree.Metadata;
import io.hyperbee.crypto.KeyPair;
import io.hyperbee.crypto.Manifest;
import io.hyperbee.crypto.Verifier;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A bee stored in a directory: the Hypercore files and the Hyperbee on top. Owns both and closes
 * them (bee first). Opening never creates anything unless asked to by {@link #create} or
 * {@link #createReadOnly}, so a mistyped directory is reported instead of becoming a new bee.
 */
final class BeeDirectory implements AutoCloseable {
  /** Where a bee lives when a command is given no directory. */
  static final Path DEFAULT = Path.of("hyperbee-data");

  private final Path dir;
  private final Hypercore core;
  private final Hyperbee bee;

  private BeeDirectory(Path dir, Hypercore core, BeeOptions options) {
    this.dir = dir;
    this.core = core;
    Hyperbee opened;
    try {
      opened = Hyperbee.open(core, options);
    } catch (RuntimeException e) {
      core.close();
      throw e;
    }
    this.bee = opened;
  }

  /**
   * Opens the bee in {@code dir}, which must exist and hold one. A {@code readOnly} bee never
   * writes (not even the header of an empty core).
   */
  static BeeDirectory open(Path dir, boolean readOnly) {
    return open(dir, readOnly, true);
  }

  /** How long an open waits for another process (a {@code watch} looking in) to let go. */
  private static final long LOCK_WAIT_MILLIS = 5_000;

  private static BeeDirectory open(Path dir, boolean readOnly, boolean sync) {
    requireBee(dir);
    Hypercore core;
    try {
      core = openWaitingForLock(dir, sync, readOnly);
    } catch (HyperbeeException e) {
      if (e.code() == ErrorCode.STORAGE_CONFLICT) {
        throw new CliException(ExitCodes.FAILED, "no bee in " + dir + ": the directory holds"
            + " other files but no Hypercore (create a bee in a new or empty directory with:"
            + " hyperbee init DIR)", e);
      }
      throw e;
    }
    return new BeeDirectory(dir, core, BeeOptions.builder().readonly(readOnly).build());
  }

  /**
   * Opens the core, retrying for up to {@link #LOCK_WAIT_MILLIS} while another process holds it:
   * {@code watch} and {@code history --live} in another terminal open it briefly, again and again.
   */
  private static Hypercore openWaitingForLock(Path dir, boolean sync, boolean readOnly) {
    long deadline = System.nanoTime() + LOCK_WAIT_MILLIS * 1_000_000;
    while (true) {
      try {
        return Hypercore.open(dir, HypercoreOptions.builder()
            .createIfMissing(false)
            .sync(sync)
            .readOnly(readOnly) // changes nothing on disk, not even a crash's leftovers
            .build());
      } catch (HyperbeeException e) {
        if (!heldElsewhere(e) || System.nanoTime() > deadline) {
          throw e;
        }
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw CliException.failed("interrupted while waiting for " + dir + " to be free");
      }
    }
  }

  /**
   * The lock refusal of a core that another process (or another thread of this one) has open:
   * the one error worth waiting out.
   */
  static boolean heldElsewhere(HyperbeeException e) {
    return e.code() == ErrorCode.LOCKED;
  }

  /**
   * Creates a new writable bee in {@code dir} (created if missing; refused unless empty) and
   * writes its header block, with {@code metadata} when not null.
   */
  static BeeDirectory create(Path dir, KeyPair keyPair, Metadata metadata) {
    requireNoBee(dir);
    BeeDirectory db = new BeeDirectory(dir, Hypercore.open(dir, HypercoreOptions.builder()
        .keyPair(keyPair)
        .errorIfExists(true)
        .build()), BeeOptions.builder().metadata(metadata).build());
    try {
      // JS writes the header lazily with the first write; a del on an empty core writes exactly
      // the header and nothing else (spec 2.2), so the blocks are the same as JS's
      db.bee.del(new byte[0]);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
    return db;
  }

  /**
   * Creates an empty read-only bee for the writer with Ed25519 {@code publicKey}: the core of
   * JS's default manifest for that signer, with its key, but without the secret key.
   */
  static BeeDirectory createReadOnly(Path dir, byte[] publicKey) {
    requireNoBee(dir);
    Manifest manifest = Manifest.defaultSigner(publicKey);
    return new BeeDirectory(dir, Hypercore.open(dir, HypercoreOptions.builder()
        .key(Verifier.forManifest(manifest).key())
        .manifest(manifest)
        .errorIfExists(true)
        .build()), BeeOptions.defaults());
  }

  Path dir() {
    return dir;
  }

  Hypercore core() {
    return core;
  }

  Hyperbee bee() {
    return bee;
  }

  /** A read-only view of version {@code version}, checked against the current version. */
  Hyperbee checkout(long version) {
    long current = bee.version();
    if (version < 1 || version > current) {
      throw CliException.usage("version " + version + " does not exist in " + dir
          + " (versions are 1.." + current + ")");
    }
    return bee.checkout(version);
  }

  /**
   * Opens the bee in {@code dir} to write to it; refused unless it holds its secret key. With
   * {@code sync} every write is on disk when it returns; without, the OS writes it later.
   */
  static BeeDirectory openWritable(Path dir, boolean sync) {
    BeeDirectory db = open(dir, false, sync);
    if (!db.core.writable()) {
      db.close();
      throw CliException.failed("the bee in " + dir + " is read-only: it holds no secret key"
          + " for its core " + Encoding.hex(db.core.key()) + ", so it cannot be written");
    }
    return db;
  }

  @Override
  public void close() {
    try {
      bee.close();
    } finally {
      core.close();
    }
  }

  private static void requireBee(Path dir) {
    if (!Files.exists(dir)) {
      throw CliException.failed("no bee in " + dir + ": the directory does not exist"
          + " (create a bee with: hyperbee init " + dir + ")");
    }
    if (!Files.isDirectory(dir)) {
      throw CliException.failed("no bee in " + dir + ": it is a file, not a directory");
    }
    if (isEmpty(dir)) {
      throw CliException.failed("no bee in " + dir + ": the directory is empty"
          + " (create a bee with: hyperbee init " + dir + ")");
    }
  }

  private static void requireNoBee(Path dir) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw CliException.failed("cannot create a bee in " + dir + ": it is a file");
    }
    if (Files.isDirectory(dir) && !isEmpty(dir)) {
      throw CliException.failed("cannot create a bee in " + dir
          + ": the directory is not empty (is there a bee in it already?)");
    }
  }

  private static boolean isEmpty(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.findAny().isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
