package io.hyperbee.bench.repl;

import io.hyperbee.replication.stream.WireTap;
import io.hyperbee.replication.wire.WireCodec;
import io.hyperbee.replication.wire.WireMessage;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts what one reader's stream sends and receives, as the JS bench's {@code Meter} does: request
 * messages sent, blocks and block bytes received, extension messages, and round trips. Each
 * request gets a depth of 1 + the highest depth among the responses received so far ({@code data}
 * / {@code noData} matched by request id; a {@code hyperbee} extension message sent is a request
 * and the next extension message received its response); the round trips are the highest depth
 * sent. {@link #reset} starts a new phase (the connect, then the measured operation).
 */
final class WireMeter implements WireTap {
  private final boolean decode;
  private final Map<Long, Integer> depthOf = new HashMap<>();
  private long requests;
  private long blocks;
  private long blockBytes;
  private long extensionsSent;
  private long extensionsReceived;
  private int maxReceived;
  private int maxSent;
  private int extensionDepth;

  /** {@code decode}: match responses to requests (round trips, blocks); else count requests only. */
  WireMeter(boolean decode) {
    this.decode = decode;
  }

  synchronized void reset() {
    depthOf.clear();
    requests = blocks = blockBytes = extensionsSent = extensionsReceived = 0;
    maxReceived = maxSent = extensionDepth = 0;
  }

  @Override
  public synchronized void sent(int type, byte[] payload) {
    if (type == WireMessage.REQUEST) {
      requests++;
      if (decode) {
        depthOf.put(((WireMessage.Request) WireCodec.decode(type, payload)).id(), nextDepth());
      }
    } else if (type == WireMessage.EXTENSION) {
      extensionsSent++;
      extensionDepth = nextDepth();
    }
  }

  @Override
  public synchronized void received(int type, byte[] payload) {
    if (!decode) {
      return;
    }
    if (type == WireMessage.DATA) {
      WireMessage.Data data = (WireMessage.Data) WireCodec.decode(type, payload);
      answered(data.request());
      if (data.proof().block() != null) {
        blocks++;
        blockBytes += data.proof().block().value().length;
      }
    } else if (type == WireMessage.NO_DATA) {
      answered(((WireMessage.NoData) WireCodec.decode(type, payload)).request());
    } else if (type == WireMessage.EXTENSION) {
      extensionsReceived++;
      maxReceived = Math.max(maxReceived, extensionDepth);
    }
  }

  private int nextDepth() {
    int d = maxReceived + 1;
    maxSent = Math.max(maxSent, d);
    return d;
  }

  private void answered(long request) {
    Integer d = depthOf.remove(request);
    if (d != null) {
      maxReceived = Math.max(maxReceived, d);
    }
  }

  synchronized Counts counts() {
    return new Counts(requests, blocks, blockBytes, maxSent, extensionsSent, extensionsReceived);
  }

  /** One phase's counts; {@code roundTrips} is the longest request → response → request chain. */
  record Counts(long requests, long blocks, long blockBytes, int roundTrips, long extensionsSent,
      long extensionsReceived) {}
}
