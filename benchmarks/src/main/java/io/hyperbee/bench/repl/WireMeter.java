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
 * sent. {@link #reset} starts a new phase (the connect, then the measured operation). With
 * {@code -Dreplbench.trace=true} (a peer JVM option) every message counted is also printed.
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

  /** Prints each message of a decoding meter to stderr with its time and depth (-Dreplbench.trace=true). */
  private static final boolean TRACE = Boolean.getBoolean("replbench.trace");
  private long t0 = System.nanoTime();

  /** One line of the trace: how the extra round trips of issue 14's cold range were found. */
  private void trace(String what) {
    if (TRACE && decode) {
      System.err.printf(java.util.Locale.ROOT, "trace %8.2f ms %s%n", (System.nanoTime() - t0) / 1e6, what);
    }
  }

  synchronized void reset() {
    t0 = System.nanoTime();
    depthOf.clear();
    requests = blocks = blockBytes = extensionsSent = extensionsReceived = 0;
    maxReceived = maxSent = extensionDepth = 0;
  }

  @Override
  public synchronized void sent(int type, byte[] payload) {
    if (type == WireMessage.REQUEST) {
      requests++;
      if (decode) {
        WireMessage.Request r = (WireMessage.Request) WireCodec.decode(type, payload);
        depthOf.put(r.id(), nextDepth());
        trace("-> request id=" + r.id() + " prio=" + r.priority() + " depth=" + depthOf.get(r.id())
            + " block=" + r.proof().block() + " hash=" + r.proof().hash() + " upgrade=" + r.proof().upgrade());
      }
    } else if (type == WireMessage.EXTENSION) {
      extensionsSent++;
      extensionDepth = nextDepth();
      trace("-> extension depth=" + extensionDepth + " bytes=" + payload.length);
    }
  }

  @Override
  public synchronized void received(int type, byte[] payload) {
    if (!decode) {
      return;
    }
    if (type == WireMessage.DATA) {
      WireMessage.Data data = (WireMessage.Data) WireCodec.decode(type, payload);
      trace("<- data request=" + data.request() + " depth=" + depthOf.get(data.request()) + " block="
          + (data.proof().block() == null ? null : data.proof().block().index()));
      answered(data.request());
      if (data.proof().block() != null) {
        blocks++;
        blockBytes += data.proof().block().value().length;
      }
    } else if (type == WireMessage.NO_DATA) {
      answered(((WireMessage.NoData) WireCodec.decode(type, payload)).request());
    } else if (type == WireMessage.EXTENSION) {
      extensionsReceived++;
      trace("<- extension of depth " + extensionDepth + " bytes=" + payload.length);
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
