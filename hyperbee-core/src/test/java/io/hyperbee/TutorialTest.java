package io.hyperbee;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.hyperbee.btree.Batch;
import io.hyperbee.btree.BeeIterator;
import io.hyperbee.btree.DiffEntry;
import io.hyperbee.btree.Entry;
import io.hyperbee.btree.EntryWatcher;
import io.hyperbee.btree.HistoryEntry;
import io.hyperbee.btree.HistoryRange;
import io.hyperbee.btree.Hyperbee;
import io.hyperbee.btree.KeyRange;
import io.hyperbee.btree.TypedBee;
import io.hyperbee.btree.Watcher;
import io.hyperbee.encoding.Codecs;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runnable tour of the library, one step per test; the "Tour" in README.md is copied from here,
 * so it compiles as shown. Each step opens its own bee in a fresh directory.
 *
 * <p>Keys and values are bytes: a {@link Hyperbee} stores what it is given, sorted by unsigned
 * byte order, as JS Hyperbee with {@code keyEncoding: 'binary'}. {@link #typedView} shows the
 * codecs that turn strings and JSON into the very bytes the JS codecs write.
 */
class TutorialTest {
  @TempDir Path dir;

  static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  static String text(byte[] b) {
    return b == null ? null : new String(b, UTF_8);
  }

  /** README.md's "Tour" is this method's body (with {@code Path.of("data")} for {@code dir}). */
  @Test
  void readmeTour() {
    try (Hypercore core = Hypercore.open(dir, HypercoreOptions.defaults());
        Hyperbee bee = Hyperbee.open(core)) {
      bee.put(bytes("hello"), bytes("world")); // one signed block
      Entry e = bee.get(bytes("hello")); // seq, key, value (null when absent)
      long v = bee.version();
      try (Batch batch = bee.batch()) { // one atomic append
        batch.put(bytes("a"), bytes("1"));
        batch.del(bytes("hello"));
        batch.flush();
      }
      KeyRange range = KeyRange.all().gte(bytes("a")).lt(bytes("m")).reverse(true).limit(10);
      try (BeeIterator<Entry> it = bee.range(range)) {
        it.forEachRemaining(entry -> System.out.println(text(entry.key())));
      }
      try (Hyperbee old = bee.checkout(v)) { // read-only view of version v
        System.out.println(text(old.get(bytes("hello")).value()));
      }
      try (BeeIterator<DiffEntry> it = bee.diff(v, KeyRange.all())) { // left: now, right: v
        it.forEachRemaining(d -> System.out.println(d.left() + " was " + d.right()));
      }
      try (BeeIterator<HistoryEntry> it = bee.history(HistoryRange.all().reverse(true))) {
        it.forEachRemaining(h -> System.out.println(h.type() + " " + text(h.key())));
      }
      Hyperbee users = bee.sub(bytes("users")); // keys stored as "users" 0x00 key
      users.put(bytes("alice"), bytes("admin"));
      TypedBee<String, JsonNode> typed = bee.typed(Codecs.UTF8, Codecs.JSON);
      typed.put("config", JsonNodeFactory.instance.objectNode().put("max", 10));
      System.out.println(typed.get("config").value()); // {"max":10}
      try (Watcher<Hyperbee> watcher = bee.watch(KeyRange.all().gte(bytes("a")).lt(bytes("b")))) {
        bee.put(bytes("a"), bytes("2")); // from any thread, or a peer's verified append
        Watcher.Change<Hyperbee> change = watcher.poll(10, TimeUnit.SECONDS); // null on timeout
        try (BeeIterator<DiffEntry> it = change.diff()) { // left: current, right: previous
          it.forEachRemaining(d -> System.out.println(d.left() + " was " + d.right()));
        }
      }
      try (EntryWatcher<Entry> a = bee.getAndWatch(bytes("a"))) {
        System.out.println(text(a.node().value())); // 2
        bee.put(bytes("a"), bytes("3"));
        a.awaitUpdate(10, TimeUnit.SECONDS); // true: a.node() is the new entry
      }
    }
    // reopen: the same directory gives the same signed core, still writable
    try (Hypercore core = Hypercore.open(dir, HypercoreOptions.defaults());
        Hyperbee bee = Hyperbee.open(core)) {
      System.out.println(text(bee.get(bytes("a")).value()));
    }
    try (Hypercore core = Hypercore.open(dir, HypercoreOptions.defaults())) {
      assertEquals(8, core.length()); // header, hello, a, del hello, users\0alice, config, a, a
    }
  }

  /** A watcher tells each change of a key range; getAndWatch keeps one key's entry current. */
  @Test
  void watchAndGetAndWatch() {
    try (Hypercore core = Hypercore.open(dir, HypercoreOptions.defaults());
        Hyperbee bee = Hyperbee.open(core)) {
      bee.put(bytes("a"), bytes("1"));
      try (Watcher<Hyperbee> watcher = bee.watch(KeyRange.all().gte(bytes("a")).lt(bytes("b")))) {
        bee.put(bytes("z"), bytes("outside the range")); // not a change of this watcher
        bee.put(bytes("a"), bytes("2"));
        Watcher.Change<Hyperbee> change = watcher.poll(10, TimeUnit.SECONDS);
        assertEquals("2", text(change.current().get(bytes("a")).value())); // a snapshot of now
        assertEquals("1", text(change.previous().get(bytes("a")).value())); // of the last change
        try (BeeIterator<DiffEntry> it = change.diff()) {
          DiffEntry d = it.next();
          assertEquals("2", text(d.left().value()));
          assertEquals("1", text(d.right().value()));
        }
      }
      try (EntryWatcher<Entry> a = bee.getAndWatch(bytes("a"))) {
        assertEquals("2", text(a.node().value()));
        bee.del(bytes("a"));
        assertTrue(a.awaitUpdate(10, TimeUnit.SECONDS));
        assertNull(a.node()); // deleted
      }
    }
  }

  /** Opens (creating on first use) the core in {@code dir} and the bee on top. */
  @Test
  void openPutGet() {
    // A Hypercore in a directory: created with a fresh key pair on first open, reopened later.
    // The bee does not own the core: close both (try-with-resources closes the bee first).
    try (Hypercore core = Hypercore.open(dir, HypercoreOptions.defaults());
        Hyperbee bee = Hyperbee.open(core)) {
      bee.put(bytes("hello"), bytes("world")); // one signed block, durable when put returns
      Entry e = bee.get(bytes("hello"));
      assertEquals("world", text(e.value()));
      assertEquals(1, e.seq()); // block 0 is the header, written by the first write
      assertEquals(2, bee.version()); // JS db.version: the core's length
      assertNull(bee.get(bytes("absent")));

      bee.del(bytes("hello")); // appends a deletion block
      assertNull(bee.get(bytes("hello")));
      assertEquals(3, core.length());
    }
  }

  /** A batch appends all its writes at once; until flush only the batch sees them. */
  @Test
  void batch() {
    try (Hypercore core = Hypercore.open(dir, HypercoreOptions.defaults());
        Hyperbee bee = Hyperbee.open(core)) {
      try (Batch batch = bee.batch()) {
        batch.put(bytes("a"), bytes("1"));
        batch.put(bytes("b"), bytes("2"));
        batch.del(bytes("a"));
        assertEquals("2", text(batch.get(bytes("b")).value())); // the batch reads its own writes
        assertNull(bee.get(bytes("b"))); // the bee does not, yet
        batch.flush(); // one atomic append (header + 3 blocks)
      }
      assertEquals("2", text(bee.get(bytes("b")).value()));
      assertEquals(4, core.length());
    }
  }

  /** Ranges take bounds (gt/gte, lt/lte), a direction and a limit, as JS createReadStream. */
  @Test
  void range() {
    try (Hypercore core = Hypercore.open(dir, HypercoreOptions.defaults());
        Hyperbee bee = Hyperbee.open(core)) {
      for (String k : List.of("a", "b", "c", "d", "e")) {
        bee.put(bytes(k), bytes(k.toUpperCase()));
      }
      List<String> keys = new ArrayList<>();
      KeyRange range = KeyRange.all().gte(bytes("b")).lt(bytes("e")).reverse(true).limit(2);
      try (BeeIterator<Entry> it = bee.range(range)) {
        it.forEachRemaining(e -> keys.add(text(e.key())));
      }
      assertEquals(List.of("d", "c"), keys);
      assertEquals("a", text(bee.peek(KeyRange.all()).key())); // the first entry of a range
    }
  }

  /** A checkout is a read-only view of an older version; diff and history compare versions. */
  @Test
  void checkoutDiffHistory() {
    try (Hypercore core = Hypercore.open(dir, HypercoreOptions.defaults());
        Hyperbee bee = Hyperbee.open(core)) {
      bee.put(bytes("a"), bytes("1"));
      bee.put(bytes("b"), bytes("1"));
      long v = bee.version(); // 3
      bee.put(bytes("b"), bytes("2"));
      bee.del(bytes("a"));

      try (Hyperbee old = bee.checkout(v)) {
        assertEquals("1", text(old.get(bytes("a")).value()));
        assertEquals("1", text(old.get(bytes("b")).value()));
      }

      // what changed since v: left = this bee, right = version v (null where absent)
      List<String> changes = new ArrayList<>();
      try (BeeIterator<DiffEntry> it = bee.diff(v, KeyRange.all())) {
        it.forEachRemaining(d -> changes.add(
            (d.left() == null ? "-" : text(d.left().value())) + "/"
                + (d.right() == null ? "-" : text(d.right().value()))));
      }
      assertEquals(List.of("-/1", "2/1"), changes); // a deleted, b changed

      // every write in block order; bounds are seqs (negative ones count back from the version)
      List<String> writes = new ArrayList<>();
      try (BeeIterator<HistoryEntry> it = bee.history(HistoryRange.all().gte(-2))) {
        it.forEachRemaining(h -> writes.add(h.type() + " " + text(h.key()) + "@" + h.seq()));
      }
      assertEquals(List.of("PUT b@3", "DEL a@4"), writes);
    }
  }

  /** A sub stores its keys under {@code prefix + 0x00} and strips the prefix when reading. */
  @Test
  void sub() {
    try (Hypercore core = Hypercore.open(dir, HypercoreOptions.defaults());
        Hyperbee bee = Hyperbee.open(core)) {
      Hyperbee users = bee.sub(bytes("users"));
      users.put(bytes("alice"), bytes("admin"));
      assertEquals("alice", text(users.get(bytes("alice")).key()));
      assertEquals("admin", text(bee.get(bytes("users\0alice")).value())); // same entry
      assertNull(bee.get(bytes("alice")));
    }
  }

  /** A typed view encodes keys and values with the codecs JS names utf-8 and json. */
  @Test
  void typedView() throws Exception {
    try (Hypercore core = Hypercore.open(dir, HypercoreOptions.defaults());
        Hyperbee bee = Hyperbee.open(core)) {
      TypedBee<String, JsonNode> config = bee.typed(Codecs.UTF8, Codecs.JSON);
      config.put("limits", new ObjectMapper().readTree("{\"max\": 10.0, \"names\": [\"x\"]}"));
      assertEquals(10, config.get("limits").value().get("max").intValue());
      // stored as JSON.stringify writes it
      assertEquals("{\"max\":10,\"names\":[\"x\"]}", text(bee.get(bytes("limits")).value()));
    }
  }

  /** Everything is on disk: reopening the directory gives the same signed core and bee. */
  @Test
  void reopen() {
    byte[] key;
    try (Hypercore core = Hypercore.open(dir, HypercoreOptions.defaults());
        Hyperbee bee = Hyperbee.open(core)) {
      bee.put(bytes("kept"), bytes("yes"));
      key = core.key();
    }
    try (Hypercore core = Hypercore.open(dir, HypercoreOptions.defaults());
        Hyperbee bee = Hyperbee.open(core)) {
      assertArrayEquals(key, core.key()); // same public key, same key pair: still writable
      assertTrue(core.writable());
      assertEquals("yes", text(bee.get(bytes("kept")).value()));
      bee.put(bytes("more"), bytes("ok"));
      assertEquals(3, bee.version());
    }
  }
}
