package io.hyperbee.replication.replicator;

import io.hyperbee.replication.stream.WireTap;
import io.hyperbee.replication.wire.WireCodec;
import io.hyperbee.replication.wire.WireMessage;
import java.util.HashMap;
import java.util.Map;

/**
 * Round trips on a reader's link, as the replication bench counts them: a request sent has depth
 * 1 + the deepest answer received before it ({@code data} / {@code noData} matched by request id),
 * and the round trips are the deepest request: the longest chain of requests each sent after an
 * answer it may have waited for. Counts, not times: the same on a slow machine.
 */
final class RoundTripCounter implements WireTap {
  private final Map<Long, Integer> depthOf = new HashMap<>();
  private int deepestAnswer;
  private int deepestRequest;

  @Override
  public synchronized void sent(int type, byte[] payload) {
    if (type == WireMessage.REQUEST) {
      int depth = deepestAnswer + 1;
      depthOf.put(((WireMessage.Request) WireCodec.decode(type, payload)).id(), depth);
      deepestRequest = Math.max(deepestRequest, depth);
    }
  }

  @Override
  public synchronized void received(int type, byte[] payload) {
    Long id = null;
    if (type == WireMessage.DATA) {
      id = ((WireMessage.Data) WireCodec.decode(type, payload)).request();
    } else if (type == WireMessage.NO_DATA) {
      id = ((WireMessage.NoData) WireCodec.decode(type, payload)).request();
    }
    Integer depth = id == null ? null : depthOf.remove(id);
    if (depth != null) {
      deepestAnswer = Math.max(deepestAnswer, depth);
    }
  }

  /** The round trips since the last reset. */
  synchronized int roundTrips() {
    return deepestRequest;
  }

  /** Starts counting again (after the connect and first update). */
  synchronized void reset() {
    depthOf.clear();
    deepestAnswer = 0;
    deepestRequest = 0;
  }
}
