package io.hyperbee.leveldb.clients.spark;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.util.kvstore.KVIndex;
import org.apache.spark.util.kvstore.KVStore;
import org.apache.spark.util.kvstore.KVStoreIterator;
import org.apache.spark.util.kvstore.LevelDB;

/**
 * Spark's kvstore (what the Spark history server keeps its application listings in) over its
 * {@code LevelDB} class: typed writes with a natural and a secondary index, reads, counts, index
 * scans forwards and backwards with bounds, deletes, metadata, and a reopen. Returns what it saw.
 */
public final class KvStoreScenario implements Function<File, List<String>> {

  /** A stored type as Spark declares them: public fields, a natural key and an index. */
  public static final class Job {
    @KVIndex public String id;

    @KVIndex("status")
    public String status;

    public int tasks;

    public Job() {}

    Job(String id, String status, int tasks) {
      this.id = id;
      this.status = status;
      this.tasks = tasks;
    }

    @Override
    public String toString() {
      return id + "/" + status + "/" + tasks;
    }
  }

  /** Store metadata, as the history server keeps its listing version. */
  public static final class Meta {
    public int version;
  }

  @Override
  public List<String> apply(File dir) {
    List<String> seen = new ArrayList<>();
    try {
      try (KVStore store = new LevelDB(dir)) {
        for (int i = 0; i < 30; i++) {
          store.write(new Job(String.format("job-%02d", i), i % 3 == 0 ? "done" : "running", i));
        }
        Meta meta = new Meta();
        meta.version = 7;
        store.setMetadata(meta);
        store.write(new Job("job-04", "done", 44)); // moves between index values
        store.delete(Job.class, "job-05");
        seen.add("read job-04: " + store.read(Job.class, "job-04"));
        seen.add("count: " + store.count(Job.class));
        seen.add("count done: " + store.count(Job.class, "status", "done"));
        seen.add("done: " + list(store.view(Job.class).index("status").first("done").last("done").closeableIterator()));
        seen.add("last 3 by id: " + list(store.view(Job.class).reverse().max(3).closeableIterator()));
        seen.add("from job-25: " + list(store.view(Job.class).first("job-25").closeableIterator()));
        seen.add(
            "running, skip 2, max 3, backwards: "
                + list(
                    store
                        .view(Job.class)
                        .index("status")
                        .first("running")
                        .last("running")
                        .reverse()
                        .skip(2)
                        .max(3)
                        .closeableIterator()));
      }
      try (KVStore store = new LevelDB(dir)) {
        seen.add("reopened count: " + store.count(Job.class));
        seen.add("metadata: " + store.getMetadata(Meta.class).version);
        try {
          store.read(Job.class, "job-05");
          seen.add("deleted job-05: still there");
        } catch (java.util.NoSuchElementException e) {
          seen.add("deleted job-05: " + e.getClass().getSimpleName());
        }
        store.removeAllByIndexValues(Job.class, "status", List.of("done"));
        seen.add("after removing done: " + store.count(Job.class));
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return seen;
  }

  private static String list(KVStoreIterator<Job> it) throws Exception {
    List<String> ids = new ArrayList<>();
    try (it) {
      while (it.hasNext()) {
        ids.add(it.next().id);
      }
    }
    return String.join(",", ids);
  }
}
