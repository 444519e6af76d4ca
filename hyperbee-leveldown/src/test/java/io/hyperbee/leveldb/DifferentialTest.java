package io.hyperbee.leveldb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hyperbee.btree.TestKeyOrder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.Random;
import java.util.stream.Stream;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.ReadOptions;
import org.iq80.leveldb.Snapshot;
import org.iq80.leveldb.WriteBatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same random operation sequences (put, delete, write batches, snapshots, gets, iterators
 * seeking and stepping both ways) on iq80, leveldbjni and Hyperbee through the LevelDB API, every
 * result compared (issue 12). An operation a peer does not support (iq80 has no backward
 * iteration) is compared between the others only; a failure is compared by exception class
 * between leveldbjni and Hyperbee, which throw alike. Run in the default order and with custom
 * comparators (issue 17): reversing, ignoring a prefix, and case-insensitive (inconsistent with
 * equals), with keys that the order calls equal but that differ in their bytes.
 */
class DifferentialTest extends ConformanceSupport {
  private static final HexFormat HEX = HexFormat.of();
  private static final int OPS = 3_000;
  private static final String UNSUPPORTED = "unsupported";

  /** One peer's database and its open snapshots and iterator. */
  private final class Side {
    final Peer peer;
    final DB db;
    final List<Snapshot> snapshots = new ArrayList<>();
    DBIterator iterator;
    /**
     * The peer's iterator position is no longer comparable until the next seek: iq80 could not
     * follow a step (no backward movement), or leveldbjni ran hasPrev/peekPrev after the DB was
     * written (it then stands one entry back: see iteratorStep).
     */
    boolean iteratorLost;
    /** Answers not compared: iq80 under an order inconsistent with equals (see TestComparators). */
    final boolean unreliable;
    /** The DB was written since the version the iterator reads (its creation or snapshot). */
    boolean writtenSinceIterator;
    /** Per snapshot: the DB was written since it was taken. */
    final List<Boolean> writtenSinceSnapshot = new ArrayList<>();

    void written() {
      writtenSinceIterator = true;
      writtenSinceSnapshot.replaceAll(w -> true);
    }

    Side(Peer peer, TestKeyOrder order) throws IOException {
      this.peer = peer;
      this.unreliable = peer == Peer.IQ80 && order != null && !order.consistentWithEquals();
      this.db = open(
          peer, newDir(), new Options().comparator(order == null ? null : TestComparators.of(order)));
    }

    ReadOptions read(int snapshot) {
      ReadOptions o = new ReadOptions();
      return snapshot < 0 ? o : o.snapshot(snapshots.get(snapshot));
    }

    void closeIterator() throws IOException {
      if (iterator != null) {
        iterator.close();
        iterator = null;
      }
    }
  }

  /**
   * The oracle: the database as a sorted map of hex strings (hex order is unsigned byte order; a
   * custom order compares the bytes). A put replaces an equal key's bytes, as LevelDB's newest
   * entry for a key shadows the older ones.
   */
  private static final class Model {
    final TreeMap<String, String> live;
    final List<TreeMap<String, String>> snapshots = new ArrayList<>();
    NavigableMap<String, String> view;
    /** The key the iterator stands on, null past the end. */
    String pos;

    Model(TestKeyOrder order) {
      live = order == null
          ? new TreeMap<>()
          : new TreeMap<>((a, b) -> order.order().compare(HEX.parseHex(a), HEX.parseHex(b)));
    }

    void put(String key, String value) {
      live.remove(key);
      live.put(key, value);
    }

    NavigableMap<String, String> at(int snapshot) {
      return snapshot < 0 ? live : snapshots.get(snapshot);
    }

    String step(int step, byte[] key) {
      switch (step) {
        case 0 -> pos = view.ceilingKey(hex(key));
        case 1 -> pos = view.isEmpty() ? null : view.firstKey();
        case 2 -> pos = view.isEmpty() ? null : view.lastKey();
        case 3 -> {
          return String.valueOf(pos != null);
        }
        case 4 -> {
          return String.valueOf(before() != null);
        }
        case 5 -> {
          if (pos == null) {
            return "at end";
          }
          String e = entry(pos);
          pos = view.higherKey(pos);
          return e;
        }
        case 6 -> {
          if (before() == null) {
            return "at start";
          }
          pos = before();
          return entry(pos);
        }
        case 7 -> {
          return pos == null ? "at end" : entry(pos);
        }
        default -> {
          return before() == null ? "at start" : entry(before());
        }
      }
      return "ok";
    }

    /** leveldbjni's model, which Hyperbee follows: nothing is before "past the end". */
    private String before() {
      return pos == null ? null : view.lowerKey(pos);
    }

