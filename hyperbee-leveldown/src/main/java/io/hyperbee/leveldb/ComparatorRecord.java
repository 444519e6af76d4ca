package io.hyperbee.leveldb;

import io.hyperbee.btree.Header;
import io.hyperbee.btree.Hyperbee;
import io.hyperbee.btree.Metadata;
import io.hyperbee.encoding.JsJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.iq80.leveldb.DBComparator;

/**
 * The name of a database's comparator, kept as LevelDB keeps it in its MANIFEST: recorded when
 * the database is created and checked on every open, which a comparator of another name (or none)
 * fails with LevelDB's own status. A custom comparator's name goes into the bee's header metadata,
 * as {@code userData} holding the JSON {@code {"leveldbComparator": name}} (readable as such by a
 * JS reader); a database created without one records nothing, so its header stays byte-identical
 * to JS's, and its comparator is LevelDB's default, {@value #DEFAULT}.
 */
final class ComparatorRecord {
  /** LevelDB's name for its default comparator, unsigned byte order. */
  static final String DEFAULT = "leveldb.BytewiseComparator";

  private static final String FIELD = "leveldbComparator";

  private ComparatorRecord() {}

  /** The header metadata recording {@code comparator}, or null for the default (none given). */
  static Metadata metadata(DBComparator comparator) {
    if (comparator == null) {
      return null;
    }
    String json = JsJson.stringify(Map.of(FIELD, comparator.name()));
    return new Metadata(null, json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Refuses to open {@code bee} with {@code comparator} (null: the default) when the database
   * records another name. A database that {@code exists} with an empty core was created without
   * a comparator (a creator with one writes the header before the database's marker).
   */
  static void check(Hyperbee bee, boolean exists, DBComparator comparator) throws IOException {
    String given = comparator == null ? DEFAULT : comparator.name();
    String stored = recorded(bee.getHeader(), exists);
    if (stored != null && !stored.equals(given)) {
      throw LevelDbStatus.invalidArgument(stored + " does not match existing comparator ", given);
    }
  }

  /** The recorded name: the default when the header records none, null when nothing is stored. */
  private static String recorded(Header header, boolean exists) {
    if (header == null) {
      return exists ? DEFAULT : null;
    }
    byte[] userData = header.metadata() == null ? null : header.metadata().userData();
    if (userData == null) {
      return DEFAULT;
    }
    Object json;
    try {
      json = JsJson.parse(new String(userData, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException notJson) {
      return DEFAULT; // another application's metadata: no comparator recorded
    }
    return json instanceof Map<?, ?> m && m.get(FIELD) instanceof String name ? name : DEFAULT;
  }
}
