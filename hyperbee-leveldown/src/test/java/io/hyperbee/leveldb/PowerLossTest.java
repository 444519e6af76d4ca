package io.hyperbee.leveldb;

import static java.nio.charset.StandardCharsets.UTF_8;
import io.hyperbee.btree.Hyperbee;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import io.hyperbee.storage.FileCoreStorage;
import io.hyperbee.storage.FileOpener;
import io.hyperbee.storage.PowerLossRun;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.WriteBatch;
import org.iq80.leveldb.WriteOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LevelDB adapter under simulated power losses (issue 12, defect 5): puts, deletes and write
 * batches, each with {@code WriteOptions.sync} true or false at random. Every write acknowledged
 * with sync survives (and everything before it), a batch is all there or not at all, and the
 * database always opens and verifies. The DB is opened as {@link HyperbeeDBFactory} opens it, with
 * the core's files behind {@link io.hyperbee.storage.PowerLossFiles}.
 */
class PowerLossTest {
  private static final long SEED = Long.getLong("powerloss.seed", 0xDB5EEDL);
  private static final int ROUNDS = Integer.getInteger("powerloss.rounds", 200);

  @TempDir Path tmp;

  @Test
  void syncedWritesSurvivePowerLoss() throws Exception {
    // a commit writes the whole-lengths frame too (and forces that file when synced): cuts are
    // armed within 50 file operations so that as many writes complete per round as before
    new PowerLossRun<Map<String, String>>("leveldb adapter", SEED, ROUNDS, 50, 150)
        .run(tmp.resolve("db"), new DbWorkload());
  }

  /** A HyperbeeDB and its content as a model. */
  static final class DbWorkload implements PowerLossRun.Workload<Map<String, String>> {
    private HyperbeeDB db;
    private Hypercore core;
    private Map<String, String> model = new TreeMap<>();
    private Map<String, String> inFlight;

    @Override
    public void open(Path dir, FileOpener files, Random random) throws Exception {
      DbDirectory directory = DbDirectory.create(dir.toFile());
      DbDirectory.Lock lock = directory.lock();
      boolean exists = directory.holdsDatabase();
      core = Hypercore.open(FileCoreStorage.open(directory.core(), true, false, false, files),
          HypercoreOptions.defaults());
      Hyperbee bee = Hyperbee.open(core);
      if (!exists) {
        directory.writeMarker();
      }
      db = HyperbeeDB.open(directory, lock, core, bee, HyperbeeDBFactory.cacheBlocks(0), DbLog.NONE);
    }

    @Override
    public Map<String, String> read() throws Exception {
      model = new TreeMap<>();
      try (DBIterator it = db.iterator()) {
        for (it.seekToFirst(); it.hasNext(); ) {
          Map.Entry<byte[], byte[]> e = it.next();
          model.put(new String(e.getKey(), UTF_8), new String(e.getValue(), UTF_8));
        }
      }
      return new TreeMap<>(model);
    }

    @Override
    public void verify() {
      core.verify();
    }

    @Override
    public PowerLossRun.Step<Map<String, String>> write(Random random) throws Exception {
      boolean sync = random.nextInt(3) == 0;
      WriteOptions options = new WriteOptions().sync(sync);
      Map<String, String> after = new TreeMap<>(model);
      int op = random.nextInt(4);
      if (op == 0) {
        try (WriteBatch batch = db.createWriteBatch()) {
          for (int n = 2 + random.nextInt(5); n > 0; n--) {
            change(batch, after, random);
          }
          inFlight = after;
          db.write(batch, options);
        }
      } else {
        String key = "key" + random.nextInt(40);
        if (op == 1) {
          after.remove(key);
          inFlight = after;
          db.delete(key.getBytes(UTF_8), options);
        } else {
          String value = "value " + random.nextInt(1_000_000) + " " + "x".repeat(random.nextInt(100));
          after.put(key, value);
          inFlight = after;
          db.put(key.getBytes(UTF_8), value.getBytes(UTF_8), options);
        }
      }
      model = after;
      return new PowerLossRun.Step<>(new TreeMap<>(model), sync);
    }

    private static void change(WriteBatch batch, Map<String, String> after, Random random) {
      String key = "key" + random.nextInt(40);
      if (random.nextInt(4) == 0) {
        batch.delete(key.getBytes(UTF_8));
        after.remove(key);
      } else {
        String value = "batch value " + random.nextInt(1_000_000);
        batch.put(key.getBytes(UTF_8), value.getBytes(UTF_8));
        after.put(key, value);
      }
    }

    @Override
    public Map<String, String> inFlight() {
      return inFlight;
    }

    @Override
    public void close() throws Exception {
      db.close();
    }
  }
}
