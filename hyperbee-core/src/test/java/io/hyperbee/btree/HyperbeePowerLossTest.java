package io.hyperbee.btree;

import static java.nio.charset.StandardCharsets.UTF_8;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import io.hyperbee.storage.FileCoreStorage;
import io.hyperbee.storage.FileOpener;
import io.hyperbee.storage.PowerLossRun;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hyperbee puts, deletes and batches under simulated power losses (issue 12, defect 5): with the
 * core's storage synced every write survives; unsynced, everything before a {@link Hypercore#sync}
 * does; a batch is all there or not at all; the bee always opens and its core verifies.
 */
class HyperbeePowerLossTest {
  private static final long SEED = Long.getLong("powerloss.seed", 0xBEE5EEDL);
  private static final int ROUNDS = Integer.getInteger("powerloss.rounds", 150);

  @TempDir Path tmp;

  @Test
  void durableWritesSurvivePowerLoss() throws Exception {
    // a commit writes the whole-lengths frame too (and forces that file when synced): cuts are
    // armed within 50 file operations so that as many writes complete per round as before
    new PowerLossRun<Map<String, String>>("hyperbee", SEED, ROUNDS, 50, 150)
        .run(tmp.resolve("bee"), new BeeWorkload());
  }

  /** A bee and its content as a model. */
  static final class BeeWorkload implements PowerLossRun.Workload<Map<String, String>> {
    private Hypercore core;
    private Hyperbee bee;
    private boolean sync;
    private Map<String, String> model = new TreeMap<>();
    private Map<String, String> inFlight;

    @Override
    public void open(Path dir, FileOpener files, Random random) {
      sync = random.nextBoolean();
      core = Hypercore.open(FileCoreStorage.open(dir, true, false, sync, files), HypercoreOptions.defaults());
      bee = Hyperbee.open(core);
    }

    @Override
    public Map<String, String> read() {
      model = new TreeMap<>();
      try (BeeIterator<Entry> it = bee.range(KeyRange.all())) {
        it.forEachRemaining(e -> model.put(new String(e.key(), UTF_8), new String(e.value(), UTF_8)));
      }
      return new TreeMap<>(model);
    }

    @Override
    public void verify() {
      core.verify();
    }

    @Override
    public PowerLossRun.Step<Map<String, String>> write(Random random) {
      Map<String, String> after = new TreeMap<>(model);
      int op = random.nextInt(10);
      boolean durable = sync;
      if (op == 0) {
        inFlight = after;
        core.sync();
        durable = true;
      } else if (op <= 3) {
        try (Batch batch = bee.batch()) {
          for (int n = 2 + random.nextInt(6); n > 0; n--) {
            String key = "key" + random.nextInt(50);
            if (random.nextInt(4) == 0) {
              batch.del(key.getBytes(UTF_8));
              after.remove(key);
            } else {
              String value = "batch " + random.nextInt(1_000_000);
              batch.put(key.getBytes(UTF_8), value.getBytes(UTF_8));
              after.put(key, value);
            }
          }
          inFlight = after;
          batch.flush();
        }
      } else {
        String key = "key" + random.nextInt(50);
        if (op == 4) {
          after.remove(key);
          inFlight = after;
          bee.del(key.getBytes(UTF_8));
        } else {
          String value = "value " + random.nextInt(1_000_000) + "x".repeat(random.nextInt(80));
          after.put(key, value);
          inFlight = after;
          bee.put(key.getBytes(UTF_8), value.getBytes(UTF_8));
        }
      }
      model = after;
      return new PowerLossRun.Step<>(new TreeMap<>(model), durable);
    }

    @Override
    public Map<String, String> inFlight() {
      return inFlight;
    }

    @Override
    public void close() {
      try {
        bee.close();
      } finally {
        core.close();
      }
    }
  }
}
