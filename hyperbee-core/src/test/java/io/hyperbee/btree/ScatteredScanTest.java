package io.hyperbee.btree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.crypto.KeyPair;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Range scans of a bee whose keys were written in random order, so that consecutive keys live in
 * blocks far apart and scans read ahead in batches of scattered blocks ({@code
 * ScatteredReadAhead}): they return exactly the model's entries for any bounds, limit and
 * direction; a damaged block is reported when the scan reaches it, never before (a batch that
 * holds it past the range's end does not fail the range) and never returned.
 */
class ScatteredScanTest {
  private static final int KEYS = 3000;

  @TempDir Path tmp;
  private Path dir;
  private final NavigableMap<String, String> model = new TreeMap<>();

  private static HypercoreOptions options() {
    return HypercoreOptions.builder().keyPair(KeyPair.fromSeed(new byte[32])).build();
  }

  private static byte[] key(int i) {
    return String.format("key-%06d", i).getBytes(StandardCharsets.UTF_8);
  }

  private static String value(int i) {
    return "value " + i + " " + "x".repeat(i % 40);
  }

  @BeforeEach
  void build() {
    dir = tmp.resolve("core");
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(18));
    try (Hypercore core = Hypercore.open(dir, options()); Hyperbee bee = Hyperbee.open(core)) {
      for (int start = 0; start < KEYS; start += 100) {
        try (Batch b = bee.batch()) {
          for (int i : order.subList(start, start + 100)) {
            b.put(key(i), value(i).getBytes(StandardCharsets.UTF_8));
            model.put(new String(key(i), StandardCharsets.UTF_8), value(i));
          }
          b.flush();
        }
      }
    }
  }

  @Test
  void scansMatchTheModelForAnyBoundsLimitAndDirection() {
    Random random = new Random(7);
    try (Hypercore core = Hypercore.open(dir, options());
        Hyperbee bee = Hyperbee.open(core, BeeOptions.builder().cacheSize(64).build())) {
      assertEquals(expected(model, -1), scan(bee, KeyRange.all(), false));
      assertEquals(expected(model.descendingMap(), -1), scan(bee, KeyRange.all().reverse(true), true));
      for (int round = 0; round < 200; round++) {
        int a = random.nextInt(KEYS + 10) - 5;
        int b = a + random.nextInt(KEYS / 2);
        boolean lowIncl = random.nextBoolean();
        boolean highIncl = random.nextBoolean();
        boolean reverse = random.nextBoolean();
        int limit = random.nextInt(4) == 0 ? random.nextInt(60) : -1;
        String lo = new String(key(a), StandardCharsets.UTF_8);
        String hi = new String(key(b), StandardCharsets.UTF_8);
        KeyRange range = KeyRange.all();
        range = lowIncl ? range.gte(key(a)) : range.gt(key(a));
        range = highIncl ? range.lte(key(b)) : range.lt(key(b));
        range = range.reverse(reverse);
        if (limit >= 0) {
          range = range.limit(limit);
        }
        NavigableMap<String, String> in = model.subMap(lo, lowIncl, hi, highIncl);
        assertEquals(expected(reverse ? in.descendingMap() : in, limit), scan(bee, range, round % 2 == 0),
            "round " + round);
      }
    }
  }

  @Test
  void everyEntryCarriesTheSeqOfItsBlock() {
    try (Hypercore core = Hypercore.open(dir, options()); Hyperbee bee = Hyperbee.open(core)) {
      for (boolean reverse : new boolean[] {false, true}) {
        try (BeeIterator<Entry> it = bee.range(KeyRange.all().reverse(reverse))) {
          while (it.hasNext()) {
            Entry e = it.next();
            assertEquals(bee.get(e.key()).seq(), e.seq());
          }
        }
      }
    }
  }

  @Test
  void aDamagedBlockStopsTheScanWhereItIs() throws IOException {
    ReadAheadTest.flipByte(dir.resolve("data"), ReadAheadTest.dataOffset(dir, options(), key(1500)) + 5);
    for (boolean reverse : new boolean[] {false, true}) {
      try (Hypercore core = Hypercore.open(dir, options()); Hyperbee bee = Hyperbee.open(core)) {
        KeyRange range = reverse ? KeyRange.all().lte(key(2000)).reverse(true) : KeyRange.all().gte(key(1000));
        BeeIterator<Entry> it = bee.range(range, true);
        for (int i = 0; i < 500; i++) {
          int k = reverse ? 2000 - i : 1000 + i;
          Entry e = it.next();
          assertArrayEquals(key(k), e.key());
          assertEquals(value(k), new String(e.value(), StandardCharsets.UTF_8));
        }
        HyperbeeException e = assertThrows(HyperbeeException.class, it::next);
        assertEquals(ErrorCode.INVALID_CHECKSUM, e.code());
      }
    }
  }

  @Test
  void aDamagedBlockPastTheEndOfARangeDoesNotFailIt() throws IOException {
    ReadAheadTest.flipByte(dir.resolve("data"), ReadAheadTest.dataOffset(dir, options(), key(1500)) + 5);
    try (Hypercore core = Hypercore.open(dir, options()); Hyperbee bee = Hyperbee.open(core)) {
      // a scan reads the entry after its last one to compare it with the end bound: that one is
      // 1499 here (1501 in reverse), the damaged 1500 lies past it
      KeyRange[] ranges = {
        KeyRange.all().gte(key(1000)).lt(key(1499)),
        KeyRange.all().gt(key(1501)).lte(key(2000)).reverse(true),
        KeyRange.all().gte(key(1001)).limit(499),
        KeyRange.all().lte(key(1999)).reverse(true).limit(499),
      };
      for (KeyRange range : ranges) {
        List<Entry> got = new ArrayList<>();
        bee.range(range).forEachRemaining(got::add);
        assertEquals(499, got.size(), range.toString());
        for (Entry e : got) {
          assertFalse(new String(e.key(), StandardCharsets.UTF_8).equals("key-001500"));
        }
      }
    }
  }

  /** With verifyReads, a forged block (checksum made to match) is refused by a scattered scan too. */
  @Test
  void verifiedReadsRefuseAForgedBlock() throws IOException {
    long seq;
    try (Hypercore core = Hypercore.open(dir, options()); Hyperbee bee = Hyperbee.open(core)) {
      seq = bee.get(key(1500)).seq();
    }
    ReadAheadTest.forge(dir, options(), seq, ReadAheadTest.dataOffset(dir, options(), key(1500)));
    HypercoreOptions verified = HypercoreOptions.builder()
        .keyPair(KeyPair.fromSeed(new byte[32])).verifyReads(true).build();
    for (boolean reverse : new boolean[] {false, true}) {
      try (Hypercore core = Hypercore.open(dir, verified); Hyperbee bee = Hyperbee.open(core)) {
        BeeIterator<Entry> it = bee.range(
            reverse ? KeyRange.all().lte(key(2000)).reverse(true) : KeyRange.all().gte(key(1000)), true);
        for (int i = 0; i < 500; i++) {
          assertArrayEquals(key(reverse ? 2000 - i : 1000 + i), it.next().key());
        }
        HyperbeeException e = assertThrows(HyperbeeException.class, it::next);
        assertEquals(ErrorCode.INVALID_CHECKSUM, e.code());
      }
    }
  }

  private static List<String> expected(Map<String, String> entries, int limit) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> e : entries.entrySet()) {
      if (limit >= 0 && out.size() == limit) {
        break;
      }
      out.add(e.getKey() + "=" + e.getValue());
    }
    return out;
  }

  private static List<String> scan(Hyperbee bee, KeyRange range, boolean fresh) {
    List<String> out = new ArrayList<>();
    try (BeeIterator<Entry> it = bee.range(range, fresh)) {
      it.forEachRemaining(e -> out.add(new String(e.key(), StandardCharsets.UTF_8) + "="
          + new String(e.value(), StandardCharsets.UTF_8)));
    }
    return out;
  }
}
