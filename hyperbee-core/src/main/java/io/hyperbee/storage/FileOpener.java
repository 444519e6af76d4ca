package io.hyperbee.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How {@link FileCoreStorage} opens the channels of its files: {@link #DEFAULT} opens real files;
 * tests pass a fault-injecting opener that simulates what a power loss keeps of unforced writes.
 * Every read, write, truncation and force of the storage's data goes through a channel from here
 * (writes through a memory mapping of it are announced to channels that implement {@link
 * MappedWrites}), and every delete of a data file through {@link #delete}.
 */
@FunctionalInterface
public interface FileOpener {
  /** Opens the real file: created when missing and {@code writable}. */
  FileOpener DEFAULT = (path, writable) -> writable
      ? FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)
      : FileChannel.open(path, StandardOpenOption.READ);

  /**
   * Opens {@code path} for reading, and when {@code writable} also for writing (creating it when
   * missing); a read-only open of a missing file fails with {@link java.nio.file.NoSuchFileException}.
   */
  FileChannel open(Path path, boolean writable) throws IOException;

  /**
   * Deletes {@code path} when it exists (the reclaim drops data segments this way); durable once
   * its directory is forced.
   */
  default void delete(Path path) throws IOException {
    java.nio.file.Files.deleteIfExists(path);
  }

  /**
   * Implemented by the channels of an opener that must see the writes a store makes through a
   * read-write memory mapping of their file (a power-loss simulator: such writes are as volatile
   * as positional ones until the channel is forced). The real channels do not implement it.
   */
  interface MappedWrites {
    /**
     * Called before {@code src} is stored at {@code position} through a mapping; throwing fails
     * the write (nothing is stored) as a failed positional write would.
     */
    void beforeMappedWrite(long position, ByteBuffer src) throws IOException;
  }
}
