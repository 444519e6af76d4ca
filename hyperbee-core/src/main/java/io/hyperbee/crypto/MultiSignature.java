package io.hyperbee.crypto;

import static java.util.Objects.requireNonNull;

import io.hyperbee.encoding.Decoder;
import io.hyperbee.encoding.Encoder;
import java.util.List;

/**
 * The signature container of a manifest core (hypercore {@code messages.js}
 * {@code multiSignature}), even with one signer:
 *
 * <pre>
 * array(proof: uint signer, fixed64 signature, uint patch) || array(node: uint index, uint size, fixed32 hash)
 * </pre>
 *
 * One signer without patch is 68 bytes: {@code 01 00 <sig 64> 00 00}. Version 0 manifests use
 * {@code multiSignaturev0} ({@code proof: uint flags (1 patch), uint signer, fixed64 signature,
 * [uint start, uint length, array(uint nodeRef)]}), which {@link #decodeV0} reads into this shape
 * with {@code patch} = the patch length.
 */
public record MultiSignature(List<SignerProof> proofs, List<PatchNode> patch) {

  /** One signer's signature; {@code patch > 0} means it signed a length {@code patch} shorter. */
  public record SignerProof(long signer, byte[] signature, long patch) {
    public SignerProof {
      requireNonNull(signature, "signature is null");
      if (signature.length != KeyPair.SIGNATURE_LENGTH) {
        throw new IllegalArgumentException("signature must be 64 bytes");
      }
    }
  }

  /** A tree node shared by patched proofs. */
  public record PatchNode(long index, long size, byte[] hash) {}

  public MultiSignature {
    proofs = List.copyOf(proofs);
    patch = List.copyOf(patch);
  }

  /** The container for one signer (index 0) without patch. */
  public static byte[] single(byte[] signature) {
    return new MultiSignature(List.of(new SignerProof(0, signature, 0)), List.of()).encode();
  }

  public byte[] encode() {
    Encoder e = new Encoder(70);
    e.array(proofs, (enc, p) -> enc.uint(p.signer).fixed64(p.signature).uint(p.patch));
    e.array(patch, (enc, n) -> enc.uint(n.index).uint(n.size).fixed32(n.hash));
    return e.toByteArray();
  }

  /** Decodes a version 1 container; trailing bytes are refused. */
  public static MultiSignature decode(byte[] bytes) {
    Decoder d = new Decoder(bytes);
    List<SignerProof> proofs =
        d.array(x -> new SignerProof(x.uint(), x.fixed64(), x.uint()));
    List<PatchNode> patch = d.array(MultiSignature::decodeNode);
    d.requireEnd("signature container");
    return new MultiSignature(proofs, patch);
  }

  /** Decodes a version 0 container; trailing bytes are refused. */
  public static MultiSignature decodeV0(byte[] bytes) {
    Decoder d = new Decoder(bytes);
    List<SignerProof> proofs =
        d.array(
            x -> {
              long flags = x.uint();
              long signer = x.uint();
              byte[] sig = x.fixed64();
              long patchLength = 0;
              if ((flags & 1) != 0) {
                x.uint(); // start
                patchLength = x.uint();
                x.array(Decoder::uint);
              }
              return new SignerProof(signer, sig, patchLength);
            });
    List<PatchNode> patch = d.array(MultiSignature::decodeNode);
    d.requireEnd("signature container");
    return new MultiSignature(proofs, patch);
  }

  private static PatchNode decodeNode(Decoder d) {
    return new PatchNode(d.uint(), d.uint(), d.fixed32());
  }
}
