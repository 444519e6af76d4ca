package io.hyperbee.btree;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Key comparison under a bee's key order, null meaning unsigned bytes (JS's order). The default
 * is compared here directly rather than through a {@code Comparator}, so the hot paths of a
 * default bee make no call through an interface.
 */
final class KeyOrder {
  private KeyOrder() {}

  static int compare(Comparator<byte[]> order, byte[] a, byte[] b) {
    return order == null ? Arrays.compareUnsigned(a, b) : order.compare(a, b);
  }

  /** The order as a comparator (unsigned bytes for null), for code off the hot paths. */
  static Comparator<byte[]> orDefault(Comparator<byte[]> order) {
    return order == null ? Arrays::compareUnsigned : order;
  }
}
