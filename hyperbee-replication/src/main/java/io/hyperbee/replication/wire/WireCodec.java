package io.hyperbee.replication.wire;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.encoding.Decoder;
import io.hyperbee.encoding.Encoder;
import io.hyperbee.merkle.ProofCodec;
import io.hyperbee.merkle.ProofRequest;
import io.hyperbee.replication.wire.WireMessage.Bitfield;
import io.hyperbee.replication.wire.WireMessage.Cancel;
import io.hyperbee.replication.wire.WireMessage.Data;
import io.hyperbee.replication.wire.WireMessage.Extension;
import io.hyperbee.replication.wire.WireMessage.NoData;
import io.hyperbee.replication.wire.WireMessage.Range;
import io.hyperbee.replication.wire.WireMessage.Request;
import io.hyperbee.replication.wire.WireMessage.Sync;
import io.hyperbee.replication.wire.WireMessage.Want;

/**
 * Encodes and decodes {@link WireMessage}s exactly as hypercore 11.36.1's {@code wire} encoders
 * (spec 6). {@code data} is {@link ProofCodec}'s wire form. Decoding never throws anything but
 * {@link HyperbeeException} with {@link ErrorCode#DECODING_ERROR}.
 */
public final class WireCodec {
  private static final int REQ_BLOCK = 1;
  private static final int REQ_HASH = 2;
  private static final int REQ_SEEK = 4;
  private static final int REQ_UPGRADE = 8;
  private static final int REQ_MANIFEST = 16;
  private static final int REQ_PRIORITY = 32;
  private static final int RANGE_DROP = 1;
  private static final int RANGE_ONE = 2;
  /** A bitfield message covers at most one 2^21-bit segment: 65,536 words. */
  static final int MAX_BITFIELD_WORDS = 1 << 16;

  private WireCodec() {}

  public static byte[] encode(WireMessage message) {
    if (message instanceof Data d) {
      return ProofCodec.encodeData(d.request(), d.proof());
    }
    Encoder e = new Encoder(32);
    if (message instanceof Sync s) {
      e.uint((s.canUpgrade() ? 1 : 0) | (s.uploading() ? 2 : 0) | (s.downloading() ? 4 : 0)
              | (s.hasManifest() ? 8 : 0) | (s.allowPush() ? 16 : 0))
          .uint(s.fork()).uint(s.length()).uint(s.remoteLength());
    } else if (message instanceof Request r) {
      request(e, r);
    } else if (message instanceof Cancel c) {
      e.uint(c.request());
    } else if (message instanceof NoData n) {
      e.uint(n.request()).uint(n.reason() != 0 ? 1 : 0);
      if (n.reason() != 0) {
        e.uint(n.reason());
      }
    } else if (message instanceof Want w) {
      e.uint(w.start()).uint(w.length());
      if (w.any()) {
        e.uint(1);
      }
    } else if (message instanceof Bitfield b) {
      int[] words = b.words();
      e.uint(b.start()).uint(words.length);
      for (int w : words) {
        e.uint32(w & 0xFFFFFFFFL);
      }
    } else if (message instanceof Range r) {
      e.uint((r.drop() ? RANGE_DROP : 0) | (r.length() == 1 ? RANGE_ONE : 0)).uint(r.start());
      if (r.length() != 1) {
        e.uint(r.length());
      }
    } else if (message instanceof Extension x) {
      e.string(x.name()).raw(x.message());
    } else {
      throw new IllegalArgumentException("unknown message " + message);
    }
    return e.toByteArray();
  }

  /**
   * Decodes a payload of wire type {@code type} (0..9; callers ignore other types as JS does).
   *
   * @throws HyperbeeException {@code DECODING_ERROR} naming the message and the problem
   */
  public static WireMessage decode(int type, byte[] payload) {
    try {
      Decoder d = new Decoder(payload);
      WireMessage m = switch (type) {
        case WireMessage.SYNC -> sync(d);
        case WireMessage.REQUEST -> request(d);
        case WireMessage.CANCEL -> new Cancel(d.uint());
        case WireMessage.DATA -> {
          ProofCodec.Data data = ProofCodec.decodeData(payload);
          d.raw(); // ProofCodec checked the whole payload
          yield new Data(data.requestId(), data.proof());
        }
        case WireMessage.NO_DATA -> noData(d);
        case WireMessage.WANT, WireMessage.UNWANT -> {
          long start = d.uint();
          long length = d.uint();
          yield new Want(start, length, (optionalFlags(d) & 1) != 0, type == WireMessage.UNWANT);
        }
        case WireMessage.BITFIELD -> bitfield(d);
        case WireMessage.RANGE -> range(d);
        case WireMessage.EXTENSION -> new Extension(d.string(), d.raw());
        default -> throw new IllegalArgumentException("unknown message type " + type);
      };
      d.requireEnd(name(type));
      return m;
    } catch (RuntimeException e) {
      throw malformed(type, e);
    }
  }

