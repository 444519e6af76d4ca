package io.hyperbee.leveldb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.WriteBatch;
import org.iq80.leveldb.WriteOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM writes through HyperbeeDB and reports each write once it has returned; the test kills
 * it with SIGKILL mid-stream, reopens with paranoid checks (full verification) and checks that
 * every acknowledged write is there.
 */
class KillWhileWritingTest {
  private static final int ACKS_BEFORE_KILL = 300;

  @TempDir Path tmp;

  @Test
  void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
    File dir = tmp.resolve("db").toFile();
    Process child =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                Writer.class.getName(),
                dir.getPath())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    List<Integer> acked = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
      String line;
      while (acked.size() < ACKS_BEFORE_KILL && (line = out.readLine()) != null) {
        acked.add(Integer.parseInt(line));
      }
      child.destroyForcibly(); // SIGKILL
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    } finally {
      child.destroyForcibly();
    }
    assertTrue(acked.size() == ACKS_BEFORE_KILL, "the writer acknowledged " + acked.size());

    try (DB db = HyperbeeDBFactory.factory.open(dir, new Options().paranoidChecks(true))) {
      for (int i : acked) {
        assertArrayEquals(Writer.value(i), db.get(Writer.key(i)), "write " + i);
        if (i % 3 == 2) {
          assertArrayEquals(Writer.value(i), db.get(Writer.batchKey(i)), "batch write " + i);
        }
      }
    }
  }

  /** The child: writes forever (plain, synced and batched), printing each index when done. */
  public static final class Writer {
    public static void main(String[] args) throws Exception {
      try (DB db = HyperbeeDBFactory.factory.open(new File(args[0]), new Options())) {
        for (int i = 0; ; i++) {
          switch (i % 3) {
            case 0 -> db.put(key(i), value(i));
            case 1 -> db.put(key(i), value(i), new WriteOptions().sync(true));
            default -> {
              try (WriteBatch batch = db.createWriteBatch()) {
                db.write(batch.put(key(i), value(i)).put(batchKey(i), value(i)));
              }
            }
          }
          System.out.println(i);
          System.out.flush();
        }
      }
    }

    static byte[] key(int i) {
      return String.format("key-%08d", i).getBytes(UTF_8);
    }

    static byte[] batchKey(int i) {
      return String.format("batch-%08d", i).getBytes(UTF_8);
    }

    static byte[] value(int i) {
      return ("value of " + i).repeat(3).getBytes(UTF_8);
    }
  }
}
