package io.hyperbee.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.hyperbee.crypto.KeyPair;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FileCoreStorage} under the commits a real {@link Hypercore} makes: appends of every size,
 * truncation, and a sparse replica storing verified proofs in random order, across reopenings.
 */
class FileStorageHypercoreTest {
  @TempDir Path tmp;

  private static final CrashPlan CONTENT = new CrashPlan(7);

  private static HypercoreOptions writer(boolean sync) {
    return HypercoreOptions.builder().keyPair(KeyPair.fromSeed(new byte[32])).sync(sync).build();
  }

  private static List<byte[]> blocks(long from, long to) {
    List<byte[]> out = new ArrayList<>();
    for (long i = from; i < to; i++) {
      out.add(CONTENT.block(i));
    }
    return out;
  }

  @Test
  void appendsOfEverySizeTruncationAndReopening() {
    Path dir = tmp.resolve("writer");
    byte[] treeHash;
    try (Hypercore core = Hypercore.open(dir, writer(true))) {
      core.append(blocks(0, 1));
      core.append(blocks(1, 1001));
      core.append(blocks(1001, 1013));
      core.truncate(700);
      core.append(List.of("after the fork".getBytes()));
      treeHash = core.treeHash();
      core.verify();
    }
    try (Hypercore core = Hypercore.open(dir, writer(false))) {
      assertEquals(701, core.length());
      assertEquals(1, core.fork());
      assertArrayEquals(treeHash, core.treeHash());
      assertArrayEquals(CONTENT.block(699), core.get(699));
      assertArrayEquals("after the fork".getBytes(), core.get(700));
      core.verify();
      core.append(blocks(2000, 2300));
      core.verify();
    }
  }

  @Test
  void aSparseReplicaOnDiskStoresVerifiedProofs() {
    try (Hypercore origin = Hypercore.open(tmp.resolve("origin"), writer(false))) {
      origin.append(blocks(0, 300));
      Path dir = tmp.resolve("replica");
      HypercoreOptions options = HypercoreOptions.builder().key(origin.key()).blockSource(origin::proof).sync(false)
          .build();
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < 300; i += 3) {
        order.add(i);
      }
      Collections.shuffle(order, new Random(5));
      try (Hypercore replica = Hypercore.open(dir, options)) {
        for (int i : order.subList(0, 50)) {
          assertArrayEquals(CONTENT.block(i), replica.get(i), "block " + i);
        }
        replica.verify();
      }
      try (Hypercore replica = Hypercore.open(dir, options)) {
        assertEquals(300, replica.length());
        assertArrayEquals(origin.signature(), replica.signature());
        for (int i : order) {
          assertArrayEquals(CONTENT.block(i), replica.get(i), "block " + i);
        }
        replica.verify();
      }
      try (FileCoreStorage storage = FileCoreStorage.open(dir, false, false, false)) {
        assertArrayEquals(CONTENT.block(order.get(0)), storage.readBlock(order.get(0)));
        assertNull(storage.readBlock(1), "never fetched");
      }
    }
  }
}
