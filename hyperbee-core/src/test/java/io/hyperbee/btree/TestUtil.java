package io.hyperbee.btree;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/** Small helpers shared by the B-tree tests. */
final class TestUtil {
  private TestUtil() {}

  static byte[] b(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }

  static String s(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  static <T> List<T> collect(Iterator<T> it) {
    List<T> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  /** "key=value" strings of entries, for readable assertions. */
  static List<String> kv(Iterator<Entry> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(e -> out.add(s(e.key()) + "=" + s(e.value())));
    return out;
  }

  static List<String> keys(Iterator<Entry> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(e -> out.add(s(e.key())));
    return out;
  }

  static byte[] hexBytes(String hex) {
    return HexFormat.of().parseHex(hex);
  }
}
