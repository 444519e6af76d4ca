package io.hyperbee.leveldb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Options.logger hears of the store's open, recovery, repair and compaction events, as leveldbjni's
 * does of LevelDB's (Hadoop's and Spark's state stores pass one to get them into their logs).
 */
class LoggerTest extends ConformanceSupport {
  private final List<String> lines = new CopyOnWriteArrayList<>();

  private Options logged() {
    return new Options().logger(lines::add);
  }

  private boolean heard(String start) {
    return lines.stream().anyMatch(l -> l.startsWith(start));
  }

  /** The events both report, each with a line that starts as LevelDB's does. */
  @ParameterizedTest
  @EnumSource(
      value = Peer.class,
      names = {"JNI", "HYPERBEE"})
  void reopenAndCompactionAreLoggedAsLevelDbLogsThem(Peer peer) throws IOException {
    File dir = newDir();
    DB db = open(peer, dir, new Options());
    putAll(db, "a", "b");
    db.close();

    DB again = open(peer, dir, logged());
    assertTrue(heard("Recovering "), lines.toString());
    again.compactRange(null, null);
    assertTrue(heard("Manual compaction "), lines.toString());
  }

  @Test
  void hyperbeeEvents() throws IOException {
    File dir = newDir();
    String root = dir.getCanonicalPath();
    DB db = open(Peer.HYPERBEE, dir, logged());
    assertEquals(List.of("Creating DB " + root + " since it was missing."), lines);
    putAll(db, "a", "b", "c");
    db.compactRange(b("a"), null);
    assertEquals(
        "Manual compaction from '61' .. (end): nothing to compact (an append-only log keeps no"
            + " levels)",
        lines.get(1));
    db.close();
    lines.clear();

    open(Peer.HYPERBEE, dir, logged().paranoidChecks(true)).close();
    String core = new File(root, "core").getPath();
    assertEquals(
        List.of(
            "Recovering core " + core + ": 4 blocks, " + byteLength(dir) + " bytes, fork 0",
            "Verified core " + core + ": 4 blocks OK"),
        lines);
    lines.clear();

    HyperbeeDBFactory.factory.repair(dir, logged());
    assertEquals(
        List.of("Repair of " + root + ": core verified, 4 blocks OK, nothing to repair"), lines);
    lines.clear();

    try (RandomAccessFile data = new RandomAccessFile(new File(core, "data"), "rw")) {
      data.seek(data.length() - 1); // inside the last block ("c")
      int last = data.read();
      data.seek(data.length() - 1);
      data.write(last ^ 0xFF);
    }
    HyperbeeDBFactory.factory.repair(dir, logged());
    assertEquals(
        List.of(
            "**** Repaired hyperbee "
                + root
                + "; rolled back from version 4 to version 3: block 3 does not read back, and versions"
                + " 4..4 were dropped (0 readable writes of them lost, plus the damaged ones). Some data"
                + " may have been lost. ****"),
        lines);
  }

  private long byteLength(File dir) throws IOException {
    try (DB db = HyperbeeDBFactory.factory.open(dir, new Options())) {
      return Long.parseLong(db.getProperty("hyperbee.byte-length"));
    }
  }
}
