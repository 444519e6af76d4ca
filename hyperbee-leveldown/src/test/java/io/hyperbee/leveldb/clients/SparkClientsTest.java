package io.hyperbee.leveldb.clients;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.leveldb.HyperbeeDBFactory;
import java.io.File;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark's own compiled LevelDB clients (kvstore's {@code LevelDB} and network-common's {@code
 * LevelDBProvider}, from Maven Central) run once as shipped, on leveldbjni, and once with their
 * {@code JniDBFactory.factory} line swapped for Hyperbee's: the same scenario sees the same things.
 */
class SparkClientsTest {
  private static final List<String> SWAPPED_PACKAGES =
      List.of(
          "org.apache.spark.util.kvstore.",
          "org.apache.spark.network.util.LevelDBProvider",
          "io.hyperbee.leveldb.clients.spark.");

  @TempDir Path tmp;

  @Test
  void shuffleStateStoreStartsCreatesAndChecksVersions() throws Exception {
    List<String> onBee = sameOnBoth("io.hyperbee.leveldb.clients.spark.ShuffleStateStoreScenario");
    // StoreVersion has no toString: Spark prints its hash code, 31 * major + minor
    assertEquals(
        List.of(
            "first start: version {\"major\":1,\"minor\":0}",
            "restart: version {\"major\":1,\"minor\":1}, {\"localDirs\":[\"/tmp/a\"]}",
            "major upgrade: IOException: cannot read state DB with version"
                + " org.apache.spark.network.shuffledb.StoreVersion@20, incompatible with current"
                + " version org.apache.spark.network.shuffledb.StoreVersion@3e"),
        onBee);
  }

  @Test
  void kvStoreWritesIndexesScansAndReopens() throws Exception {
    List<String> onBee = sameOnBoth("io.hyperbee.leveldb.clients.spark.KvStoreScenario");
    assertTrue(onBee.contains("count: 29"), onBee.toString());
  }

  /**
   * Swapping the factory of a service whose directory still holds LevelDB data: Spark's provider
   * first sees " does not exist " (no Hyperbee there), retries with createIfMissing, is refused,
   * and stops with its own error; its "corrupt, wipe it" path is never taken, the LevelDB files stay.
   */
  @Test
  void leveldbDataIsRefusedNotWiped() throws Exception {
    File dir = tmp.resolve("old").toFile();
    try (DB db = JniDBFactory.factory.open(dir, new Options())) {
      db.put(new byte[] {1}, new byte[] {2});
    }
    String why = shuffleServiceFailsToStart(dir);
    assertTrue(why.endsWith("holds a LevelDB database, not a Hyperbee one"), why);
    try (DB db = JniDBFactory.factory.open(dir, new Options().createIfMissing(false))) {
      assertArrayEquals(new byte[] {2}, db.get(new byte[] {1}));
    }
  }

  /**
   * A state store whose files are damaged so that it does not open: Spark logs it, deletes the
   * directory's files and starts afresh. leveldbjni's files are all top-level, so a fresh store
   * opens; Hyperbee keeps its core in a subdirectory, which Spark's non-recursive delete cannot
   * remove, so the retry meets the same damaged core and the service does not start.
   */
  @Test
  void damagedStoreIsNotWipedBySparksNonRecursiveDelete() throws Exception {
    File dir = tmp.resolve("damaged").toFile();
    try (DB db = HyperbeeDBFactory.factory.open(dir, new Options())) {
      db.put(new byte[] {1}, new byte[] {2});
    }
    try (var files = Files.walk(dir.toPath().resolve("core"))) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        Files.write(p, new byte[0]);
      }
    }
    String why = shuffleServiceFailsToStart(dir);
    assertTrue(why.startsWith("Corruption: "), why);
    assertTrue(new File(dir, "core").isDirectory());
  }

  /** Starts Spark's shuffle state store swapped onto Hyperbee; returns the failure's cause. */
  private String shuffleServiceFailsToStart(File dir) {
    ClassLoader swapping =
        new FactorySwappingClassLoader(getClass().getClassLoader(), SWAPPED_PACKAGES);
    UncheckedIOException e =
        assertThrows(
            UncheckedIOException.class,
            () -> run(swapping, "io.hyperbee.leveldb.clients.spark.ShuffleStateStoreScenario", dir));
    assertEquals("Unable to create state store", e.getCause().getMessage());
    return e.getCause().getCause().getMessage();
  }

  /** Runs the scenario on leveldbjni, then swapped onto Hyperbee; returns Hyperbee's transcript. */
  private List<String> sameOnBoth(String scenario) throws Exception {
    File jniDir = tmp.resolve("jni").toFile();
    File beeDir = tmp.resolve("hyperbee").toFile();
    ClassLoader parent = getClass().getClassLoader();
    List<String> onJni = run(parent, scenario, jniDir);
    List<String> onBee =
        run(new FactorySwappingClassLoader(parent, SWAPPED_PACKAGES), scenario, beeDir);
    assertEquals(onJni, onBee);
    // each ran where it should: LevelDB's files in one, Hyperbee's in the other
    assertTrue(new File(jniDir, "CURRENT").exists());
    assertFalse(new File(jniDir, "HYPERBEE").exists());
    assertTrue(new File(beeDir, "HYPERBEE").exists());
    assertFalse(new File(beeDir, "CURRENT").exists());
    return onBee;
  }

  @SuppressWarnings("unchecked")
  private static List<String> run(ClassLoader loader, String scenario, File dir) throws Exception {
    Class<?> type = Class.forName(scenario, true, loader);
    return ((Function<File, List<String>>) type.getConstructor().newInstance()).apply(dir);
  }
}
