package io.hyperbee.leveldb;

import io.hyperbee.btree.TestKeyOrder;
import org.iq80.leveldb.DBComparator;

/**
 * hyperbee-core's test key orders as LevelDB comparators. iq80 0.12 needs an order consistent with
 * equals ({@link TestKeyOrder#consistentWithEquals()}): its memtable's get matches the entry it
 * finds by byte equality, so a get of "apple" misses "Apple" (LevelDB finds it).
 */
final class TestComparators {
  private TestComparators() {}

  /** {@code order} under its test name. */
  static DBComparator of(TestKeyOrder order) {
    return named(order, order.testName());
  }

  /** {@code order} under {@code name} (LevelDB's shortening hooks answer with their input). */
  static DBComparator named(TestKeyOrder order, String name) {
    return new DBComparator() {
      @Override
      public String name() {
        return name;
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
        return order.order().compare(a, b);
      }
    };
  }
}
