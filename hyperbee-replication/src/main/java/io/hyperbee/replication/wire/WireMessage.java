package io.hyperbee.replication.wire;

import io.hyperbee.merkle.Proof;
import io.hyperbee.merkle.ProofRequest;
import java.util.Arrays;

/** One {@code hypercore/alpha} channel message; {@link #type()} is its wire type (spec 6). */
public sealed interface WireMessage {
  int SYNC = 0;
  int REQUEST = 1;
  int CANCEL = 2;
  int DATA = 3;
  int NO_DATA = 4;
  int WANT = 5;
  int UNWANT = 6;
  int BITFIELD = 7;
  int RANGE = 8;
  int EXTENSION = 9;
  /** Number of message types this protocol version defines (JS ignores the others). */
  int TYPES = 10;

  int type();

  /** The sender's view: its fork and length and what it believes the receiver's length is. */
  record Sync(
      long fork, long length, long remoteLength,
      boolean canUpgrade, boolean uploading, boolean downloading, boolean hasManifest, boolean allowPush)
      implements WireMessage {
    public Sync {
      WireCodec.checkUint(fork, "fork");
      WireCodec.checkUint(length, "length");
      WireCodec.checkUint(remoteLength, "remoteLength");
    }

    @Override
    public int type() {
      return SYNC;
    }
  }

  /**
   * Request {@code id} for the parts of {@code proof}; {@code priority} 0 is sent as absent.
   * Id 0 is the fork-conflict check (upgrade from 0), never a normal request.
   */
  record Request(long id, ProofRequest proof, long priority) implements WireMessage {
    public Request {
      WireCodec.checkUint(id, "id");
      WireCodec.checkUint(priority, "priority");
      java.util.Objects.requireNonNull(proof, "proof is null");
    }

    @Override
    public int type() {
      return REQUEST;
    }
  }

  record Cancel(long request) implements WireMessage {
    public Cancel {
      WireCodec.checkUint(request, "request");
    }

    @Override
    public int type() {
      return CANCEL;
    }
  }

  /** The answer to request {@code request} (0: unsolicited). */
  record Data(long request, Proof proof) implements WireMessage {
    public Data {
      WireCodec.checkUint(request, "request");
      java.util.Objects.requireNonNull(proof, "proof is null");
    }

    @Override
    public int type() {
      return DATA;
    }
  }

  /** Request {@code request} cannot be answered; {@code reason} 0 none, 1 not available, 2 invalid. */
  record NoData(long request, long reason) implements WireMessage {
    public static final int NOT_AVAILABLE = 1;
    public static final int INVALID_REQUEST = 2;

    public NoData {
      WireCodec.checkUint(request, "request");
      WireCodec.checkUint(reason, "reason");
    }

    @Override
    public int type() {
      return NO_DATA;
    }
  }

  /**
   * Asks for the sender's availability over {@code start..start+length} ({@code any}: one block
   * will do), or withdraws that ask ({@code unwant}: wire type 6, the same layout).
   */
  record Want(long start, long length, boolean any, boolean unwant) implements WireMessage {
    public Want {
      WireCodec.checkUint(start, "start");
      WireCodec.checkUint(length, "length");
    }

    @Override
    public int type() {
      return unwant ? UNWANT : WANT;
    }
  }

  /** Blocks held from {@code start}: bit k of word j is block {@code start + 32j + k}. */
  record Bitfield(long start, int[] words) implements WireMessage {
    public Bitfield {
      WireCodec.checkUint(start, "start");
      words = words.clone();
    }

    @Override
    public int[] words() {
      return words.clone();
    }

    /** True when block {@code start + offset} is marked. */
    public boolean get(long offset) {
      return offset >= 0 && offset < 32L * words.length && (words[(int) (offset >>> 5)] & (1 << (offset & 31))) != 0;
    }

    @Override
    public int type() {
      return BITFIELD;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Bitfield b && b.start == start && Arrays.equals(b.words, words);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(start) * 31 + Arrays.hashCode(words);
    }

    @Override
    public String toString() {
      return "Bitfield[start=" + start + ", words=" + words.length + "]";
    }
  }

  /** The sender holds ({@code drop} false) or dropped blocks {@code start..start+length}. */
  record Range(boolean drop, long start, long length) implements WireMessage {
    public Range {
      WireCodec.checkUint(start, "start");
      WireCodec.checkUint(length, "length");
    }

    @Override
    public int type() {
      return RANGE;
    }
  }

  /** An extension message; an empty {@code name} means the name of the previous one on this channel. */
  record Extension(String name, byte[] message) implements WireMessage {
    public Extension {
      java.util.Objects.requireNonNull(name, "name is null");
      message = message.clone();
    }

    @Override
    public byte[] message() {
      return message.clone();
    }

    @Override
    public int type() {
      return EXTENSION;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Extension e && e.name.equals(name) && Arrays.equals(e.message, message);
    }

    @Override
    public int hashCode() {
      return name.hashCode() * 31 + Arrays.hashCode(message);
    }

    @Override
    public String toString() {
      return "Extension[name=" + name + ", " + message.length + " bytes]";
    }
  }
}
