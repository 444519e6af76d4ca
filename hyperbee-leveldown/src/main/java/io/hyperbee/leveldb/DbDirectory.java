package io.hyperbee.leveldb;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.storage.DirectoryLock;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The layout of a database directory: {@code LOCK} (held while open, as LevelDB does), {@code
 * HYPERBEE} (a marker naming the format; its presence means "a database exists here") and {@code
 * core/} (the Hypercore's storage). Only these names are ever deleted.
 */
final class DbDirectory {
  static final String LOCK = "LOCK";
  static final String MARKER = "HYPERBEE";
  static final String CORE = "core";
  private static final String MARKER_TEXT = "hyperbee-leveldown 1\n";

  private final Path root;

  private DbDirectory(Path root) {
    this.root = root;
  }

  /**
   * Creates the directory if needed (as LevelDB does, even when the open then fails). A regular file
   * fails as LevelDB's lock of it does.
   */
  static DbDirectory create(File path) throws IOException {
    Path root = path.toPath();
    if (Files.exists(root) && !Files.isDirectory(root)) {
      throw LevelDbStatus.ioError(root.resolve(LOCK), "Not a directory", null);
    }
    Files.createDirectories(root);
    return new DbDirectory(root);
  }

  /** The directory if it exists, else null; a regular file fails as LevelDB's listing of it does. */
  static DbDirectory existing(File path) throws IOException {
    Path root = path.toPath();
    if (!Files.exists(root)) {
      return null;
    }
    if (!Files.isDirectory(root)) {
      throw LevelDbStatus.ioError(root, "Not a directory", null);
    }
    return new DbDirectory(root);
  }

  Path root() {
    return root;
  }

  Path core() {
    return root.resolve(CORE);
  }

  boolean holdsDatabase() {
    return Files.exists(root.resolve(MARKER));
  }

  /** A LevelDB database keeps its manifest name in CURRENT; we never write that name. */
  boolean holdsLevelDb() {
    return Files.exists(root.resolve("CURRENT"));
  }

  void writeMarker() throws IOException {
    Path tmp = root.resolve(MARKER + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(java.nio.ByteBuffer.wrap(MARKER_TEXT.getBytes(StandardCharsets.US_ASCII)));
      ch.force(true);
    }
    Files.move(tmp, root.resolve(MARKER), StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Takes the directory's lock; fails if another DB (in this or another process) holds it, with
   * LevelDB's messages: "already held by process" for this process, the fcntl error for another.
   * A refused lock leaves the holder's lock alone (see {@link DirectoryLock}).
   */
  Lock lock() throws IOException {
    Path file = root.resolve(LOCK);
    try {
      return new Lock(DirectoryLock.acquire(root, LOCK));
    } catch (HyperbeeException e) {
      if (e.code() != ErrorCode.LOCKED) {
        throw e;
      }
      String heldBy = DirectoryLock.isHeldInThisProcess(root, LOCK)
          ? "already held by process"
          : "Resource temporarily unavailable";
      throw LevelDbStatus.ioError("lock " + file, heldBy, e);
    } catch (IOException e) {
      throw LevelDbStatus.ioError(file, reason(e), e);
    }
  }

  /** The OS's words for a failed file open, as strerror gives them to LevelDB. */
  private static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "No such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "Permission denied";
    }
    return e.getMessage();
  }

  /** Deletes the database's own files (not LOCK, which the caller holds). */
  void deleteDatabaseFiles() throws IOException {
    Files.deleteIfExists(root.resolve(MARKER));
    Files.deleteIfExists(root.resolve(MARKER + ".tmp"));
    Path core = core();
    if (Files.exists(core)) {
      try (Stream<Path> walk = Files.walk(core)) {
        for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
          Files.delete(p);
        }
      }
    }
  }

  /** Deletes LOCK and then the directory itself if nothing else is left in it. */
  void deleteLockAndDirectoryIfEmpty() throws IOException {
    Files.deleteIfExists(root.resolve(LOCK));
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      if (entries.iterator().hasNext()) {
        return;
      }
    }
    Files.delete(root);
  }

  /** A held directory lock; closing releases it. */
  static final class Lock implements Closeable {
    private final DirectoryLock lock;

    private Lock(DirectoryLock lock) {
      this.lock = lock;
    }

    @Override
    public void close() throws IOException {
      lock.close();
    }
  }
}
