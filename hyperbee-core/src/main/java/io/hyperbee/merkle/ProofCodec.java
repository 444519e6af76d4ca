package io.hyperbee.merkle;

import io.hyperbee.crypto.Manifest;
import io.hyperbee.encoding.Decoder;
import io.hyperbee.encoding.Encoder;
import java.util.List;

/**
 * Serializes a {@link Proof} as hypercore's wire {@code data} message (spec section 6) without
 * the request id:
 *
 * <pre>
 * uint flags (1 block, 2 hash, 4 seek, 8 upgrade, 16 manifest) | uint fork
 * [block:   uint index, buffer value, array(node)]
 * [hash:    uint index, array(node)]
 * [seek:    uint bytes, array(node)]
 * [upgrade: uint start, uint length, array(node) nodes, array(node) additionalNodes, optionalBuffer signature]
 * [manifest]
 * node = uint index, uint size, fixed32 hash
 * </pre>
 *
 * {@link #encodeData}/{@link #decodeData} write and read the full wire message with its request
 * id after the flags. Decoding refuses trailing bytes.
 */
public final class ProofCodec {
  private static final int BLOCK = 1;
  private static final int HASH = 2;
  private static final int SEEK = 4;
  private static final int UPGRADE = 8;
  private static final int MANIFEST = 16;

  /** A wire {@code data} message: a proof answering request {@code requestId}. */
  public record Data(long requestId, Proof proof) {}

  private ProofCodec() {}

  public static byte[] encode(Proof proof) {
    return encode(proof, -1);
  }

  public static Proof decode(byte[] bytes) {
    return decode(bytes, false).proof();
  }

  public static byte[] encodeData(long requestId, Proof proof) {
    if (requestId < 0) {
      throw new IllegalArgumentException("requestId must not be negative");
    }
    return encode(proof, requestId);
  }

  public static Data decodeData(byte[] bytes) {
    return decode(bytes, true);
  }

  private static byte[] encode(Proof p, long requestId) {
    int flags = (p.block() != null ? BLOCK : 0)
        | (p.hash() != null ? HASH : 0)
        | (p.seek() != null ? SEEK : 0)
        | (p.upgrade() != null ? UPGRADE : 0)
        | (p.manifest() != null ? MANIFEST : 0);
    Encoder e = new Encoder(256);
    e.uint(flags);
    if (requestId >= 0) {
      e.uint(requestId);
    }
    e.uint(p.fork());
    if (p.block() != null) {
      e.uint(p.block().index()).buffer(p.block().value());
      nodes(e, p.block().nodes());
    }
    if (p.hash() != null) {
      e.uint(p.hash().index());
      nodes(e, p.hash().nodes());
    }
    if (p.seek() != null) {
      e.uint(p.seek().bytes());
      nodes(e, p.seek().nodes());
    }
    if (p.upgrade() != null) {
      Proof.UpgradeProof u = p.upgrade();
      e.uint(u.start()).uint(u.length());
      nodes(e, u.nodes());
      nodes(e, u.additionalNodes());
      e.optionalBuffer(u.signature());
    }
    if (p.manifest() != null) {
      e.raw(p.manifest().encode());
    }
    return e.toByteArray();
  }

  private static Data decode(byte[] bytes, boolean withRequest) {
    Decoder d = new Decoder(bytes);
    long flags = d.uint();
    if (flags > 31) {
      throw new io.hyperbee.HyperbeeException(io.hyperbee.ErrorCode.DECODING_ERROR, "unknown proof flags " + flags);
    }
    long requestId = withRequest ? d.uint() : -1;
    long fork = d.uint();
    Proof.BlockProof block = (flags & BLOCK) != 0 ? new Proof.BlockProof(d.uint(), d.buffer(), nodes(d)) : null;
    Proof.HashProof hash = (flags & HASH) != 0 ? new Proof.HashProof(d.uint(), nodes(d)) : null;
    Proof.SeekProof seek = (flags & SEEK) != 0 ? new Proof.SeekProof(d.uint(), nodes(d)) : null;
    Proof.UpgradeProof upgrade = null;
    if ((flags & UPGRADE) != 0) {
      upgrade = new Proof.UpgradeProof(d.uint(), d.uint(), nodes(d), nodes(d), d.optionalBuffer());
    }
    Manifest manifest = (flags & MANIFEST) != 0 ? Manifest.decode(d) : null;
    d.requireEnd("proof");
    return new Data(requestId, new Proof(fork, block, hash, seek, upgrade, manifest));
  }

  private static void nodes(Encoder e, List<Node> nodes) {
    e.array(nodes, (enc, n) -> enc.uint(n.index()).uint(n.size()).fixed32(n.hash()));
  }

  private static List<Node> nodes(Decoder d) {
    return d.array(x -> new Node(x.uint(), x.uint(), x.fixed32()));
  }

  /** Encodes one node ({@code uint index, uint size, fixed32 hash}). */
  public static void encodeNode(Encoder e, Node n) {
    e.uint(n.index()).uint(n.size()).fixed32(n.hash());
  }

  /** Decodes one node. */
  public static Node decodeNode(Decoder d) {
    return new Node(d.uint(), d.uint(), d.fixed32());
  }
}
