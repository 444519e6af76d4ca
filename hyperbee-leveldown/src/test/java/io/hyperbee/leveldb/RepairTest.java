package io.hyperbee.leveldb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.WriteBatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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

  /** A ~1,100-key database of single writes and write batches, with its content at each version. */
  private record Built(File dir, TreeMap<Long, TreeMap<String, String>> versions) {}

  private Built builtWithBatches(long seed) throws IOException {
    File dir = newDir();
    Random rnd = new Random(seed);
    TreeMap<String, String> model = new TreeMap<>();
    TreeMap<Long, TreeMap<String, String>> versions = new TreeMap<>();
    HyperbeeDB db = (HyperbeeDB) open(Peer.HYPERBEE, dir, new Options());
    int op = 0;
    while (model.size() < 1_100) {
      if (rnd.nextInt(3) == 0) {
        String k = String.format("k%05d", rnd.nextInt(1_400));
        db.put(b(k), b("v" + op));
        model.put(k, "v" + op);
      } else {
        try (WriteBatch batch = db.createWriteBatch()) {
          int n = 2 + rnd.nextInt(60);
          for (int i = 0; i < n; i++) {
            String k = String.format("k%05d", rnd.nextInt(1_400));
            if (rnd.nextInt(5) == 0) {
              batch.delete(b(k));
              model.remove(k);
            } else {
              batch.put(b(k), b("b" + op + "." + i));
              model.put(k, "b" + op + "." + i);
            }
          }
          db.write(batch);
        }
      }
      op++;
      versions.put(db.version(), new TreeMap<>(model));
    }
    db.close();
    return new Built(dir, versions);
  }

  /** Flips one byte in the middle of block {@code seq} (its offset is in the index file). */
  private static void flipByteOfBlock(File dir, long seq) throws IOException {
    Path core = dir.toPath().resolve("core");
    long offset;
    int length;
    try (RandomAccessFile index = new RandomAccessFile(core.resolve("index").toFile(), "r")) {
      index.seek(16 * seq);
      offset = Long.reverseBytes(index.readLong());
      length = Integer.reverseBytes(index.readInt()) - 1;
    }
    try (RandomAccessFile data = new RandomAccessFile(core.resolve("data").toFile(), "rw")) {
      long at = offset + length / 2;
      data.seek(at);
      int x = data.read();
      data.seek(at);
      data.write(x ^ 0x5A);
    }
  }

  /**
   * One flipped byte in one block (inside a write batch, and a single put's block): repair keeps
   * the last whole version before it, exactly as a TreeMap of that version says, and says what it
   * dropped (issue 12, defect 2).
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void cutsBackToTheLastWholeVersionBeforeTheDamage(boolean insideABatch) throws IOException {
    cutsBack(insideABatch, true);
  }

  /**
   * The same on a store whose core has no record of where its appends ended (made before the
   * record existed): the block rules and the replay of the blocks that read back find the cut.
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void cutsBackExactlyWithoutTheRecordOfWholeLengths(boolean insideABatch) throws IOException {
    cutsBack(insideABatch, false);
  }

  private void cutsBack(boolean insideABatch, boolean withRecord) throws IOException {
    Built built = builtWithBatches(12);
    if (!withRecord) {
      java.nio.file.Files.delete(built.dir().toPath().resolve("core").resolve("whole-lengths"));
    }
    long target = -1;
    for (Map.Entry<Long, TreeMap<String, String>> e : built.versions().entrySet()) {
      Long previous = built.versions().lowerKey(e.getKey());
      if (previous == null || previous < 200) {
        continue;
      }
      long blocks = e.getKey() - previous; // the blocks previous .. version - 1 were one append
      if (insideABatch && blocks >= 10) {
        target = previous + blocks / 2;
        break;
      }
      if (!insideABatch && blocks == 1) {
        target = previous;
        break;
      }
    }
    assertTrue(target > 0, "no write of the wanted shape");
    flipByteOfBlock(built.dir(), target);

    List<String> log = new ArrayList<>();
    HyperbeeDBFactory.factory.repair(built.dir(), new Options().logger(log::add));

    long expected = built.versions().floorKey(target);
    HyperbeeDB db = (HyperbeeDB) open(Peer.HYPERBEE, built.dir(), new Options().paranoidChecks(true));
    try {
      assertEquals(expected, db.version(), "kept version");
      TreeMap<String, String> model = built.versions().get(expected);
      Map<String, String> read = new TreeMap<>();
      try (DBIterator it = db.iterator()) {
        for (it.seekToFirst(); it.hasNext(); ) {
          Map.Entry<byte[], byte[]> e = it.next();
          read.put(s(e.getKey()), s(e.getValue()));
        }
      }
      assertEquals(model, read);
      for (Map.Entry<String, String> e : model.entrySet()) {
        assertEquals(e.getValue(), s(db.get(b(e.getKey()))), e.getKey());
      }
    } finally {
      db.close();
    }
    assertEquals(1, log.size(), String.valueOf(log));
    assertTrue(
        log.get(0).contains("to version " + expected) && log.get(0).contains("block " + target),
        log.get(0));
  }
}
