package io.hyperbee.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.HyperbeeException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Test vectors of spec sections 1.2-1.6 and 9 (TV1, TV2). */
class CryptoVectorsTest {
  private static final HexFormat HEX = HexFormat.of();
  static final byte[] SEED = filled(1);
  static final String TREE_HASH_3 = "7ea73eb86179fb7328e73663f90f4c91256574af1112efe97fdf9309e03b67a7";

  @Test
  void blake2b256IsNativeNotTruncated() {
    // (the spec abbreviates this as 0e5751c0...3fe3a8, a typo for ...2fe3a8; value from libsodium)
    assertEquals("0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8", hex(Blake2b.hash()));
    assertEquals("786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419",
        hex(java.util.Arrays.copyOf(new org.bouncycastle.crypto.digests.Blake2bDigest(512) {
          byte[] run() {
            byte[] out = new byte[64];
            doFinal(out, 0);
            return out;
          }
        }.run(), 32)));
  }

  @Test
  void hypercoreNamespaces() {
    assertEquals("9fac70b50ca14efc4e91c833b204e75b8b5aad8b5881bfc0adb5ef38a3275b9c", hex(Caps.TREE));
    assertEquals("51812a2a359b50369536775df89e18e47740f3db72ac0ae70b29594c194dc316", hex(Caps.REPLICATE_INITIATOR));
    assertEquals("0438492d02970cc13528ac0262bca0074e0926260256865accc0bf15bd79127d", hex(Caps.REPLICATE_RESPONDER));
    assertEquals("e64b7108eacce47cfc61ac850568f55f8b15b82ec5ed78c4ec597b036e2a1498", hex(Caps.MANIFEST));
    assertEquals("4144eea531e483d54e0c14f4ca68e0644f355343ff6fcb0f005200e12cd747cb", hex(Caps.DEFAULT_NAMESPACE));
    assertEquals("9aedb6f1dea8487cc1e1698f97eb2f063f6db4c649695622e7b675e2ceafa6e9", hex(Caps.DEFAULT_ENCRYPTION));
    byte[][] ss = Caps.namespace("hyperswarm/secret-stream", 3);
    assertEquals("a931a0155b5c09e6d28628236af83c4b8a6af9af60986edeede9dc5d63192bf7", hex(ss[0]));
    assertEquals("742c9d833d430af4c48a8705e91631eecf295442bbca18996e597097723b1061", hex(ss[1]));
    assertEquals("aab97d097471f56651b0460ffc8aaa7d3342f7377597d60b925a1dac689adcbf", hex(ss[2]));
  }

  @Test
  void tv1Keys() {
    KeyPair kp = KeyPair.fromSeed(SEED);
    assertEquals("8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c", hex(kp.publicKey()));
    assertEquals(hex(SEED) + hex(kp.publicKey()), hex(kp.secretKey()));
    assertEquals("c1feb82a2b3ba065ffed9f6addcf19ac250793bcab748986a1b4272c62da20e6", hex(Caps.discoveryKey(kp.publicKey())));
    assertEquals("f2391083cfaa8043205fed76cdff843902146ca92aebcd7a196814ec45d8c8f8", hex(new NodeHasher().leaf(utf8("hello"))));
    assertEquals(kp, KeyPair.fromSecretKey(kp.secretKey()));
  }

  @Test
  void tv2NodeAndTreeHashes() {
    NodeHasher h = new NodeHasher();
    byte[] a = h.leaf(utf8("a"));
    byte[] b = h.leaf(utf8("b"));
    byte[] c = h.leaf(utf8("c"));
    assertEquals("423177bd3da55c6ac57419beff9c763bab05e12a6d8908b38b7fc14360228d4a", hex(a));
    assertEquals("520abb1082986713dabf6862ccfe1bb6b87037647d0019b31219493ef186597c", hex(b));
    assertEquals("9435aca782b6bc40e253392d45c885f3b1ad47f23e7b6c3f9daf5b0868c438c5", hex(c));
    byte[] p = h.parent(2, a, b);
    assertEquals("9cac92aaed9e7d11eb629465684582ce39cb496303998de123533b09e16f2f06", hex(p));
    byte[] tree = h.startTree().addRoot(p, 1, 2).addRoot(c, 4, 1).finishTree();
    assertEquals(TREE_HASH_3, hex(tree));
    byte[] tree2 = h.startTree().addRoot(p, 1, 2).finishTree();
    assertEquals("3424a063fb40dfef317c8ca38fb8c37dfdbccac669582f6f9cddd22bbdf9c044", hex(tree2));
  }

