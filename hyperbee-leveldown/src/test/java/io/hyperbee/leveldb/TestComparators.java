package io.hyperbee.leveldb;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Random;
import org.iq80.leveldb.DBComparator;

/**
 * Custom comparators the suites run on every factory, each with the key variants that make keys
 * it calls equal differ in their bytes (LevelDB then treats them as one key).
 */
enum TestComparators {
  REVERSE("test.reverse", (a, b) -> Arrays.compareUnsigned(b, a)),
  /** Compares from byte 4: keys differing only in their first 4 bytes are one key. */
  IGNORING_PREFIX("test.ignoring-prefix", (a, b) -> Arrays.compareUnsigned(
      a, Math.min(4, a.length), a.length, b, Math.min(4, b.length), b.length)),
  /** ASCII case-insensitive, inconsistent with equals: "k1" and "K1" are one key. */
  CASE_INSENSITIVE("test.case-insensitive", (a, b) -> latin1(a).compareToIgnoreCase(latin1(b)));

  private final String name;
  private final Comparator<byte[]> order;

  TestComparators(String name, Comparator<byte[]> order) {
    this.name = name;
    this.order = order;
  }

  Comparator<byte[]> order() {
    return order;
  }

  /** A new DBComparator of this order (LevelDB's shortening hooks answer with their input). */
  DBComparator comparator() {
    return named(name);
  }

  /** This order under another name. */
  DBComparator named(String otherName) {
    return new DBComparator() {
      @Override
      public String name() {
        return otherName;
      }

      @Override
      public byte[] findShortestSeparator(byte[] start, byte[] limit) {
        return start;
      }

      @Override
      public byte[] findShortSuccessor(byte[] key) {
        return key;
      }

      @Override
      public int compare(byte[] a, byte[] b) {
        return order.compare(a, b);
      }
    };
  }

  /**
   * Whether keys it calls equal are equal bytes. iq80 0.12 needs that: its memtable's get matches
   * the entry it finds by byte equality, so a get of "apple" misses "Apple" (LevelDB finds it).
   */
  boolean consistentWithEquals() {
    return this == REVERSE;
  }

  /** {@code key} or a variant of it that this order calls the same key. */
  byte[] variant(byte[] key, Random rnd) {
    return switch (this) {
      case REVERSE -> key;
      case IGNORING_PREFIX -> {
        byte[] k = new byte[4 + key.length];
        Arrays.fill(k, 0, 4, (byte) "a\u00ff0".charAt(rnd.nextInt(3)));
        System.arraycopy(key, 0, k, 4, key.length);
        yield k;
      }
      case CASE_INSENSITIVE -> rnd.nextBoolean()
          ? key
          : latin1(key).toUpperCase(Locale.ROOT).getBytes(StandardCharsets.ISO_8859_1);
    };
  }

  private static String latin1(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }
}