    private String entry(String k) {
      return k + "=" + view.get(k);
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1L, 7L, 42L, 20261204L})
  void iq80LeveldbjniAndHyperbeeAnswerAlike(long seed) throws IOException {
    run(seed, null);
  }

  static Stream<Arguments> ordersAndSeeds() {
    return Stream.of(TestKeyOrder.values())
        .flatMap(o -> Stream.of(Arguments.of(o, 3L), Arguments.of(o, 20261204L)));
  }

  @ParameterizedTest
  @MethodSource("ordersAndSeeds")
  void iq80LeveldbjniAndHyperbeeAnswerAlikeWithACustomComparator(TestKeyOrder order, long seed)
      throws IOException {
    run(seed, order);
  }

  private void run(long seed, TestKeyOrder order) throws IOException {
    Random rnd = new Random(seed);
    List<Side> sides = new ArrayList<>();
    for (Peer p : Peer.values()) {
      sides.add(new Side(p, order));
    }
    int keySpace = 20 + rnd.nextInt(400);
    Model model = new Model(order);
    KeyMaker key = (r, space) -> order == null ? key(r, space) : order.variant(key(r, space), r);
    try {
      for (int op = 0; op < OPS; op++) {
        String what = (order == null ? "" : order + " ") + "seed " + seed + " op " + op;
        int kind = rnd.nextInt(100);
        int snapshotCount = sides.get(0).snapshots.size();
        int snapshot = snapshotCount > 0 && rnd.nextBoolean() ? rnd.nextInt(snapshotCount) : -1;
        if (kind < 25) {
          byte[] k = key.key(rnd, keySpace);
          byte[] v = value(rnd);
          model.put(hex(k), hex(v));
          compare(sides, what + " put", "ok", s -> {
            s.written();
            s.db.put(k, v);
            return "ok";
          });
        } else if (kind < 35) {
          byte[] k = key.key(rnd, keySpace);
          model.live.remove(hex(k));
          compare(sides, what + " delete", "ok", s -> {
            s.written();
            s.db.delete(k);
            return "ok";
          });
        } else if (kind < 45) {
          List<Object[]> ops = new ArrayList<>();
          int n = 1 + rnd.nextInt(rnd.nextInt(5) == 0 ? 200 : 10);
          for (int i = 0; i < n; i++) {
            ops.add(new Object[] {key.key(rnd, keySpace), rnd.nextInt(3) == 0 ? null : value(rnd)});
          }
          for (Object[] o : ops) {
            if (o[1] == null) {
              model.live.remove(hex((byte[]) o[0]));
            } else {
              model.put(hex((byte[]) o[0]), hex((byte[]) o[1]));
            }
          }
          compare(sides, what + " write batch of " + n, "ok", s -> {
            s.written();
            try (WriteBatch batch = s.db.createWriteBatch()) {
              for (Object[] o : ops) {
                if (o[1] == null) {
                  batch.delete((byte[]) o[0]);
                } else {
                  batch.put((byte[]) o[0], (byte[]) o[1]);
                }
              }
              s.db.write(batch);
            }
            return "ok";
          });
        } else if (kind < 50) {
          boolean release = snapshotCount > 2 || (snapshotCount > 0 && rnd.nextBoolean());
          int which = release ? rnd.nextInt(snapshotCount) : -1;
          if (release) {
            model.view = null;
            model.snapshots.remove(which);
          } else {
            model.snapshots.add(new TreeMap<>(model.live));
          }
          compare(sides, what + (release ? " release snapshot" : " snapshot"), "ok", s -> {
            if (release) {
              s.closeIterator(); // it may read through this snapshot
              s.snapshots.remove(which).close();
              s.writtenSinceSnapshot.remove(which);
            } else {
              s.snapshots.add(s.db.getSnapshot());
              s.writtenSinceSnapshot.add(false);
            }
            return "ok";
          });
        } else if (kind < 70) {
          byte[] k = key.key(rnd, keySpace);
          String expected = String.valueOf(model.at(snapshot).get(hex(k)));
          compare(sides, what + " get at snapshot " + snapshot, expected,
              s -> hex(s.db.get(k, s.read(snapshot))));
        } else if (kind < 76) {
          // a new leveldbjni iterator stands nowhere until a seek (a documented difference, see
          // IteratorConformanceTest.newIteratorPosition): code that seeks first works the same
          byte[] k = key.key(rnd, keySpace);
          int seek = rnd.nextInt(3);
          // the model iterator of a live DB reads a copy: a DB iterator reads a fixed version
          model.view = snapshot < 0 ? new TreeMap<>(model.live) : model.at(snapshot);
          String expected = model.step(seek, k);
          compare(sides, what + " new iterator at snapshot " + snapshot + ", seek " + seek,
              expected, s -> {
            s.closeIterator();
            s.iteratorLost = false;
            s.writtenSinceIterator = snapshot >= 0 && s.writtenSinceSnapshot.get(snapshot);
            s.iterator = s.db.iterator(s.read(snapshot));
            return iteratorStep(s.iterator, seek, k);
          });
        } else {
          if (model.view == null) {
            continue;
          }
          byte[] k = key.key(rnd, keySpace);
          int step = rnd.nextInt(9);
          String expected = model.step(step, k);
          Side jni = sides.get(Peer.JNI.ordinal());
          if (step == 4 || step == 6 || step == 8) {
            // leveldbjni (LevelDB 1.x) moving back while newer writes than its iterator's version
            // exist can answer with an older entry (seen here, reported; Hyperbee follows the
            // model)
            jni.iteratorLost |= jni.writtenSinceIterator;
          }
          compare(sides, what + " iterator step " + step, expected, s -> {
            if (step <= 2 && s.peer != Peer.IQ80 || step <= 1) {
              s.iteratorLost = s.peer == Peer.JNI && s.writtenSinceIterator && step == 2;
            }
            return iteratorStep(s.iterator, step, k);
          });
        }
      }
    } finally {
      for (Side s : sides) {
        s.closeIterator();
        for (Snapshot snap : s.snapshots) {
          snap.close();
        }
      }
    }
  }