  /** The JS name of a wire type, for messages and logs. */
  public static String name(int type) {
    return switch (type) {
      case WireMessage.SYNC -> "sync";
      case WireMessage.REQUEST -> "request";
      case WireMessage.CANCEL -> "cancel";
      case WireMessage.DATA -> "data";
      case WireMessage.NO_DATA -> "noData";
      case WireMessage.WANT -> "want";
      case WireMessage.UNWANT -> "unwant";
      case WireMessage.BITFIELD -> "bitfield";
      case WireMessage.RANGE -> "range";
      case WireMessage.EXTENSION -> "extension";
      default -> "type " + type;
    };
  }

  private static HyperbeeException malformed(int type, RuntimeException e) {
    return new HyperbeeException(ErrorCode.DECODING_ERROR, "malformed " + name(type) + " message: " + e.getMessage(), e);
  }

  private static Sync sync(Decoder d) {
    long flags = d.uint();
    return new Sync(d.uint(), d.uint(), d.uint(),
        (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0, (flags & 8) != 0, (flags & 16) != 0);
  }

  private static void request(Encoder e, Request r) {
    ProofRequest p = r.proof();
    e.uint((p.block() != null ? REQ_BLOCK : 0) | (p.hash() != null ? REQ_HASH : 0) | (p.seek() != null ? REQ_SEEK : 0)
        | (p.upgrade() != null ? REQ_UPGRADE : 0) | (p.manifest() ? REQ_MANIFEST : 0)
        | (r.priority() != 0 ? REQ_PRIORITY : 0));
    e.uint(r.id()).uint(p.fork());
    if (p.block() != null) {
      e.uint(p.block().index()).uint(p.block().nodes());
    }
    if (p.hash() != null) {
      e.uint(p.hash().index()).uint(p.hash().nodes());
    }
    if (p.seek() != null) {
      e.uint(p.seek().bytes()).uint(p.seek().padding());
    }
    if (p.upgrade() != null) {
      e.uint(p.upgrade().start()).uint(p.upgrade().length());
    }
    if (r.priority() != 0) {
      e.uint(r.priority());
    }
  }

  private static Request request(Decoder d) {
    long flags = d.uint();
    long id = d.uint();
    long fork = d.uint();
    ProofRequest.Index block = (flags & REQ_BLOCK) != 0 ? new ProofRequest.Index(d.uint(), d.uint()) : null;
    ProofRequest.Index hash = (flags & REQ_HASH) != 0 ? new ProofRequest.Index(d.uint(), d.uint()) : null;
    ProofRequest.Seek seek = (flags & REQ_SEEK) != 0 ? new ProofRequest.Seek(d.uint(), d.uint()) : null;
    ProofRequest.Upgrade upgrade = (flags & REQ_UPGRADE) != 0 ? new ProofRequest.Upgrade(d.uint(), d.uint()) : null;
    long priority = (flags & REQ_PRIORITY) != 0 ? d.uint() : 0;
    return new Request(id, new ProofRequest(fork, block, hash, seek, upgrade, (flags & REQ_MANIFEST) != 0), priority);
  }

  private static NoData noData(Decoder d) {
    long request = d.uint();
    long flags = optionalFlags(d);
    return new NoData(request, (flags & 1) != 0 ? d.uint() : 0);
  }

  /** A trailing flags varint that older encoders leave out. */
  private static long optionalFlags(Decoder d) {
    return d.hasRemaining() ? d.uint() : 0;
  }

  private static Bitfield bitfield(Decoder d) {
    long start = d.uint();
    int count = d.uintAsInt("bitfield length");
    if (count > MAX_BITFIELD_WORDS) {
      throw new IllegalArgumentException("bitfield of " + count + " words is longer than one segment");
    }
    if (count * 4 > d.remaining()) {
      throw new IllegalArgumentException("bitfield of " + count + " words needs " + (count * 4) + " bytes, "
          + d.remaining() + " left");
    }
    int[] words = new int[count];
    for (int i = 0; i < count; i++) {
      words[i] = (int) d.uint32();
    }
    return new Bitfield(start, words);
  }

  private static Range range(Decoder d) {
    long flags = d.uint();
    long start = d.uint();
    long length = (flags & RANGE_ONE) != 0 ? 1 : d.uint();
    return new Range((flags & RANGE_DROP) != 0, start, length);
  }

  static void checkUint(long n, String name) {
    if (n < 0) {
      throw new IllegalArgumentException(name + " must not be negative: " + n);
    }
  }
}
