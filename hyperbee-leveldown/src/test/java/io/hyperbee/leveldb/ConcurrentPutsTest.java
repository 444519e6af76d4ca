package io.hyperbee.leveldb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import io.hyperbee.storage.FileCoreStorage;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.ReadOptions;
import org.iq80.leveldb.Snapshot;
import org.iq80.leveldb.WriteOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Puts and deletes from several threads at once (issue 18): they meet in the bee's writer queue
 * and are appended in groups, each still its own version; every acknowledged one reads back, also
 * after a SIGKILL of the writing process, and the head is then validly signed.
 */
class ConcurrentPutsTest {
  private static final int THREADS = 4;
  private static final long TIMEOUT_SECONDS = 60;

  @TempDir Path tmp;
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() throws InterruptedException {
    pool.shutdownNow();
    assertTrue(pool.awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS));
  }

  @Test
  void everyPutReadsBackAndEveryVersionIsWhole() throws Exception {
    try (HyperbeeDB db = (HyperbeeDB) HyperbeeDBFactory.factory.open(tmp.toFile(), new Options())) {
      List<Future<Map<String, String>>> writers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        writers.add(pool.submit(() -> {
          Random random = new Random(77 + thread);
          Map<String, String> expected = new HashMap<>();
          for (int i = 0; i < 300; i++) {
            String key = "t" + thread + "-" + random.nextInt(100);
            if (random.nextInt(6) == 0) {
              db.delete(bytes(key));
              expected.put(key, null);
            } else {
              db.put(bytes(key), bytes("v" + i));
              expected.put(key, "v" + i);
            }
          }
          return expected;
        }));
      }
      for (Future<Map<String, String>> f : writers) {
        for (Map.Entry<String, String> e : f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS).entrySet()) {
          byte[] value = db.get(bytes(e.getKey()));
          assertEquals(e.getValue(), value == null ? null : new String(value, UTF_8), e.getKey());
        }
      }
      for (long v = 1; v <= db.version(); v++) {
        db.checkout(v).close(); // refused with VERSION_INSIDE_BATCH for a version inside an append
      }
    }
  }

  @Test
  void aPutThatAsksForASnapshotSeesExactlyItsOwnWrite() throws Exception {
    try (DB db = HyperbeeDBFactory.factory.open(tmp.toFile(), new Options())) {
      List<Future<?>> writers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        writers.add(pool.submit(() -> {
          for (int i = 0; i < 200; i++) {
            byte[] value = bytes(thread + "/" + i);
            if (thread == 0) {
              try (Snapshot s = db.put(bytes("shared"), value, new WriteOptions().snapshot(true))) {
                assertArrayEquals(value, db.get(bytes("shared"), new ReadOptions().snapshot(s)),
                    "the snapshot of put " + i);
              }
            } else {
              db.put(bytes("shared"), value); // other threads overwrite the same key meanwhile
            }
          }
          return null;
        }));
      }
      for (Future<?> f : writers) {
        f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void acknowledgedPutsOfConcurrentWritersSurviveSigkillAndTheHeadIsSigned() throws Exception {
    File dir = tmp.resolve("db").toFile();
    Process child = new ProcessBuilder(
            ProcessHandle.current().info().command().orElse("java"),
            "-cp", System.getProperty("java.class.path"),
            Writers.class.getName(), dir.getPath())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    List<String> acked = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
      String line;
      while (acked.size() < 400 && (line = out.readLine()) != null) {
        acked.add(line);
      }
      child.destroyForcibly(); // SIGKILL, while the writers append with the signature deferred
      assertTrue(child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    } finally {
      child.destroyForcibly();
    }
    assertEquals(400, acked.size(), "the writers acknowledged " + acked.size());
    try (DB db = HyperbeeDBFactory.factory.open(dir, new Options().paranoidChecks(true))) {
      for (String a : acked) {
        assertArrayEquals(bytes("value " + a), db.get(bytes("key " + a)), a);
      }
    }
    // the reopened writer signed the unsigned tail and stored the signature on close: a reader
    // without any say in it finds a signed head that verifies
    FileCoreStorage storage = FileCoreStorage.openReadOnly(dir.toPath().resolve(DbDirectory.CORE));
    assertNotNull(storage.head().signature(), "the stored head is signed");
    try (Hypercore core = Hypercore.open(storage, HypercoreOptions.builder().readOnly(true).build())) {
      core.verify(); // every block, node, and the signature against the key
      assertNull(storage.head().signature() == null ? "unsigned" : null);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  /** The child: {@value #THREADS} threads of unbatched puts, each printed once it returned. */
  public static final class Writers {
    public static void main(String[] args) throws Exception {
      DB db = HyperbeeDBFactory.factory.open(new File(args[0]), new Options());
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        Thread writer = new Thread(() -> {
          for (int i = 0; ; i++) {
            String id = thread + "-" + i;
            db.put(bytes("key " + id), bytes("value " + id));
            synchronized (System.out) {
              System.out.println(id);
              System.out.flush();
            }
          }
        });
        writer.start();
      }
      Thread.sleep(Long.MAX_VALUE); // until killed
    }
  }
}
