package io.hyperbee.btree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.crypto.KeyPair;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Range scans read runs of consecutive blocks at once (keys written in order): they return the
 * same entries as point reads, in both directions, and a damaged block in a run is reported when
 * the scan reaches it, never returned, while the blocks before it still read.
 */
class ReadAheadTest {
  private static final int KEYS = 700;

  @TempDir Path tmp;
  private Path dir;

  private static HypercoreOptions options() {
    return HypercoreOptions.builder().keyPair(KeyPair.fromSeed(new byte[32])).build();
  }

  private static byte[] key(int i) {
    return String.format("key-%06d", i).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] value(int i) {
    return ("value " + i + " " + "x".repeat(i % 50)).getBytes(StandardCharsets.UTF_8);
  }

  @BeforeEach
  void build() {
    dir = tmp.resolve("core");
    try (Hypercore core = Hypercore.open(dir, options()); Hyperbee bee = Hyperbee.open(core)) {
      for (int start = 0; start < KEYS; start += 100) {
        try (Batch b = bee.batch()) {
          for (int i = start; i < start + 100; i++) {
            b.put(key(i), value(i));
          }
          b.flush();
        }
      }
    }
  }

  @Test
  void forwardAndReverseScansMatchPointReads() {
    try (Hypercore core = Hypercore.open(dir, options());
        Hyperbee bee = Hyperbee.open(core, BeeOptions.builder().cacheSize(64).build())) {
      List<Entry> forward = new ArrayList<>();
      bee.range(KeyRange.all()).forEachRemaining(forward::add);
      assertEquals(KEYS, forward.size());
      for (int i = 0; i < KEYS; i++) {
        assertArrayEquals(key(i), forward.get(i).key());
        assertArrayEquals(value(i), forward.get(i).value());
        assertEquals(bee.get(key(i)).seq(), forward.get(i).seq());
      }
      List<Entry> reverse = new ArrayList<>();
      bee.range(KeyRange.all().reverse(true)).forEachRemaining(reverse::add);
      assertEquals(KEYS, reverse.size());
      for (int i = 0; i < KEYS; i++) {
        assertArrayEquals(key(KEYS - 1 - i), reverse.get(i).key());
        assertArrayEquals(value(KEYS - 1 - i), reverse.get(i).value());
      }
    }
  }

  @Test
  void aDamagedBlockStopsTheScanWhereItIs() throws IOException {
    long seq;
    long offset;
    try (Hypercore core = Hypercore.open(dir, options()); Hyperbee bee = Hyperbee.open(core)) {
      seq = bee.get(key(400)).seq();
      offset = 0;
      for (long i = 0; i < seq; i++) {
        offset += core.get(i).length;
      }
    }
    flipByte(dir.resolve("data"), offset + 5);
    try (Hypercore core = Hypercore.open(dir, options());
        Hyperbee bee = Hyperbee.open(core, BeeOptions.builder().cacheSize(1024).build())) {
      BeeIterator<Entry> it = bee.range(KeyRange.all().gte(key(300)));
      for (int i = 300; i < 400; i++) {
        Entry e = it.next();
        assertArrayEquals(key(i), e.key());
        assertArrayEquals(value(i), e.value());
      }
      HyperbeeException e = assertThrows(HyperbeeException.class, it::next);
      assertEquals(ErrorCode.INVALID_CHECKSUM, e.code());
      // the neighbours after it still read, by point reads and by a scan that starts past it
      assertArrayEquals(value(401), bee.get(key(401)).value());
      assertArrayEquals(key(401), bee.peek(KeyRange.all().gte(key(401))).key());
      assertNull(bee.get(key(KEYS)));
      assertThrows(HyperbeeException.class, () -> bee.get(key(400)));
    }
  }

  private static void flipByte(Path file, long offset) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, offset);
      b.put(0, (byte) (b.get(0) ^ 0x5A)).rewind();
      ch.write(b, offset);
    }
  }
}
