package io.hyperbee.btree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.interop.VectorFile;
import io.hyperbee.interop.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A range scan reads entries and levels straight from raw block bytes ({@link RawNodeBlock}, with
 * a fast path for blocks as hyperbee writes them): for every block it must give exactly what the
 * cached path ({@link Messages#decodeNode}, {@link DecodedBlock#level}) gives, and refuse every
 * block that path refuses: JS-written blocks, unusual but valid encodings, and damaged bytes.
 */
class RawNodeBlockTest {
  private static final HexFormat HEX = HexFormat.of();

  /** Entry and levels through the cached decoder, or where it fails. */
  private static String viaMessages(long seq, byte[] block, int prefix) {
    StringBuilder out = new StringBuilder();
    try {
      DecodedBlock d = Messages.decodeNode(seq, block);
      out.append(describe(Hyperbee.entryOf(d, prefix)));
      for (int i = 0; ; i++) {
        Level l = d.level(i);
        out.append(" | ").append(Arrays.toString(l.keySeqs())).append(Arrays.toString(l.childPairs()));
      }
    } catch (HyperbeeException e) {
      return out.append(" ! ").append(e.code()).toString();
    }
  }

  /** The same through the scan's raw reader. */
  private static String viaRaw(long seq, byte[] block, int prefix) {
    StringBuilder out = new StringBuilder();
    RawNodeBlock raw = new RawNodeBlock();
    try {
      raw.parse(seq, block);
      out.append(describe(raw.entry(prefix)));
      for (int i = 0; ; i++) {
        ScanNode n = raw.level(i);
        long[] keys = new long[n.keyCount()];
        for (int k = 0; k < keys.length; k++) {
          keys[k] = n.keySeq(k);
        }
        long[] children = new long[2 * n.childCount()];
        for (int c = 0; c < n.childCount(); c++) {
          children[2 * c] = n.childSeq(c);
          children[2 * c + 1] = n.childOffset(c);
        }
        out.append(" | ").append(Arrays.toString(keys)).append(Arrays.toString(children));
      }
    } catch (HyperbeeException e) {
      return out.append(" ! ").append(e.code()).toString();
    }
  }

  private static String describe(Entry e) {
    return e.seq() + " " + HEX.formatHex(e.key()) + " " + (e.value() == null ? "-" : HEX.formatHex(e.value()));
  }

  private static void assertSame(long seq, byte[] block, int prefix) {
    String expected = viaMessages(seq, block, prefix);
    assertEquals(expected, viaRaw(seq, block, prefix), () -> "block " + HEX.formatHex(block));
  }

  @Test
  void everyJsWrittenBlockReadsTheSame() {
    int blocks = 0;
    for (String name : Vectors.names()) {
      VectorFile v = Vectors.load(name);
      for (int i = 1; i < v.blocks().size(); i++) {
        byte[] b = v.blocks().get(i);
        assertSame(i, b, 0);
        assertSame(i, b, 3);
        assertTrue(viaRaw(i, b, 0).contains(" | ") || viaRaw(i, b, 0).contains("!"));
        blocks++;
      }
    }
    assertTrue(blocks > 10_000, "too few vector blocks: " + blocks);
  }

  private static byte[] field(int tag, byte[] payload) {
    Proto.Writer w = new Proto.Writer(payload.length + 8);
    Proto.writeVarint(w, tag);
    Proto.writeVarint(w, payload.length);
    w.write(payload);
    return w.toByteArray();
  }

  private static byte[] packed(long... values) {
    Proto.Writer w = new Proto.Writer(16);
    for (long v : values) {
      Proto.writeVarint(w, v);
    }
    return w.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    Proto.Writer w = new Proto.Writer(64);
    for (byte[] p : parts) {
      w.write(p);
    }
    return w.toByteArray();
  }

  private static byte[] level(long[] keys, long[] children) {
    return concat(field(0x0a, packed(keys)), children.length == 0 ? new byte[0] : field(0x12, packed(children)));
  }

  private static List<byte[]> unusualBlocks() {
    byte[] leaf = level(new long[] {5, 3}, new long[0]);
    byte[] inner = level(new long[] {9}, new long[] {7, 0, 8, 1});
    byte[] index = concat(field(0x0a, inner), field(0x0a, leaf));
    byte[] key = "key".getBytes();
    byte[] big = new byte[20_000];
    new Random(1).nextBytes(big);
    List<byte[]> out = new ArrayList<>();
    out.add(concat(field(0x0a, index), field(0x12, key), field(0x1a, "v".getBytes())));
    out.add(concat(field(0x0a, index), field(0x12, key))); // no value
    out.add(concat(field(0x0a, index), field(0x12, key), field(0x1a, new byte[0]))); // empty value
    out.add(concat(field(0x12, key), field(0x1a, "v".getBytes()), field(0x0a, index))); // reordered
    out.add(concat(field(0x0a, index), field(0x12, "old".getBytes()), field(0x12, key))); // repeated
    out.add(concat(field(0x0a, index), new byte[] {0x20, 0x05}, field(0x12, key))); // unknown varint field
    out.add(concat(field(0x0a, index), field(0x12, key), field(0x1a, big))); // 3-byte length
    out.add(concat(field(0x0a, index), field(0x12, Arrays.copyOf(big, 200)))); // 2-byte length
    out.add(concat(field(0x0a, new byte[0]), field(0x12, key))); // no levels
    byte[] varintKeys = concat(new byte[] {0x08, 0x05, 0x08, 0x03}); // keys as varint-wire fields
    out.add(concat(field(0x0a, field(0x0a, varintKeys)), field(0x12, key)));
    byte[] splitKeys = concat(field(0x0a, packed(1)), field(0x0a, packed(2, 3))); // repeated packed
    out.add(concat(field(0x0a, field(0x0a, splitKeys)), field(0x12, key)));
    out.add(concat(field(0x0a, field(0x0a, level(new long[] {-1L, Long.MAX_VALUE}, new long[0]))), field(0x12, key)));
    out.add(concat(field(0x0a, concat(field(0x0a, leaf), new byte[] {0x10, 0x01}, field(0x0a, inner))), field(0x12, key)));
    // malformed: bad child count, missing key, missing index
    out.add(concat(field(0x0a, field(0x0a, level(new long[] {9}, new long[] {7, 0, 8}))), field(0x12, key)));
    out.add(concat(field(0x0a, field(0x0a, level(new long[] {9}, new long[] {7, 0}))), field(0x12, key)));
    out.add(field(0x0a, index));
    out.add(field(0x12, key));
    out.add(new byte[0]);
    return out;
  }

  @Test
  void unusualEncodingsReadTheSame() {
    for (byte[] b : unusualBlocks()) {
      assertSame(42, b, 0);
      assertSame(42, b, 2);
    }
  }

  @Test
  void damagedBytesAreRefusedAlike() {
    Random random = new Random(8);
    List<byte[]> samples = new ArrayList<>(unusualBlocks());
    VectorFile v = Vectors.load(Vectors.names().stream().filter(n -> n.endsWith("/keys-random.json")).findFirst().orElseThrow());
    for (int i = 1; i < v.blocks().size(); i += 7) {
      samples.add(v.blocks().get(i));
    }
    int refused = 0;
    for (byte[] b : samples) {
      for (int cut = 0; cut < b.length; cut++) { // every truncation
        byte[] t = Arrays.copyOf(b, cut);
        assertSame(42, t, 0);
      }
      for (int k = 0; k < 200; k++) { // random byte damage
        byte[] d = b.clone();
        for (int flips = 1 + random.nextInt(3); flips > 0 && d.length > 0; flips--) {
          int at = random.nextInt(d.length);
          d[at] = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : (byte) (d[at] ^ (1 << random.nextInt(8)));
        }
        assertSame(42, d, 0);
        if (viaRaw(42, d, 0).startsWith(" !")) {
          refused++;
        }
      }
    }
    assertTrue(refused > 100, "the damage never hit the framing: " + refused);
  }

  @Test
  void levelsPastTheLastAreRefused() {
    byte[] b = unusualBlocks().get(0);
    RawNodeBlock raw = new RawNodeBlock();
    raw.parse(1, b);
    for (int bad : new int[] {-1, 2, 100}) {
      HyperbeeException e = org.junit.jupiter.api.Assertions.assertThrows(HyperbeeException.class, () -> raw.level(bad));
      assertEquals(ErrorCode.DECODING_ERROR, e.code());
    }
  }
}
