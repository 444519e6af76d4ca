package io.hyperbee.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A {@link FileOpener} of real files that calls a hook before each write to the file with a
 * given name (positional or through a mapping): lets a test look at (or hold up) a commit between two of its writes, where a
 * concurrent reader would see it.
 */
public final class WriteHookFiles implements FileOpener {
  /** Runs on the writing thread before the write of {@code bytes} bytes at {@code position}. */
  @FunctionalInterface
  public interface Hook {
    void beforeWrite(long position, int bytes) throws IOException;
  }

  private final String fileName;
  private final Hook hook;

  /** Hooks the writes to files named {@code fileName} ({@code "index"}: block index entries). */
  public WriteHookFiles(String fileName, Hook hook) {
    this.fileName = fileName;
    this.hook = hook;
  }

  @Override
  public FileChannel open(Path path, boolean writable) throws IOException {
    FileChannel real = FileOpener.DEFAULT.open(path, writable);
    if (!path.getFileName().toString().equals(fileName)) {
      return real;
    }
    return new ForwardingFileChannel(real) {
      @Override
      public int write(ByteBuffer src, long position) throws IOException {
        hook.beforeWrite(position, src.remaining());
        return real.write(src, position);
      }

      @Override
      public void beforeMappedWrite(long position, ByteBuffer src) throws IOException {
        hook.beforeWrite(position, src.remaining());
      }
    };
  }
}
