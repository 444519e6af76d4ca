package io.hyperbee.storage;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One file of a core directory, read and written only with positional I/O so that any number of
 * threads can read it at once without locks.
 *
 * <p>A {@link FileChannel} is closed for every user when one thread using it is interrupted
 * ({@code ClosedByInterruptException}). A storage shared by many threads must not die because one
 * reader was cancelled, so an operation that finds the channel closed while this file is still
 * open reopens it and retries; the caller's interrupt status is kept. Every operation is
 * positional, hence safe to repeat.
 */
final class StoreFile implements Closeable {
  private static final int MAX_REOPENS = 3;

  private final Path path;
  private final Object reopenLock = new Object();
  private volatile FileChannel channel;
  private volatile boolean closed;

  private StoreFile(Path path, FileChannel channel) {
    this.path = path;
    this.channel = channel;
  }

  /** Opens {@code path} for reading and writing, creating it when missing. */
  static StoreFile open(Path path) throws IOException {
    return new StoreFile(path, openChannel(path));
  }

  private static FileChannel openChannel(Path path) throws IOException {
    return FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }

  /** The current channel; tests use it to break it as an interrupt does. */
  FileChannel channel() {
    return channel;
  }

  Path path() {
    return path;
  }

  long size() throws IOException {
    return run(FileChannel::size);
  }

  /** Reads from {@code position} until {@code dst} is full or the file ends; returns the bytes read. */
  int read(ByteBuffer dst, long position) throws IOException {
    int start = dst.position();
    return run(ch -> {
      while (dst.hasRemaining()) {
        int n = ch.read(dst, position + dst.position() - start);
        if (n < 0) {
          break;
        }
      }
      return dst.position() - start;
    });
  }

  /** Writes all of {@code src} at {@code position}. */
  void write(ByteBuffer src, long position) throws IOException {
    int start = src.position();
    run(ch -> {
      while (src.hasRemaining()) {
        ch.write(src, position + src.position() - start);
      }
      return null;
    });
  }

  /** Shrinks the file to {@code size} bytes when it is longer; returns whether it was. */
  boolean truncate(long size) throws IOException {
    return run(ch -> {
      if (ch.size() <= size) {
        return false;
      }
      ch.truncate(size);
      return true;
    });
  }

  /** Forces written data (and the size, as fdatasync does) to the device. */
  void force() throws IOException {
    run(ch -> {
      ch.force(false);
      return null;
    });
  }

  HyperbeeException checksumError(long offset, String what) {
    return new HyperbeeException(ErrorCode.INVALID_CHECKSUM, what + " fails its checksum at " + path + " offset " + offset);
  }

  HyperbeeException corruption(long offset, String what) {
    return new HyperbeeException(ErrorCode.CORRUPTION, what + " at " + path + " offset " + offset);
  }

  private interface Op<T> {
    T apply(FileChannel channel) throws IOException;
  }

  private <T> T run(Op<T> op) throws IOException {
    for (int attempt = 0; ; attempt++) {
      FileChannel ch = channel;
      boolean interrupted = Thread.interrupted();
      try {
        return op.apply(ch);
      } catch (ClosedChannelException e) {
        if (closed || attempt >= MAX_REOPENS) {
          throw e;
        }
        reopen(ch);
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private void reopen(FileChannel broken) throws IOException {
    synchronized (reopenLock) {
      if (!closed && channel == broken) {
        channel = openChannel(path);
      }
    }
  }

  @Override
  public void close() throws IOException {
    synchronized (reopenLock) {
      closed = true;
      channel.close();
    }
  }
}
