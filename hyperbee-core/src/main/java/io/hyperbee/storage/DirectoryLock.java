package io.hyperbee.storage;

import static java.util.Objects.requireNonNull;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive lock on a directory, held through one lock file and one channel for as long as
 * the owner keeps it open, so that one writer at a time uses the directory.
 *
 * <p>OS file locks (POSIX {@code fcntl}) belong to the process, and closing <em>any</em>
 * descriptor of the file drops all of them. So the lock file is opened in exactly one place (here)
 * and only after this process's registry of held locks says that no one in this process holds it:
 * a second open in the owning process is refused without ever touching the file, and only then
 * can a refused open close its own channel safely (LevelDB's {@code PosixLockTable} and H2
 * MVStore's {@code FileLock} guard the same hole). Nothing else may open the lock file, not even
 * to sync it.
 */
public final class DirectoryLock implements AutoCloseable {
  /** The lock files this process holds, by real path. */
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private boolean released;

  private DirectoryLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock file {@code name} in the existing directory {@code dir} (created when missing),
   * exclusively.
   *
   * @throws HyperbeeException LOCKED when this process or another one holds it
   * @throws IOException when the lock file cannot be opened or locked
   */
  public static DirectoryLock acquire(Path dir, String name) throws IOException {
    return acquire(dir, name, false);
  }

  /**
   * Takes the lock file {@code name} in {@code dir}; {@code shared}: as a reader, which other
   * processes' readers may share but no writer (the file must exist: a reader creates nothing).
   * Within this process the lock is exclusive either way.
   *
   * @throws HyperbeeException LOCKED when this process holds it, or another one in a conflicting mode
   * @throws IOException when the lock file cannot be opened or locked
   */
  public static DirectoryLock acquire(Path dir, String name, boolean shared) throws IOException {
    requireNonNull(dir, "dir is null");
    requireNonNull(name, "name is null");
    Path file = dir.toRealPath().resolve(name);
    if (!HELD.add(file)) {
      throw new HyperbeeException(ErrorCode.LOCKED, dir + " is locked: it is already open in this process (" + file
          + " is held)");
    }
    FileChannel channel = null;
    try {
      channel = shared
          ? FileChannel.open(file, StandardOpenOption.READ)
          : FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = tryLock(channel, shared);
      if (lock == null) {
        throw new HyperbeeException(ErrorCode.LOCKED, dir + " is locked: another process has it open (" + file
            + " is held)");
      }
      return new DirectoryLock(file, channel, lock);
    } catch (IOException | RuntimeException | Error e) {
      if (channel != null) {
        try {
          channel.close(); // safe: no lock of this process on the file (HELD said so)
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      HELD.remove(file);
      throw e;
    }
  }

  private static FileLock tryLock(FileChannel channel, boolean shared) throws IOException {
    try {
      return channel.tryLock(0, Long.MAX_VALUE, shared);
    } catch (OverlappingFileLockException e) { // another class loader's copy of HELD holds it
      return null;
    }
  }

  /**
   * True when this process holds lock file {@code name} of {@code dir} (to word a refusal as
   * LevelDB does: "already held by process" here, the OS's error for another process).
   */
  public static boolean isHeldInThisProcess(Path dir, String name) {
    try {
      return HELD.contains(dir.toRealPath().resolve(name));
    } catch (IOException e) {
      return false;
    }
  }

  /** The lock file. */
  public Path file() {
    return file;
  }

  /** Releases the lock; idempotent. */
  @Override
  public synchronized void close() throws IOException {
    if (released) {
      return;
    }
    released = true;
    try {
      lock.release();
    } finally {
      try {
        channel.close();
      } finally {
        HELD.remove(file);
      }
    }
  }
}
