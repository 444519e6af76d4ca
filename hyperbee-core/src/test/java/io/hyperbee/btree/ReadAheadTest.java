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
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
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

  @Test
  void aDamagedBlockStopsAReverseScanWhereItIs() throws IOException {
    long offset = dataOffset(400);
    flipByte(dir.resolve("data"), offset + 5);
    try (Hypercore core = Hypercore.open(dir, options());
        Hyperbee bee = Hyperbee.open(core, BeeOptions.builder().cacheSize(1024).build())) {
      BeeIterator<Entry> it = bee.range(KeyRange.all().lte(key(500)).reverse(true), true);
      for (int i = 500; i > 400; i--) {
        Entry e = it.next();
        assertArrayEquals(key(i), e.key());
        assertArrayEquals(value(i), e.value());
      }
      HyperbeeException e = assertThrows(HyperbeeException.class, it::next);
      assertEquals(ErrorCode.INVALID_CHECKSUM, e.code());
    }
  }

  /**
   * With verifyReads, a block whose bytes were changed together with their checksum (so storage
   * accepts them) is refused by its Merkle leaf, in a scan's run read as in a point read.
   */
  @Test
  void verifiedReadsRefuseABlockThatPassesItsChecksum() throws IOException {
    long seq;
    try (Hypercore core = Hypercore.open(dir, options()); Hyperbee bee = Hyperbee.open(core)) {
      seq = bee.get(key(400)).seq();
    }
    byte[] block = forge(dir, options(), seq, dataOffset(400));
    try (Hypercore core = Hypercore.open(dir, options())) {
      assertArrayEquals(block, core.get(seq), "storage accepts the forged block without verifyReads");
    }
    HypercoreOptions verified = HypercoreOptions.builder()
        .keyPair(KeyPair.fromSeed(new byte[32])).verifyReads(true).build();
    for (boolean reverse : new boolean[] {false, true}) {
      try (Hypercore core = Hypercore.open(dir, verified); Hyperbee bee = Hyperbee.open(core)) {
        BeeIterator<Entry> it = bee.range(
            reverse ? KeyRange.all().lte(key(500)).reverse(true) : KeyRange.all().gte(key(300)), true);
        for (int i = 0; i < 100; i++) {
          assertArrayEquals(key(reverse ? 500 - i : 300 + i), it.next().key());
        }
        HyperbeeException e = assertThrows(HyperbeeException.class, it::next);
        assertEquals(ErrorCode.INVALID_CHECKSUM, e.code());
      }
    }
  }

  /** Where the bytes of the block holding {@code key(i)} start in the data file. */
  private long dataOffset(int i) {
    return dataOffset(dir, options(), key(i));
  }

  /** Where the bytes of the block holding {@code key} start in the data file of the core in {@code dir}. */
  static long dataOffset(Path dir, HypercoreOptions options, byte[] key) {
    try (Hypercore core = Hypercore.open(dir, options); Hyperbee bee = Hyperbee.open(core)) {
      long seq = bee.get(key).seq();
      long offset = 0;
      for (long s = 0; s < seq; s++) {
        offset += core.get(s).length;
      }
      return offset;
    }
  }

  /**
   * Changes the last byte of block {@code seq} (at {@code offset} in the data file) and its
   * checksum to match, so that storage accepts it and only its Merkle leaf can refuse it; returns
   * the forged block.
   */
  static byte[] forge(Path dir, HypercoreOptions options, long seq, long offset) throws IOException {
    byte[] block;
    try (Hypercore core = Hypercore.open(dir, options)) {
      block = core.get(seq).clone();
    }
    int at = block.length - 1; // last byte of the value
    block[at] ^= 0x01;
    try (FileChannel ch = FileChannel.open(dir.resolve("data"), StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {block[at]}), offset + at);
    }
    CRC32C crc = new CRC32C();
    crc.update(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, seq));
    crc.update(block);
    try (FileChannel ch = FileChannel.open(dir.resolve("index"), StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, (int) crc.getValue());
      ch.write(b, seq * 16 + 12);
    }
    return block;
  }

  static void flipByte(Path file, long offset) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, offset);
      b.put(0, (byte) (b.get(0) ^ 0x5A)).rewind();
      ch.write(b, offset);
    }
  }
}
