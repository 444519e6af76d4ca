package io.hyperbee.leveldb;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Options;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared fixtures of the conformance suites: a scratch directory, databases closed after each test,
 * and small helpers to write keys as strings and read iterators back as strings.
 */
abstract class ConformanceSupport {
  @TempDir Path tmp;

  private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
  private int dirs;

  @AfterEach
  void closeAll() throws Exception {
    while (!toClose.isEmpty()) {
      toClose.pop().close();
    }
  }

  /** A fresh directory path (not created). */
  File newDir() {
    return tmp.resolve("db" + dirs++).toFile();
  }

  DB open(Peer peer) throws IOException {
    return open(peer, newDir(), new Options());
  }

  DB open(Peer peer, File dir, Options options) throws IOException {
    return track(peer.factory().open(dir, options));
  }

  <T extends AutoCloseable> T track(T resource) {
    toClose.push(resource);
    return resource;
  }

  /** The exception type leveldbjni (and Hyperbee) throw, or the one iq80 throws. */
  static Class<? extends Throwable> pick(
      Peer peer, Class<? extends Throwable> jniLike, Class<? extends Throwable> iq80) {
    return peer.jniLike() ? jniLike : iq80;
  }

  static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  static String s(byte[] bytes) {
    return bytes == null ? null : new String(bytes, UTF_8);
  }

  static String key(Map.Entry<byte[], byte[]> e) {
    return s(e.getKey());
  }

  /** Puts each key with its upper-cased value. */
  static void putAll(DB db, String... keys) {
    for (String k : keys) {
      db.put(b(k), b(k.toUpperCase()));
    }
  }

  /** The keys from the iterator's position to its end. */
  static List<String> rest(DBIterator it) {
    List<String> keys = new ArrayList<>();
    while (it.hasNext()) {
      keys.add(key(it.next()));
    }
    return keys;
  }

  /** Every key of the database in iteration order, starting with an explicit seekToFirst. */
  static List<String> keys(DB db) throws IOException {
    try (DBIterator it = db.iterator()) {
      it.seekToFirst();
      return rest(it);
    }
  }
}
