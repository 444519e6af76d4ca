package io.hyperbee.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Gathers the small writes of one commit into a reusable direct buffer and hands them to the file
 * in as few positional writes as possible: consecutive writes are coalesced, a jump to another
 * position (or a full buffer) flushes. This keeps a commit of a thousand blocks at a handful of
 * system calls. Owned by the single writer thread.
 */
final class PositionalWriter {
  private static final int INITIAL_CAPACITY = 64 * 1024;
  private static final int MAX_CAPACITY = 4 * 1024 * 1024;

  private ByteBuffer buffer = newBuffer(INITIAL_CAPACITY);
  private StoreFile file;
  private long position; // file position of buffer[0]

  private static ByteBuffer newBuffer(int capacity) {
    return ByteBuffer.allocateDirect(capacity).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Starts writing to {@code file} at {@code at}, flushing what is pending elsewhere. */
  void seek(StoreFile target, long at) throws IOException {
    if (target == file && at == position + buffer.position()) {
      return;
    }
    flush();
    file = target;
    position = at;
  }

  void putLong(long v) throws IOException {
    ensure(8).putLong(v);
  }

  void putInt(int v) throws IOException {
    ensure(4).putInt(v);
  }

  void put(byte[] bytes) throws IOException {
    put(bytes, 0, bytes.length);
  }

  void put(byte[] bytes, int offset, int length) throws IOException {
    while (length > 0) {
      ByteBuffer b = ensure(Math.min(length, MAX_CAPACITY));
      int n = Math.min(length, b.remaining());
      b.put(bytes, offset, n);
      offset += n;
      length -= n;
    }
  }

  /**
   * Room for at least {@code n} bytes (n at most MAX_CAPACITY): flushes, and grows the buffer so
   * that the next commits of this size fit in one write.
   */
  private ByteBuffer ensure(int n) throws IOException {
    if (buffer.remaining() >= n) {
      return buffer;
    }
    flush();
    if (buffer.capacity() < MAX_CAPACITY) {
      buffer = newBuffer(Math.min(MAX_CAPACITY, Math.max(n, buffer.capacity() * 2)));
    }
    return buffer;
  }

  /** Writes out everything pending. */
  void flush() throws IOException {
    if (buffer.position() == 0) {
      return;
    }
    buffer.flip();
    int written = buffer.remaining();
    file.write(buffer, position);
    position += written;
    buffer.clear();
  }
}
