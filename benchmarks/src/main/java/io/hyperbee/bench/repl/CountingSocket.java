package io.hyperbee.bench.repl;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/** A client socket that counts the bytes read off it: the "wire bytes" of the JS bench. */
final class CountingSocket extends Socket {
  private final AtomicLong bytesRead = new AtomicLong();
  private InputStream in;

  long bytesRead() {
    return bytesRead.get();
  }

  @Override
  public synchronized InputStream getInputStream() throws IOException {
    if (in == null) {
      in = new FilterInputStream(super.getInputStream()) {
        @Override
        public int read() throws IOException {
          int b = super.read();
          if (b >= 0) {
            bytesRead.incrementAndGet();
          }
          return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
          int n = super.read(buf, off, len);
          if (n > 0) {
            bytesRead.addAndGet(n);
          }
          return n;
        }
      };
    }
    return in;
  }
}
