package io.hyperbee.replication.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hyperbee.log.Hypercore;
import io.hyperbee.replication.net.Listener;
import io.hyperbee.replication.replicator.Replicator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A replica that was away while the writer appended connects again: update() learns the new
 * length. The writer's first sync on the new channel may go out before ours arrived, so it acks
 * length 0, not ours; that peer has more but cannot upgrade us yet, and update must wait for its
 * next sync instead of answering "nothing new".
 */
@Timeout(120)
class ReconnectingReplicaTest extends TcpFixture {
  @Test
  void updateAfterReconnectingLearnsWhatWasAppendedMeanwhile() throws Exception {
    Hypercore writer = servedCore(21, 10, "block ");
    Replicator reader = follow(writer.key());
    Listener listener = listen();
    for (int round = 0; round < 60; round++) {
      ReplicationStream stream = connect(listener.address());
      reader.update(WAIT); // the eager upgrade may have been quicker: then it returns false
      assertEquals(writer.length(), reader.core().length(), "round " + round + ": after update");
      if (round > 0) {
        assertArrayEquals(b("away " + (round - 1)), reader.get(9 + round, WAIT));
      }
      stream.close();
      await(() -> reader.peerCount() == 0, () -> "the reader saw the connection close");
      writer.append(List.of(b("away " + round)));
    }
  }
}
