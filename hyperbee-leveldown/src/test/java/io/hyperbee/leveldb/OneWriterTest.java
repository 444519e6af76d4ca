package io.hyperbee.leveldb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.storage.LockProbe;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.WriteOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer per database (issue 12, defect 4): the database's LOCK and its core's lock stay held
 * by the open DB through failed second opens and synced writes, as another process sees them.
 */
class OneWriterTest {
  @TempDir Path tmp;

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  private static void assertLockedFromAnotherProcess(Path dir, String when) throws Exception {
    assertEquals("LOCKED", LockProbe.probe(dir, DbDirectory.LOCK), "LOCK " + when);
    assertEquals("LOCKED", LockProbe.probe(dir.resolve(DbDirectory.CORE), "lock"), "core/lock " + when);
  }

  @Test
  void theOwnerKeepsBothLocksThroughFailedOpensAndSyncedWrites() throws Exception {
    File dir = tmp.resolve("db").toFile();
    try (DB db = HyperbeeDBFactory.factory.open(dir, new Options().createIfMissing(true))) {
      for (int k = 0; k < 3; k++) {
        IOException e = assertThrows(IOException.class,
            () -> HyperbeeDBFactory.factory.open(dir, new Options().createIfMissing(true)));
        assertTrue(e.getMessage().contains("already held"), e.getMessage());
        db.put(bytes("k" + k), bytes("v" + k), new WriteOptions().sync(true));
        assertLockedFromAnotherProcess(dir.toPath(), "after failed open " + k + " and a synced write");
      }
      assertThrows(IOException.class, () -> HyperbeeDBFactory.factory.destroy(dir, new Options()));
      assertLockedFromAnotherProcess(dir.toPath(), "after a refused destroy");
    }
    assertEquals("FREE", LockProbe.probe(dir.toPath(), DbDirectory.LOCK), "after close");
    try (DB db = HyperbeeDBFactory.factory.open(dir, new Options())) {
      assertArrayEquals(bytes("v2"), db.get(bytes("k2")));
    }
  }
}