  private static String iteratorStep(DBIterator it, int step, byte[] key) {
    switch (step) {
      case 0 -> it.seek(key);
      case 1 -> it.seekToFirst();
      case 2 -> it.seekToLast();
      case 3 -> {
        return String.valueOf(it.hasNext());
      }
      case 4 -> {
        return String.valueOf(it.hasPrev());
      }
      // stepping off either end is undefined in leveldbjni (a JVM crash): ask first, as callers must
      case 5 -> {
        return it.hasNext() ? entry(it.next()) : "at end";
      }
      case 6 -> {
        return it.hasPrev() ? entry(it.prev()) : "at start";
      }
      case 7 -> {
        return it.hasNext() ? entry(it.peekNext()) : "at end";
      }
      default -> {
        return it.hasPrev() ? entry(it.peekPrev()) : "at start";
      }
    }
    return "ok";
  }

  private interface KeyMaker {
    byte[] key(Random rnd, int keySpace);
  }

  private interface Call {
    String apply(Side side) throws Exception;
  }

  /** The last operations and their outcomes, for a failure's message. */
  private final java.util.ArrayDeque<String> trail = new java.util.ArrayDeque<>();

  /**
   * Runs {@code call} on every side: Hyperbee must give {@code expected} (the model's answer),
   * and so must leveldbjni and iq80 unless their iterator position was lost (see Side).
   */
  private void compare(List<Side> sides, String what, String expected, Call call) {
    boolean[] lost = new boolean[sides.size()];
    List<String> outcomes = new ArrayList<>();
    for (Side s : sides) {
      lost[s.peer.ordinal()] = s.iteratorLost;
      outcomes.add(outcome(s, call));
    }
    trail.addLast(what + " -> " + outcomes + ", model " + expected);
    if (trail.size() > 15) {
      trail.removeFirst();
    }
    for (Side s : sides) {
      String got = outcomes.get(s.peer.ordinal());
      if (got.equals(UNSUPPORTED)) {
        s.iteratorLost = true;
      } else if (s.peer == Peer.HYPERBEE || !(lost[s.peer.ordinal()] || s.unreliable)) {
        assertEquals(expected, got, () -> what + ": " + s.peer + " vs the model; last operations"
            + " (iq80, leveldbjni, Hyperbee):\n  " + String.join("\n  ", trail));
      }
    }
  }

  private static String outcome(Side s, Call call) {
    try {
      return call.apply(s);
    } catch (UnsupportedOperationException e) {
      return s.peer == Peer.IQ80 ? UNSUPPORTED : "threw " + e.getClass().getSimpleName();
    } catch (Exception e) {
      return "threw " + e.getClass().getSimpleName();
    }
  }

  private static String entry(Map.Entry<byte[], byte[]> e) {
    return hex(e.getKey()) + "=" + hex(e.getValue());
  }

  private static String hex(byte[] b) {
    return b == null ? "null" : HEX.formatHex(b);
  }

  private static byte[] key(Random rnd, int keySpace) {
    int k = rnd.nextInt(keySpace);
    return k % 11 == 0 ? new byte[] {(byte) k, (byte) 0xff} : b(String.format("k%04d", k));
  }

  private static byte[] value(Random rnd) {
    byte[] v = new byte[rnd.nextInt(5) == 0 ? 0 : 1 + rnd.nextInt(20)];
    rnd.nextBytes(v);
    return v;
  }
}
