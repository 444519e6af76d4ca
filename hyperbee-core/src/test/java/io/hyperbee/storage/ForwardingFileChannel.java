package io.hyperbee.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A channel that hands every call {@link FileCoreStorage} makes to a real one; test openers
 * extend it and override what they watch or break ({@link #beforeMappedWrite}: the writes the
 * storage makes through a read-write mapping of the file). What the storage never calls is refused.
 */
class ForwardingFileChannel extends FileChannel implements FileOpener.MappedWrites {
  protected final FileChannel real;

  ForwardingFileChannel(FileChannel real) {
    this.real = real;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return real.read(dst);
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    return real.read(dsts, offset, length);
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    return real.read(dst, position);
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    return write(src, real.position());
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    throw new UnsupportedOperationException("gathering writes are not modelled");
  }

  @Override
  public int write(ByteBuffer src, long position) throws IOException {
    return real.write(src, position);
  }

  @Override
  public long position() throws IOException {
    return real.position();
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    real.position(newPosition);
    return this;
  }

  @Override
  public long size() throws IOException {
    return real.size();
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    real.truncate(size);
    return this;
  }

  @Override
  public void force(boolean metaData) throws IOException {
    real.force(metaData);
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) {
    throw new UnsupportedOperationException("not modelled");
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) {
    throw new UnsupportedOperationException("not modelled");
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
    if (mode == MapMode.PRIVATE) {
      throw new UnsupportedOperationException("private mappings are not modelled");
    }
    return real.map(mode, position, size);
  }

  /** Nothing to watch here; subclasses see mapped writes as they see positional ones. */
  @Override
  public void beforeMappedWrite(long position, ByteBuffer src) throws IOException {}

  @Override
  public FileLock lock(long position, long size, boolean shared) {
    throw new UnsupportedOperationException("locks are taken by DirectoryLock, never here");
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) {
    throw new UnsupportedOperationException("locks are taken by DirectoryLock, never here");
  }

  @Override
  protected void implCloseChannel() throws IOException {
    real.close();
  }
}
