package io.hyperbee.leveldb;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBFactory;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.ReadOptions;
import org.iq80.leveldb.Snapshot;
import org.iq80.leveldb.WriteBatch;
import org.iq80.leveldb.WriteOptions;

/**
 * Ordinary LevelDB client code, written once against the org.iq80.leveldb API: it knows only the
 * {@link DBFactory} it is given. It keeps an inventory, takes a snapshot for a report, reopens the
 * database and returns a transcript of everything it read.
 */
final class LevelDbClient {
  private final DBFactory factory;

  LevelDbClient(DBFactory factory) {
    this.factory = factory;
  }

  List<String> run(File dir) throws IOException {
    List<String> transcript = new ArrayList<>();
    Options options = new Options().createIfMissing(true);
    try (DB db = factory.open(dir, options)) {
      for (String fruit : new String[] {"apple", "banana", "cherry", "damson", "elder"}) {
        db.put(bytes("stock/" + fruit), bytes(Integer.toString(fruit.length() * 10)));
      }
      db.put(bytes("meta/owner"), bytes("alice"), new WriteOptions().sync(true));

      try (Snapshot before = db.getSnapshot()) {
        try (WriteBatch sale = db.createWriteBatch()) {
          sale.put(bytes("stock/apple"), bytes("45"));
          sale.delete(bytes("stock/banana"));
          sale.put(bytes("sales/0001"), bytes("apple:5,banana:60"));
          db.write(sale);
        }
        transcript.add("before sale: " + scan(db, new ReadOptions().snapshot(before), "stock/"));
        transcript.add(
            "apple then: "
                + text(db.get(bytes("stock/apple"), new ReadOptions().snapshot(before))));
      }
      transcript.add("after sale: " + scan(db, new ReadOptions(), "stock/"));
      transcript.add("sales: " + scan(db, new ReadOptions(), "sales/"));
      db.delete(bytes("stock/elder"));
    }

    try (DB db = factory.open(dir, new Options().createIfMissing(false))) {
      transcript.add("reopened: " + scan(db, new ReadOptions(), ""));
      transcript.add("owner: " + text(db.get(bytes("meta/owner"))));
      transcript.add("missing: " + text(db.get(bytes("stock/banana"))));
    }
    return transcript;
  }

  /** key=value pairs of every key starting with {@code prefix}, using seek. */
  private static String scan(DB db, ReadOptions read, String prefix) throws IOException {
    List<String> out = new ArrayList<>();
    try (DBIterator it = db.iterator(read)) {
      for (it.seek(bytes(prefix)); it.hasNext(); ) {
        Map.Entry<byte[], byte[]> e = it.next();
        String key = text(e.getKey());
        if (!key.startsWith(prefix)) {
          break;
        }
        out.add(key + "=" + text(e.getValue()));
      }
    }
    return String.join(",", out);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  private static String text(byte[] b) {
    return b == null ? "null" : new String(b, UTF_8);
  }
}
