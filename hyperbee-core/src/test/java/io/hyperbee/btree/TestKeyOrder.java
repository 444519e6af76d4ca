package io.hyperbee.btree;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Random;

/**
 * Custom key orders the tests run (here and in hyperbee-leveldown), each with the key variants
 * that make keys it calls equal differ in their bytes.
 */
public enum TestKeyOrder {
  REVERSE("test.reverse", (a, b) -> Arrays.compareUnsigned(b, a)),
  /** Compares from byte 4: keys differing only in their first 4 bytes are one key. */
  IGNORING_PREFIX("test.ignoring-prefix", (a, b) -> Arrays.compareUnsigned(
      a, Math.min(4, a.length), a.length, b, Math.min(4, b.length), b.length)),
  /** ASCII case-insensitive, inconsistent with equals: "k1" and "K1" are one key. */
  CASE_INSENSITIVE("test.case-insensitive", (a, b) -> latin1(a).compareToIgnoreCase(latin1(b)));

  private final String testName;
  private final Comparator<byte[]> order;

  TestKeyOrder(String testName, Comparator<byte[]> order) {
    this.testName = testName;
    this.order = order;
  }

  /** A name for the order (the LevelDB comparator name the leveldown tests give it). */
  public String testName() {
    return testName;
  }

  public Comparator<byte[]> order() {
    return order;
  }

  /** Whether keys it calls equal are equal bytes. */
  public boolean consistentWithEquals() {
    return this == REVERSE;
  }

  /** {@code key} or a variant of it that this order calls the same key. */
  public byte[] variant(byte[] key, Random rnd) {
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
