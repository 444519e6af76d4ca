package io.hyperbee.leveldb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBException;
import org.iq80.leveldb.Options;
import org.junit.jupiter.api.Test;

/**
 * HyperbeeDBFactory.repair on damaged cores: roll back to the last verifiable block, or say why
 * not.
 */
class RepairTest extends ConformanceSupport {

  /** Blocks: header, a, b, c, d. */
  private File database() throws IOException {
    File dir = newDir();
    DB db = open(Peer.HYPERBEE, dir, new Options());
    putAll(db, "a", "b", "c", "d");
    db.close();
    return dir;
  }

  private static void flipLastByte(Path file) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      long at = f.length() - 1;
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0xFF);
    }
  }

  @Test
  void rollsBackToTheBlockBeforeTheDamage() throws IOException {
    File dir = database();
    flipLastByte(dir.toPath().resolve("core").resolve("data")); // inside block 4 ("d")

    DB damaged = open(Peer.HYPERBEE, dir, new Options());
    DBException e = assertThrows(DBException.class, () -> damaged.get(b("a")));
    assertTrue(e.getCause() instanceof io.hyperbee.HyperbeeException, String.valueOf(e.getCause()));
    damaged.close();
    assertThrows(
        IOException.class, () -> open(Peer.HYPERBEE, dir, new Options().paranoidChecks(true)));

    HyperbeeDBFactory.factory.repair(dir, new Options());

    HyperbeeDB repaired = (HyperbeeDB) open(Peer.HYPERBEE, dir, new Options().paranoidChecks(true));
    assertEquals(List.of("a", "b", "c"), keys(repaired));
    assertEquals(4, repaired.version());
    assertEquals("1", repaired.getProperty("hyperbee.fork"), "truncation bumps the fork");
    repaired.put(b("e"), b("E"));
    assertEquals(List.of("a", "b", "c", "e"), keys(repaired));
  }

  @Test
  void repairOfAnIntactCoreChangesNothing() throws IOException {
    File dir = database();
    HyperbeeDBFactory.factory.repair(dir, new Options());
    HyperbeeDB db = (HyperbeeDB) open(Peer.HYPERBEE, dir, new Options().paranoidChecks(true));
    assertEquals(List.of("a", "b", "c", "d"), keys(db));
    assertEquals("0", db.getProperty("hyperbee.fork"));
  }

  @Test
  void saysWhyWhenTheCoreCannotBeOpened() throws IOException {
    File dir = database();
    Path core = dir.toPath().resolve("core");
    try (var files = Files.list(core)) {
      for (Path p : files.toList()) {
        if (Files.isRegularFile(p) && !p.getFileName().toString().equals("LOCK")) {
          Files.write(p, new byte[0]);
        }
      }
    }
    IOException e =
        assertThrows(IOException.class, () -> HyperbeeDBFactory.factory.repair(dir, new Options()));
    assertTrue(e.getMessage().startsWith("Corruption: cannot repair"), e.getMessage());
    assertThrows(IOException.class, () -> open(Peer.HYPERBEE, dir, new Options()));
  }
}
