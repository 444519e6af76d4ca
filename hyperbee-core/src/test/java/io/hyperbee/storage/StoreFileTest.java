package io.hyperbee.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreFileTest {
  @TempDir Path tmp;

  @Test
  void aChannelClosedByAnInterruptIsReopened() throws Exception {
    try (StoreFile f = StoreFile.open(tmp.resolve("f"))) {
      f.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), 0);
      AtomicReference<Throwable> seen = new AtomicReference<>();
      Thread t = new Thread(() -> {
        Thread.currentThread().interrupt();
        try {
          f.channel().read(ByteBuffer.allocate(1), 0); // what a cancelled reader does to a raw channel
        } catch (Exception e) {
          seen.set(e);
        }
      });
      t.start();
      t.join();
      assertTrue(seen.get() instanceof ClosedByInterruptException, String.valueOf(seen.get()));
      assertFalse(f.channel().isOpen());
      ByteBuffer dst = ByteBuffer.allocate(3);
      assertEquals(3, f.read(dst, 0));
      assertEquals(3, dst.get(2));
      assertTrue(f.channel().isOpen());
    }
  }

  @Test
  void aClosedFileStaysClosed() throws Exception {
    StoreFile f = StoreFile.open(tmp.resolve("g"));
    f.close();
    assertThrows(ClosedChannelException.class, () -> f.read(ByteBuffer.allocate(1), 0));
    assertThrows(ClosedChannelException.class, () -> f.write(ByteBuffer.allocate(1), 0));
  }
}
