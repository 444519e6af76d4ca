package io.hyperbee.leveldb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.file.Path;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance suite compares against real native LevelDB: this fails (it does not skip) when
 * leveldbjni's native library cannot load on this machine.
 */
class JniLoadsTest {
  @TempDir Path tmp;

  @Test
  void nativeLevelDbLoadsAndOpens() throws Exception {
    File dir = tmp.resolve("jni").toFile();
    try (DB db = JniDBFactory.factory.open(dir, new Options())) {
      assertEquals("org.fusesource.leveldbjni.internal.JniDB", db.getClass().getName());
      db.put(new byte[] {1}, new byte[] {2});
      assertEquals(2, db.get(new byte[] {1})[0]);
    }
  }
}
