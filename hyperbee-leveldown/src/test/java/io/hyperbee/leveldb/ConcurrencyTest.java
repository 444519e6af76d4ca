package io.hyperbee.leveldb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.ReadOptions;
import org.iq80.leveldb.Snapshot;
import org.iq80.leveldb.WriteBatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Several writer and reader threads on one database. Each writer owns a set of accounts and moves
 * amounts between them in write batches (with a per-writer sequence number in the same batch), so
 * the sum over all accounts never changes. Readers check that sum, and that every writer's sequence
 * number matches the moves it made, through snapshots, iterators and iterators on snapshots while
 * the writes go on: any torn batch or inconsistent read shows.
 */
class ConcurrencyTest extends ConformanceSupport {
  private static final int WRITERS = 3;
  private static final int ACCOUNTS_PER_WRITER = 5;
  private static final int BATCHES_PER_WRITER = 300;
  private static final int READERS = 3;
  private static final long INITIAL = 1000;

  @ParameterizedTest
  @EnumSource(Peer.class)
  void snapshotsAndIteratorsSeeWholeBatches(Peer peer) throws Exception {
    DB db = open(peer);
    try (WriteBatch init = db.createWriteBatch()) {
      for (int w = 0; w < WRITERS; w++) {
        for (int a = 0; a < ACCOUNTS_PER_WRITER; a++) {
          init.put(account(w, a), number(INITIAL));
        }
        init.put(sequence(w), number(0));
        init.put(moved(w), number(0));
      }
      db.write(init);
    }
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS + READERS);
    AtomicBoolean writing = new AtomicBoolean(true);
    CountDownLatch readersRunning = new CountDownLatch(READERS);
    try {
      List<Future<Integer>> readers = new ArrayList<>();
      for (int r = 0; r < READERS; r++) {
        int reader = r;
        readers.add(pool.submit(() -> read(db, reader, writing, readersRunning)));
      }
      readersRunning.await(); // the writes start while every reader is reading
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        writers.add(pool.submit(() -> write(db, writer)));
      }
      for (Future<?> f : writers) {
        f.get();
      }
      writing.set(false);
      for (Future<Integer> f : readers) {
        assertTrue(f.get() > 0, "every reader checked at least once");
      }
    } finally {
      writing.set(false);
      pool.shutdownNow();
    }
    State end = stateOf(db, new ReadOptions());
    assertEquals(INITIAL * WRITERS * ACCOUNTS_PER_WRITER, end.sum);
    for (int w = 0; w < WRITERS; w++) {
      assertEquals(BATCHES_PER_WRITER, end.sequences[w]);
    }
  }

  private static Void write(DB db, int writer) throws Exception {
    Random random = new Random(writer);
    long totalMoved = 0;
    for (int i = 1; i <= BATCHES_PER_WRITER; i++) {
      int from = random.nextInt(ACCOUNTS_PER_WRITER);
      int to = (from + 1 + random.nextInt(ACCOUNTS_PER_WRITER - 1)) % ACCOUNTS_PER_WRITER;
      long amount = 1 + random.nextInt(50);
      long fromBalance = value(db.get(account(writer, from)));
      long toBalance = value(db.get(account(writer, to)));
      totalMoved += amount;
      try (WriteBatch batch = db.createWriteBatch()) {
        batch.put(account(writer, from), number(fromBalance - amount));
        batch.put(account(writer, to), number(toBalance + amount));
        batch.put(sequence(writer), number(i));
        batch.put(moved(writer), number(totalMoved));
        db.write(batch);
      }
    }
    return null;
  }

  /** Checks states until the writers are done (and at least a few times); returns the count. */
  private static int read(DB db, int reader, AtomicBoolean writing, CountDownLatch running)
      throws Exception {
    int checks = 0;
    running.countDown();
    while (writing.get() || checks < 3) {
      switch ((reader + checks) % 3) {
        case 0 -> {
          try (Snapshot snapshot = db.getSnapshot()) {
            ReadOptions at = new ReadOptions().snapshot(snapshot);
            State byGet = stateByGets(db, at);
            State byIterator = stateOf(db, at);
            check(byGet);
            check(byIterator);
            assertEquals(byGet, byIterator, "gets and iterator on one snapshot agree");
          }
        }
        case 1 -> check(stateOf(db, new ReadOptions()));
        default -> check(stateReversed(db));
      }
      checks++;
    }
    return checks;
  }

  private static void check(State s) {
    assertEquals(INITIAL * WRITERS * ACCOUNTS_PER_WRITER, s.sum, "sum over all accounts");
  }

  /** Account balances, sequence numbers and moved totals as one value for comparing. */
  private record State(long sum, long[] sequences) {
    @Override
    public boolean equals(Object o) {
      return o instanceof State s
          && s.sum == sum
          && java.util.Arrays.equals(s.sequences, sequences);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(sum) * 31 + java.util.Arrays.hashCode(sequences);
    }
  }

  private static State stateByGets(DB db, ReadOptions at) {
    long sum = 0;
    long[] sequences = new long[WRITERS];
    for (int w = 0; w < WRITERS; w++) {
      for (int a = 0; a < ACCOUNTS_PER_WRITER; a++) {
        sum += value(db.get(account(w, a), at));
      }
      sequences[w] = value(db.get(sequence(w), at));
    }
    return new State(sum, sequences);
  }

  private static State stateOf(DB db, ReadOptions at) throws Exception {
    long sum = 0;
    long[] sequences = new long[WRITERS];
    try (DBIterator it = db.iterator(at)) {
      for (it.seekToFirst(); it.hasNext(); ) {
        Map.Entry<byte[], byte[]> e = it.next();
        String key = s(e.getKey());
        if (key.startsWith("account/")) {
          sum += value(e.getValue());
        } else if (key.startsWith("seq/")) {
          sequences[key.charAt(4) - '0'] = value(e.getValue());
        }
      }
    }
    return new State(sum, sequences);
  }

  /** The same walk backwards (iq80 cannot move backwards, so it walks forwards). */
  private static State stateReversed(DB db) throws Exception {
    long sum = 0;
    try (DBIterator it = db.iterator()) {
      boolean reversible = !(db.getClass().getName().startsWith("org.iq80"));
      if (reversible) {
        it.seek(new byte[] {'b'}); // first key past "account/..."
        while (it.hasPrev()) {
          Map.Entry<byte[], byte[]> e = it.prev();
          sum += value(e.getValue());
        }
      } else {
        for (it.seekToFirst(); it.hasNext(); ) {
          Map.Entry<byte[], byte[]> e = it.next();
          if (s(e.getKey()).startsWith("account/")) {
            sum += value(e.getValue());
          }
        }
      }
    }
    return new State(sum, new long[WRITERS]);
  }

  private static byte[] account(int writer, int account) {
    return b("account/" + writer + "/" + account);
  }

  private static byte[] sequence(int writer) {
    return b("seq/" + writer);
  }

  private static byte[] moved(int writer) {
    return b("moved/" + writer);
  }

  private static byte[] number(long n) {
    return ByteBuffer.allocate(Long.BYTES).putLong(n).array();
  }

  private static long value(byte[] bytes) {
    return ByteBuffer.wrap(bytes).getLong();
  }
}