  @Test
  void tv2aDefaultManifestCore() {
    KeyPair kp = KeyPair.fromSeed(SEED);
    Manifest m = Manifest.defaultSigner(kp.publicKey());
    assertEquals(
        "0100000101004144eea531e483d54e0c14f4ca68e0644f355343ff6fcb0f005200e12cd747cb8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c",
        hex(m.encode()));
    assertEquals(m, Manifest.decode(m.encode()));
    Verifier v = Verifier.forManifest(m);
    assertEquals("d8c3a0597903b28d751c6e0b7107775e388ec5a3cf669bdd1e7ec41b8b8f6e72", hex(v.key()));
    assertEquals("fb892b1c77fdcb05dcbd234607208b7036e00a13e7f2cc0bbaa463924e57865a", hex(Caps.discoveryKey(v.key())));
    byte[] treeHash = HEX.parseHex(TREE_HASH_3);
    assertEquals(hex(Caps.TREE) + hex(v.key()) + TREE_HASH_3 + "0300000000000000" + "0000000000000000",
        hex(v.signable(0, treeHash, 3, 0)));
    byte[] sig = v.sign(kp, treeHash, 3, 0);
    assertEquals("0100"
        + "ffc0d71651d8c0c24962a662c90f411f371945e3514669899d3189b832a1bd960415ee04d8ccb4c4159506ad230d223f33ca3dce6aa6d16d27e9fbd47efa2505"
        + "0000", hex(sig));
    assertTrue(v.verify(treeHash, 3, 0, sig));
    assertFalse(v.verify(treeHash, 3, 1, sig));
    assertFalse(v.verify(treeHash, 2, 0, sig));
    assertSame(v, Verifier.forKey(v.key(), m));
  }

  @Test
  void tv2bCompatCore() {
    KeyPair kp = KeyPair.fromSeed(SEED);
    Verifier v = Verifier.compat(kp.publicKey());
    assertArrayEquals(kp.publicKey(), v.key());
    byte[] treeHash = HEX.parseHex(TREE_HASH_3);
    assertEquals(hex(Caps.TREE) + TREE_HASH_3 + "0300000000000000" + "0000000000000000", hex(v.signable(0, treeHash, 3, 0)));
    byte[] sig = v.sign(kp, treeHash, 3, 0);
    assertEquals("deb1a2d6b46b1ac51fa3111f84cd6d0874ab43f325e160aff4d3d95acfdfec67b399fd0bd4e09b86fdbf19bd894b28e0a9d4bbf58c4ccb326fc888d8428d960e", hex(sig));
    assertTrue(v.verify(treeHash, 3, 0, sig));
    // a reader given only the key, or a manifest whose signer is the key, treats the core as compat
    assertTrue(Verifier.forKey(kp.publicKey(), null).verify(treeHash, 3, 0, sig));
    assertTrue(Verifier.forKey(kp.publicKey(), Manifest.defaultSigner(kp.publicKey())).compat());
  }

  @Test
  void everySingleByteMutationOfAContainerIsRefused() {
    KeyPair kp = KeyPair.fromSeed(SEED);
    Verifier v = Verifier.forManifest(Manifest.defaultSigner(kp.publicKey()));
    byte[] treeHash = HEX.parseHex(TREE_HASH_3);
    byte[] sig = v.sign(kp, treeHash, 3, 0);
    for (int i = 0; i < sig.length; i++) {
      for (int x = 1; x < 256; x++) {
        byte[] m = sig.clone();
        m[i] ^= (byte) x;
        assertFalse(v.verify(treeHash, 3, 0, m), "mutation at " + i);
      }
    }
    assertFalse(v.verify(treeHash, 3, 0, Arrays.copyOf(sig, 69)));
    assertFalse(v.verify(treeHash, 3, 0, null));
  }

  @Test
  void manifestVersionsDecode() {
    KeyPair kp = KeyPair.fromSeed(SEED);
    Manifest v0 = new Manifest(0, false, 1, java.util.List.of(new Manifest.Signer(Caps.DEFAULT_NAMESPACE, kp.publicKey())), null, null, null);
    byte[] enc = v0.encode();
    assertEquals("000001" + "00" + hex(Caps.DEFAULT_NAMESPACE) + hex(kp.publicKey()), hex(enc));
    assertEquals(v0, Manifest.decode(enc));
    Manifest v2 = new Manifest(2, false, 1, v0.signers(), new Manifest.Prologue(filled(9), 4), java.util.List.of(filled(3)), new byte[] {7});
    assertEquals(v2, Manifest.decode(v2.encode()));
    assertThrows(HyperbeeException.class, () -> Manifest.decode(HEX.parseHex("03")));
    assertThrows(HyperbeeException.class, () -> Manifest.decode(Arrays.copyOf(enc, enc.length + 1)));
    assertThrows(HyperbeeException.class, () -> Manifest.decode(Arrays.copyOf(enc, enc.length - 1)));
    byte[] prologueHash = filled(5);
    Manifest prologue = new Manifest(1, false, 0, java.util.List.of(), new Manifest.Prologue(prologueHash, 2), null, null);
    Verifier pv = Verifier.forManifest(prologue);
    assertTrue(pv.verify(prologueHash, 2, 0, null));
    assertFalse(pv.verify(prologueHash, 1, 0, null));
    assertFalse(pv.verify(prologueHash, 3, 0, null));
  }

  @Test
  void forKeyRefusesAForeignManifest() {
    Manifest m = Manifest.defaultSigner(KeyPair.fromSeed(SEED).publicKey());
    HyperbeeException e = assertThrows(HyperbeeException.class, () -> Verifier.forKey(filled(2), m));
    assertEquals(io.hyperbee.ErrorCode.INVALID_PROOF, e.code());
  }

  private static void assertSame(Verifier a, Verifier b) {
    assertArrayEquals(a.key(), b.key());
    assertEquals(a.compat(), b.compat());
  }

  static byte[] filled(int b) {
    byte[] out = new byte[32];
    Arrays.fill(out, (byte) b);
    return out;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String hex(byte[] b) {
    return HEX.formatHex(b);
  }
}
