package io.hyperbee.crypto;

import static java.util.Objects.requireNonNull;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.encoding.Decoder;
import io.hyperbee.encoding.Encoder;
import java.util.Arrays;
import java.util.List;

/**
 * Who may sign a core (hypercore {@code messages.js} {@code manifest}); the core key of a
 * non-compat core is {@link #hash()}. Layout (version 1 and 2):
 *
 * <pre>
 * uint version | uint flags (1 allowPatch, 2 prologue, 4 linked, 8 userData) | uint hash (0 = blake2b)
 * uint quorum  | array(signer: uint type (0 = ed25519), fixed32 namespace, fixed32 publicKey)
 * [prologue: fixed32 hash, uint length] [linked: array(fixed32)] [userData: buffer]
 * </pre>
 *
 * Version 0 (legacy): {@code uint 0 | uint hash | uint type} then type 0: {@code fixed32
 * prologueHash}; type 1: one signer; type 2: {@code uint flags, uint quorum, array(signer)}.
 * Decoding accepts both; new cores get version 1.
 */
public record Manifest(
    int version,
    boolean allowPatch,
    int quorum,
    List<Signer> signers,
    Prologue prologue,
    List<byte[]> linked,
    byte[] userData) {

  private static final int FLAG_PATCH = 1;
  private static final int FLAG_PROLOGUE = 2;
  private static final int FLAG_LINKED = 4;
  private static final int FLAG_USER_DATA = 8;

  /** An Ed25519 signer: the namespace it signs under and its public key. */
  public record Signer(byte[] namespace, byte[] publicKey) {
    public Signer {
      checkLength(namespace, 32, "namespace");
      checkLength(publicKey, 32, "publicKey");
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Signer s
          && Arrays.equals(s.namespace, namespace)
          && Arrays.equals(s.publicKey, publicKey);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(publicKey);
    }
  }

  /** A tree state (hash of length {@code length}) the core starts from, valid without a signature. */
  public record Prologue(byte[] hash, long length) {
    public Prologue {
      checkLength(hash, 32, "prologue hash");
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Prologue p && p.length == length && Arrays.equals(p.hash, hash);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(hash);
    }
  }

  public Manifest {
    if (version < 0 || version > 2) {
      throw new IllegalArgumentException("unknown manifest version " + version);
    }
    signers = List.copyOf(signers);
    linked = linked == null ? null : List.copyOf(linked);
    if (quorum < 0 || quorum > signers.size()) {
      throw new IllegalArgumentException("quorum " + quorum + " with " + signers.size() + " signers");
    }
  }

  /** The manifest hypercore 11 makes for a single writer: version 1, quorum 1, default namespace. */
  public static Manifest defaultSigner(byte[] publicKey) {
    return new Manifest(
        1, false, 1, List.of(new Signer(Caps.DEFAULT_NAMESPACE, publicKey)), null, null, null);
  }

  /** {@code H(MANIFEST_NS || encode(this))}: the core key of a non-compat core. */
  public byte[] hash() {
    return Blake2b.hash(Caps.MANIFEST, encode());
  }

  public byte[] encode() {
    Encoder e = new Encoder(80);
    e.uint(version);
    if (version == 0) {
      encodeV0(e);
      return e.toByteArray();
    }
    int flags = 0;
    if (allowPatch) flags |= FLAG_PATCH;
    if (prologue != null) flags |= FLAG_PROLOGUE;
    if (linked != null) flags |= FLAG_LINKED;
    if (userData != null) flags |= FLAG_USER_DATA;
    e.uint(flags).uint(0).uint(quorum);
    e.array(signers, Manifest::encodeSigner);
    if (prologue != null) {
      e.fixed32(prologue.hash).uint(prologue.length);
    }
    if (linked != null) {
      e.array(linked, Encoder::fixed32);
    }
    if (userData != null) {
      e.buffer(userData);
    }
    return e.toByteArray();
  }

  private void encodeV0(Encoder e) {
    e.uint(0); // blake2b
    if (prologue != null && signers.isEmpty()) {
      e.uint(0).fixed32(prologue.hash);
    } else if (quorum == 1 && signers.size() == 1 && !allowPatch) {
      e.uint(1);
      encodeSigner(e, signers.get(0));
    } else {
      e.uint(2).uint(allowPatch ? 1 : 0).uint(quorum);
      e.array(signers, Manifest::encodeSigner);
    }
  }

  /** Decodes a manifest (any version); the whole array must be consumed. */
  public static Manifest decode(byte[] bytes) {
    Decoder d = new Decoder(bytes);
    Manifest m = decode(d);
    d.requireEnd("manifest");
    return m;
  }

  public static Manifest decode(Decoder d) {
    long version = d.uint();
    if (version == 0) {
      return decodeV0(d);
    }
    if (version > 2) {
      throw decodingError("unknown manifest version " + version);
    }
    long flags = d.uint();
    if (flags > 15) {
      throw decodingError("unknown manifest flags " + flags);
    }
    checkHashType(d.uint());
    long quorum = d.uint();
    List<Signer> signers = d.array(Manifest::decodeSigner);
    Prologue prologue = (flags & FLAG_PROLOGUE) != 0 ? new Prologue(d.fixed32(), d.uint()) : null;
    List<byte[]> linked = (flags & FLAG_LINKED) != 0 ? d.array(Decoder::fixed32) : null;
    byte[] userData = (flags & FLAG_USER_DATA) != 0 ? d.buffer() : null;
    return build((int) version, (flags & FLAG_PATCH) != 0, quorum, signers, prologue, linked, userData);
  }

  private static Manifest decodeV0(Decoder d) {
    checkHashType(d.uint());
    long type = d.uint();
    if (type == 0) {
      return build(0, false, 0, List.of(), new Prologue(d.fixed32(), 0), null, null);
    }
    if (type == 1) {
      return build(0, false, 1, List.of(decodeSigner(d)), null, null, null);
    }
    if (type != 2) {
      throw decodingError("unknown v0 manifest type " + type);
    }
    long flags = d.uint();
    long quorum = d.uint();
    return build(0, (flags & 1) != 0, quorum, d.array(Manifest::decodeSigner), null, null, null);
  }

  private static Manifest build(
      int version, boolean allowPatch, long quorum, List<Signer> signers, Prologue prologue,
      List<byte[]> linked, byte[] userData) {
    if (quorum > signers.size()) {
      throw decodingError("manifest quorum " + quorum + " exceeds " + signers.size() + " signers");
    }
    return new Manifest(version, allowPatch, (int) quorum, signers, prologue, linked, userData);
  }

  private static void encodeSigner(Encoder e, Signer s) {
    e.uint(0).fixed32(s.namespace).fixed32(s.publicKey);
  }

  private static Signer decodeSigner(Decoder d) {
    long type = d.uint();
    if (type != 0) {
      throw decodingError("unknown signature type " + type);
    }
    return new Signer(d.fixed32(), d.fixed32());
  }

  private static void checkHashType(long hash) {
    if (hash != 0) {
      throw decodingError("unknown hash type " + hash);
    }
  }

  private static HyperbeeException decodingError(String message) {
    return new HyperbeeException(ErrorCode.DECODING_ERROR, message);
  }

  private static void checkLength(byte[] b, int length, String name) {
    requireNonNull(b, name + " is null");
    if (b.length != length) {
      throw new IllegalArgumentException(name + " must be " + length + " bytes, got " + b.length);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Manifest m && Arrays.equals(m.encode(), encode());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encode());
  }
}
