package io.hyperbee.leveldb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBFactory;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.WriteBatch;
import org.iq80.leveldb.impl.Iq80DBFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runnable tour of the LevelDB adapter: code written against {@code org.iq80.leveldb} moves to
 * Hyperbee by swapping one line, the factory. The same code below runs on both and reads the same.
 */
class LevelDbTutorialTest {
  @TempDir Path tmp;

  static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  /** Ordinary LevelDB client code; it knows only the factory it is given. */
  static List<String> inventory(DBFactory factory, File dir) throws IOException {
    List<String> seen = new ArrayList<>();
    try (DB db = factory.open(dir, new Options().createIfMissing(true))) {
      db.put(bytes("fruit/apple"), bytes("3"));
      try (WriteBatch batch = db.createWriteBatch()) {
        batch.put(bytes("fruit/banana"), bytes("5"));
        batch.delete(bytes("fruit/apple"));
        db.write(batch); // atomic
      }
      try (DBIterator it = db.iterator()) {
        for (it.seekToFirst(); it.hasNext(); ) {
          var e = it.next();
          seen.add(new String(e.getKey(), UTF_8) + "=" + new String(e.getValue(), UTF_8));
        }
      }
      assertNull(db.get(bytes("fruit/apple")));
    }
    return seen;
  }

  @Test
  void theOneLineSwap() throws IOException {
    DBFactory leveldb = Iq80DBFactory.factory; // before: a LevelDB directory
    DBFactory hyperbee = HyperbeeDBFactory.factory; // after: a signed Hypercore + Hyperbee directory

    List<String> before = inventory(leveldb, tmp.resolve("leveldb").toFile());
    List<String> after = inventory(hyperbee, tmp.resolve("hyperbee").toFile());
    assertEquals(List.of("fruit/banana=5"), before);
    assertEquals(before, after);

    // reopening reads what was written, as LevelDB does
    try (DB db = hyperbee.open(tmp.resolve("hyperbee").toFile(), new Options())) {
      assertEquals("5", new String(db.get(bytes("fruit/banana")), UTF_8));
    }
  }
}
