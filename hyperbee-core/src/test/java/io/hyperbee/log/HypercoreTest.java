package io.hyperbee.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.crypto.KeyPair;
import io.hyperbee.storage.MemoryCoreStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HypercoreTest {
  private static final HexFormat HEX = HexFormat.of();
  static final KeyPair TV1 = KeyPair.fromSeed(filled(1));

  @Test
  void tv2aDefaultCoreMatchesJs() {
    try (Hypercore core = Hypercore.inMemory(HypercoreOptions.builder().keyPair(TV1).build())) {
      assertEquals("d8c3a0597903b28d751c6e0b7107775e388ec5a3cf669bdd1e7ec41b8b8f6e72", hex(core.key()));
      assertEquals("fb892b1c77fdcb05dcbd234607208b7036e00a13e7f2cc0bbaa463924e57865a", hex(core.discoveryKey()));
      assertNull(core.signature());
      assertEquals(3, core.append(utf8("a"), utf8("b"), utf8("c")));
      assertEquals(3, core.byteLength());
      assertEquals(0, core.fork());
      assertEquals("7ea73eb86179fb7328e73663f90f4c91256574af1112efe97fdf9309e03b67a7", hex(core.treeHash()));
      assertEquals("0100ffc0d71651d8c0c24962a662c90f411f371945e3514669899d3189b832a1bd960415ee04d8ccb4c4159506ad230d223f33ca3dce6aa6d16d27e9fbd47efa25050000",
          hex(core.signature()));
      core.verify();
      core.truncate(2);
      assertEquals(2, core.length());
      assertEquals(1, core.fork());
      assertEquals(2, core.byteLength());
      assertEquals("3424a063fb40dfef317c8ca38fb8c37dfdbccac669582f6f9cddd22bbdf9c044", hex(core.treeHash()));
      assertEquals("010033992c43877378c03da43a5714fe0fe3fdefde443f126eb9475e2e9d984b1052d70da13db383587323fe20ae3dd4719c3f73860c38953d21840602c3322c110c0000",
          hex(core.signature()));
      core.verify();
      assertThrows(HyperbeeException.class, () -> core.get(2));
      core.append(utf8("d"));
      assertArrayEquals(utf8("d"), core.get(2));
      core.verify();
      core.truncate(0);
      assertEquals(2, core.fork());
      assertEquals(0, core.length());
      assertEquals(68, core.signature().length, "JS signs the empty state of a truncation");
      core.verify();
    }
  }

  @Test
  void tv2bCompatCoreMatchesJs() {
    try (Hypercore core = Hypercore.inMemory(HypercoreOptions.builder().keyPair(TV1).compat(true).build())) {
      assertArrayEquals(TV1.publicKey(), core.key());
      assertTrue(core.compat());
      assertNull(core.manifest());
      core.append(List.of(utf8("a"), utf8("b"), utf8("c")));
      assertEquals("deb1a2d6b46b1ac51fa3111f84cd6d0874ab43f325e160aff4d3d95acfdfec67b399fd0bd4e09b86fdbf19bd894b28e0a9d4bbf58c4ccb326fc888d8428d960e",
          hex(core.signature()));
      core.truncate(2);
      assertEquals("db498b9168f7e6704c90055542c29ecea01dd8a49552d9f0960ee177926725a358cd01a560461e5c889bdb90785ed138f54f929c017f5e3ae25b81172e95940d",
          hex(core.signature()));
    }
  }

  @Test
  void batchesAndSingleAppendsGiveTheSameTree() {
    Random r = new Random(5);
    List<byte[]> blocks = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      byte[] b = new byte[r.nextInt(50)];
      r.nextBytes(b);
      blocks.add(b);
    }
    try (Hypercore one = Hypercore.inMemory(HypercoreOptions.builder().keyPair(TV1).build());
        Hypercore many = Hypercore.inMemory(HypercoreOptions.builder().keyPair(TV1).build())) {
      List<byte[]> hashes = new ArrayList<>();
      for (byte[] b : blocks) {
        one.append(b);
        hashes.add(one.treeHash());
      }
      many.append(blocks.subList(0, 37));
      assertArrayEquals(hashes.get(36), many.treeHash());
      many.append(blocks.subList(37, 100));
      assertArrayEquals(one.signature(), many.signature());
      for (int len = 1; len <= 100; len++) {
        assertArrayEquals(hashes.get(len - 1), many.treeHash(len), "length " + len);
      }
      for (int i = 0; i < 100; i++) {
        assertArrayEquals(blocks.get(i), many.get(i));
      }
      assertEquals(blocks.stream().mapToLong(b -> b.length).sum(), many.byteLength());
      many.verify();
      assertEquals(100, many.append(List.of()));
    }
  }

  @Test
  void appendCopiesTheCallersArrays() {
    try (Hypercore core = Hypercore.inMemory(HypercoreOptions.defaults())) {
      byte[] b = utf8("x");
      core.append(b);
      b[0] = 'y';
      assertArrayEquals(utf8("x"), core.get(0));
      core.verify();
    }
  }

  @Test
  void stateErrorsAreClear() {
    Hypercore core = Hypercore.inMemory(HypercoreOptions.defaults());
    core.append(utf8("a"));
    assertEquals(ErrorCode.SNAPSHOT_NOT_AVAILABLE, assertThrows(HyperbeeException.class, () -> core.get(1)).code());
    assertThrows(IllegalArgumentException.class, () -> core.get(-1));
    assertThrows(IllegalArgumentException.class, () -> core.truncate(2));
    assertThrows(NullPointerException.class, () -> core.append((byte[]) null));
    assertThrows(IllegalArgumentException.class, () -> core.treeHash(2));
    core.close();
    core.close();
    assertEquals(ErrorCode.CLOSED, assertThrows(HyperbeeException.class, () -> core.get(0)).code());
    assertEquals(ErrorCode.CLOSED, assertThrows(HyperbeeException.class, () -> core.append(utf8("b"))).code());

    try (Hypercore reader = Hypercore.inMemory(HypercoreOptions.builder().key(filled(7)).build())) {
      assertFalse(reader.writable());
      assertEquals(ErrorCode.SESSION_NOT_WRITABLE, assertThrows(HyperbeeException.class, () -> reader.append(utf8("x"))).code());
      assertEquals(ErrorCode.SNAPSHOT_NOT_AVAILABLE, assertThrows(HyperbeeException.class, () -> reader.get(0)).code());
    }
  }

  @Test
  void reopeningAStorageRestoresTheSignedState() {
    MemoryCoreStorage storage = new MemoryCoreStorage();
    Hypercore first = Hypercore.open(storage, HypercoreOptions.builder().keyPair(TV1).build());
    first.append(utf8("a"), utf8("b"), utf8("c"));
    first.truncate(2);
    Hypercore second = Hypercore.open(storage, HypercoreOptions.builder().keyPair(KeyPair.random()).build());
    assertArrayEquals(first.key(), second.key());
    assertEquals(TV1, second.keyPair());
    assertEquals(2, second.length());
    assertEquals(1, second.fork());
    assertArrayEquals(first.signature(), second.signature());
    second.verify();
    assertEquals(ErrorCode.STORAGE_CONFLICT, assertThrows(HyperbeeException.class,
        () -> Hypercore.open(storage, HypercoreOptions.builder().errorIfExists(true).build())).code());
    assertEquals(ErrorCode.STORAGE_CONFLICT, assertThrows(HyperbeeException.class,
        () -> Hypercore.open(new MemoryCoreStorage(), HypercoreOptions.builder().createIfMissing(false).build())).code());
    first.close();
  }

  @Test
  void onDiskStorageRoundTrips(@TempDir Path dir) {
    byte[] key;
    try (Hypercore core = Hypercore.open(dir, HypercoreOptions.builder().keyPair(TV1).sync(false).build())) {
      core.append(utf8("a"), utf8("b"), utf8("c"));
      key = core.key();
    }
    try (Hypercore core = Hypercore.open(dir, HypercoreOptions.defaults())) {
      assertArrayEquals(key, core.key());
      assertEquals(3, core.length());
      assertArrayEquals(utf8("c"), core.get(2));
      core.verify();
    }
  }

  @Test
  void readersSeeConsistentStatesWhileOneThreadAppends() throws Exception {
    try (Hypercore core = Hypercore.inMemory(HypercoreOptions.defaults())) {
      List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
      Thread[] readers = new Thread[3];
      java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
      for (int t = 0; t < readers.length; t++) {
        readers[t] = new Thread(() -> {
          Random r = new Random();
          try {
            while (!done.get()) {
              long len = core.length();
              if (len > 0) {
                long i = r.nextInt((int) len);
                byte[] b = core.get(i);
                if (!Arrays.equals(b, block(i))) {
                  throw new AssertionError("block " + i);
                }
              }
            }
          } catch (Throwable e) {
            errors.add(e);
          }
        });
        readers[t].start();
      }
      for (int i = 0; i < 2000; i += 10) {
        List<byte[]> batch = new ArrayList<>();
        for (int j = i; j < i + 10; j++) {
          batch.add(block(j));
        }
        core.append(batch);
      }
      done.set(true);
      for (Thread t : readers) {
        t.join();
      }
      assertEquals(List.of(), errors);
      core.verify();
    }
  }

  static byte[] block(long i) {
    return ("block-" + i).getBytes(StandardCharsets.UTF_8);
  }

  static byte[] filled(int b) {
    byte[] out = new byte[32];
    Arrays.fill(out, (byte) b);
    return out;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String hex(byte[] b) {
    return HEX.formatHex(b);
  }
}
