package io.hyperbee.crypto;

import static java.util.Objects.requireNonNull;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import java.util.Arrays;
import java.util.List;

/**
 * Signs and verifies tree states {@code (treeHash, length, fork)} for one core (hypercore
 * {@code verifier.js}). Two kinds:
 *
 * <ul>
 *   <li>manifest cores (hypercore 11 default): key = {@link Manifest#hash()}, signable = 112 bytes
 *       with the manifest hash (version 0: the signer's namespace), signature = a {@link
 *       MultiSignature} container (version 0 with one signer: a bare signature);
 *   <li>compat cores: key = the public key, signable = 80 bytes, bare 64-byte signature.
 * </ul>
 *
 * Stricter than JS in one way: a container proof with {@code patch != 0} is refused unless the
 * manifest allows patches, and patched signatures are not supported (refused), so every accepted
 * container has exactly one meaning. Immutable and thread-safe.
 */
public final class Verifier {
  private final byte[] key;
  private final Manifest manifest;
  private final boolean compat;
  private final int version;
  private final int quorum;
  private final List<Manifest.Signer> signers;

  private Verifier(byte[] key, Manifest manifest, boolean compat) {
    this.key = key;
    this.manifest = manifest;
    this.compat = compat;
    this.version = compat ? 0 : manifest.version();
    this.quorum = compat ? 1 : manifest.quorum();
    this.signers = manifest.signers();
  }

  /** A non-compat core: key = manifest hash. */
  public static Verifier forManifest(Manifest manifest) {
    requireNonNull(manifest, "manifest is null");
    return new Verifier(manifest.hash(), manifest, false);
  }

  /** A compat core: key = public key, bare signatures over the 80-byte signable. */
  public static Verifier compat(byte[] publicKey) {
    requireNonNull(publicKey, "publicKey is null");
    return new Verifier(
        publicKey.clone(), new Manifest(0, false, 1, List.of(new Manifest.Signer(Caps.DEFAULT_NAMESPACE, publicKey)), null, null, null), true);
  }

  /**
   * The verifier of core {@code key} given the manifest a peer or the storage supplied: the
   * manifest must hash to the key, or (compat) have one signer whose public key is the key. With
   * no manifest the key is taken as a compat public key, as JS does.
   *
   * @throws HyperbeeException {@code INVALID_PROOF} when the manifest does not belong to the key
   */
  public static Verifier forKey(byte[] key, Manifest manifest) {
    requireNonNull(key, "key is null");
    if (manifest == null) {
      return compat(key);
    }
    if (Arrays.equals(manifest.hash(), key)) {
      return new Verifier(key.clone(), manifest, false);
    }
    if (manifest.signers().size() == 1 && Arrays.equals(manifest.signers().get(0).publicKey(), key)) {
      return compat(key);
    }
    throw new HyperbeeException(ErrorCode.INVALID_PROOF, "manifest does not belong to the core key");
  }

  /** The 32-byte core key. */
  public byte[] key() {
    return key.clone();
  }

  /** The manifest (for compat cores, the implied single-signer version 0 manifest). */
  public Manifest manifest() {
    return manifest;
  }

  public boolean compat() {
    return compat;
  }

  /** The bytes the signer of this core signs for a tree state. */
  public byte[] signable(int signer, byte[] treeHash, long length, long fork) {
    if (compat) {
      return Caps.treeSignableCompat(treeHash, length, fork);
    }
    byte[] context = version == 0 ? signers.get(signer).namespace() : key;
    return Caps.treeSignable(context, treeHash, length, fork);
  }

  /** Signs a tree state; returns the container JS stores for this kind of core. */
  public byte[] sign(KeyPair keyPair, byte[] treeHash, long length, long fork) {
    requireNonNull(keyPair, "keyPair is null");
    for (int i = 0; i < signers.size(); i++) {
      if (keyPair.hasPublicKey(signers.get(i).publicKey())) {
        byte[] signature = keyPair.sign(signable(i, treeHash, length, fork));
        if (signers.size() != 1 || version == 0) {
          return signature;
        }
        return MultiSignature.single(signature);
      }
    }
    throw new IllegalArgumentException("key pair is not a signer of this core");
  }

  /** True when {@code signature} is a valid container for the tree state. Never throws on bad input. */
  public boolean verify(byte[] treeHash, long length, long fork, byte[] signature) {
    if (version == 0) {
      if (signature == null) {
        return false;
      }
      if (compat || (!manifest.allowPatch() && signers.size() == 1)) {
        return KeyPair.verify(signable(0, treeHash, length, fork), signature, signers.get(0).publicKey());
      }
      return verifyMulti(treeHash, length, fork, signature);
    }
    Manifest.Prologue prologue = manifest.prologue();
    if (prologue != null && length <= prologue.length()) {
      return length == prologue.length() && Arrays.equals(treeHash, prologue.hash());
    }
    return verifyMulti(treeHash, length, fork, signature);
  }

  /** Like {@link #verify} but throws {@code INVALID_SIGNATURE} naming the state. */
  public void check(byte[] treeHash, long length, long fork, byte[] signature) {
    if (!verify(treeHash, length, fork, signature)) {
      throw new HyperbeeException(
          ErrorCode.INVALID_SIGNATURE,
          "signature does not verify for length " + length + ", fork " + fork);
    }
  }

  private boolean verifyMulti(byte[] treeHash, long length, long fork, byte[] signature) {
    if (signature == null || quorum == 0) {
      return false;
    }
    MultiSignature container;
    try {
      container = version >= 1 ? MultiSignature.decode(signature) : MultiSignature.decodeV0(signature);
    } catch (HyperbeeException e) {
      return false;
    }
    if (container.proofs().size() < quorum) {
      return false;
    }
    if (!manifest.allowPatch() && !container.patch().isEmpty()) {
      return false;
    }
    boolean[] tried = new boolean[signers.size()];
    for (int i = 0; i < quorum; i++) {
      MultiSignature.SignerProof p = container.proofs().get(i);
      if (p.patch() != 0) {
        return false; // patched signatures are not supported, and invalid without allowPatch
      }
      if (p.signer() >= signers.size() || tried[(int) p.signer()]) {
        return false;
      }
      int s = (int) p.signer();
      tried[s] = true;
      if (!KeyPair.verify(signable(s, treeHash, length, fork), p.signature(), signers.get(s).publicKey())) {
        return false;
      }
    }
    return true;
  }
}
