package io.hyperbee.replication.replicator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.replication.wire.WireCodec;
import io.hyperbee.replication.wire.WireMessage;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: a download's requests carry few proof nodes, as a JS reader's do. Each request asks
 * for the nodes the replica lacks on the block's path when it is sent (JS's rule), so what a
 * download costs on the wire depends on which blocks are stored by then: a JS reader downloading
 * 2,000 blocks 48 at a time asked for 1.24 nodes a block (interop trace, hypercore 11.36.1); this
 * replicator, asking for adjacent blocks 48 at a time, asked for about 5.
 */
class DownloadProofNodesTest extends ReplicationFixture {
  private static final int BLOCKS = 2_000;
  private static final int PARALLEL = 48;

  @Test
  void aParallelDownloadAsksForAboutOneNodePerBlock() {
    Replicator writer = writer(BLOCKS);
    Replicator reader = replica(writer);
    AtomicLong nodes = new AtomicLong();
    AtomicLong blocks = new AtomicLong();
    own(MemoryLink.connect(reader, writer, frame -> {
      if (frame.type() == WireMessage.DATA
          && WireCodec.decode(frame.type(), frame.payload()) instanceof WireMessage.Data d && d.proof().block() != null) {
        blocks.incrementAndGet();
        nodes.addAndGet(d.proof().block().nodes().size());
      }
      return frame;
    }));
    updated(reader);
    assertEquals(BLOCKS, reader.download(0, BLOCKS, PARALLEL, WAIT, null));
    assertEquals(BLOCKS, blocks.get());
    System.out.println("download of " + BLOCKS + " blocks, " + PARALLEL + " at a time: " + nodes.get() + " proof nodes");
    // JS's 1.24 a block, with room for the stretches' first blocks (a whole path each)
    assertTrue(nodes.get() <= 1.4 * BLOCKS, nodes.get() + " proof nodes for " + BLOCKS + " blocks");
    reader.core().verify();
  }
}
