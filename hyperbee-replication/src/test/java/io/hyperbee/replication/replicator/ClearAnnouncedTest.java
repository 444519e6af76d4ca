package io.hyperbee.replication.replicator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.replication.wire.WireCodec;
import io.hyperbee.replication.wire.WireMessage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Clearing blocks of a served core tells its peers, as hypercore 11.36.1's clear does
 * ({@code replicator.onhave(start, length, true)}: a {@code range} with drop), and a peer told so
 * no longer counts on those blocks.
 */
class ClearAnnouncedTest extends ReplicationFixture {

  @Test
  void aClearIsAnnouncedAsARangeDropAndThePeerForgetsThoseBlocks() {
    Replicator writer = writer(16);
    Replicator reader = replica(writer);
    List<WireMessage.Range> drops = new CopyOnWriteArrayList<>();
    own(MemoryLink.connect(reader, writer, frame -> {
      if (frame.type() == WireMessage.RANGE && WireCodec.decode(frame.type(), frame.payload()) instanceof WireMessage.Range r
          && r.drop()) {
        drops.add(r);
      }
      return frame;
    }));
    updated(reader);
    await(() -> reader.peerCount() == 1 && reader.peers().get(0).knowsBlock(4), "the reader knows the writer holds block 4");

    writer.core().clear(3, 6);
    await(() -> !drops.isEmpty(), "the writer announced the clear");
    assertTrue(drops.stream().anyMatch(r -> r.start() == 3 && r.length() == 3), drops.toString());
    Peer writerSeen = reader.peers().get(0);
    await(() -> !writerSeen.knowsBlock(4), "the reader forgot blocks 3..5 of the writer");
    assertFalse(writerSeen.knowsBlock(3));
    assertFalse(writerSeen.knowsBlock(5));
    assertTrue(writerSeen.knowsBlock(2) && writerSeen.knowsBlock(6), "the rest is still held");
    assertArrayEquals(block(6), reader.get(6, WAIT));

    // a peer that connects later is not told the writer holds everything any more
    Replicator late = replica(writer);
    link(late, writer);
    updated(late);
    assertArrayEquals(block(7), late.get(7, WAIT));
    assertFalse(late.peers().get(0).knowsBlock(4), "the writer's first range stops at block 3");
    assertTrue(late.peers().get(0).knowsBlock(2));
  }
}
