package io.hyperbee.leveldb.clients.spark;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.network.shuffledb.StoreVersion;
import org.apache.spark.network.util.LevelDBProvider;
import org.iq80.leveldb.DB;

/**
 * A Spark shuffle service's state store over its life, through Spark's own {@code
 * LevelDBProvider.initLevelDB}: the first start (open with createIfMissing off, catch leveldbjni's
 * exception, see " does not exist ", create), a restart with a newer minor version, and a start
 * with an incompatible major version (refused). Returns what it saw.
 */
public final class ShuffleStateStoreScenario implements Function<File, List<String>> {
  private static final byte[] APP = "AppExecShuffleInfo;app-1".getBytes(UTF_8);

  @Override
  public List<String> apply(File dir) {
    ObjectMapper mapper = new ObjectMapper();
    List<String> seen = new ArrayList<>();
    try {
      try (DB db = LevelDBProvider.initLevelDB(dir, new StoreVersion(1, 0), mapper)) {
        seen.add("first start: version " + text(db.get(StoreVersion.KEY)));
        db.put(APP, "{\"localDirs\":[\"/tmp/a\"]}".getBytes(UTF_8));
      }
      try (DB db = LevelDBProvider.initLevelDB(dir, new StoreVersion(1, 1), mapper)) {
        seen.add("restart: version " + text(db.get(StoreVersion.KEY)) + ", " + text(db.get(APP)));
      }
      try {
        LevelDBProvider.initLevelDB(dir, new StoreVersion(2, 0), mapper); // left open by Spark
        seen.add("major upgrade: opened");
      } catch (IOException e) {
        seen.add("major upgrade: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return seen;
  }

  private static String text(byte[] b) {
    return b == null ? "null" : new String(b, UTF_8);
  }
}
