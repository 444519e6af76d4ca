package io.hyperbee.replication.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.btree.BeeIterator;
import io.hyperbee.btree.Hyperbee;
import io.hyperbee.btree.HistoryRange;
import io.hyperbee.btree.KeyRange;
import io.hyperbee.log.Hypercore;
import io.hyperbee.replication.bee.BeeExtension;
import io.hyperbee.replication.replicator.Replicator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Checkouts, diffs and history of a bee read on a replica over TCP (the extension on both sides)
 * equal the writer's, version by version; a checkout's get fetches only the blocks it touches.
 */
@Timeout(120)
class ReplicaCheckoutDiffTest extends TcpFixture {
  private static <T> List<T> all(BeeIterator<T> it) {
    List<T> out = new ArrayList<>();
    try (it) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  @Test
  void checkoutsAndDiffsOnAReplicaEqualTheWriters() throws Exception {
    Hypercore writer = writerCore(11);
    Hyperbee writerBee = own(writerBee(writer));
    List<Long> versions = new ArrayList<>();
    versions.add(writerBee.version());
    Random random = new Random(14);
    for (int round = 0; round < 4; round++) {
      for (int i = 0; i < 40; i++) {
        int k = random.nextInt(BEE_KEYS + 100);
        if (random.nextInt(3) == 0) {
          writerBee.del(b(beeKey(k)));
        } else {
          writerBee.put(b(beeKey(k)), b("round " + round + " " + i));
        }
      }
      versions.add(writerBee.version());
    }
    own(BeeExtension.attach(writerBee, serve(writer)));
    int port = listen().port();
    Replicator reader = follow(writer.key());
    connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
    updated(reader, writer.length());
    Hyperbee replicaBee = own(Hyperbee.open(reader.core()));
    own(BeeExtension.attach(replicaBee, reader));

    long first = versions.get(0);
    try (Hyperbee old = replicaBee.checkout(first); Hyperbee writersOld = writerBee.checkout(first)) {
      long before = reader.blocksDownloaded();
      assertEquals(writersOld.get(b(beeKey(77))), old.get(b(beeKey(77))));
      long fetched = reader.blocksDownloaded() - before;
      assertTrue(fetched < writer.length() / 10, "a checkout's get fetched " + fetched + " of " + writer.length());
    }
    for (long v : versions) {
      try (Hyperbee mine = replicaBee.checkout(v); Hyperbee theirs = writerBee.checkout(v)) {
        assertEquals(all(theirs.range(KeyRange.all())), all(mine.range(KeyRange.all())), "checkout " + v);
        KeyRange part = KeyRange.all().gte(b(beeKey(100))).lt(b(beeKey(300))).reverse(true).limit(50);
        assertEquals(all(theirs.range(part)), all(mine.range(part)), "range of checkout " + v);
      }
    }
    for (int i = 0; i + 1 < versions.size(); i++) {
      long left = versions.get(i + 1);
      long right = versions.get(i);
      try (Hyperbee mine = replicaBee.checkout(left); Hyperbee theirs = writerBee.checkout(left)) {
        assertEquals(all(theirs.diff(right, KeyRange.all())), all(mine.diff(right, KeyRange.all())),
            "diff " + left + " against " + right);
      }
    }
    assertEquals(all(writerBee.diff(first, KeyRange.all())), all(replicaBee.diff(first, KeyRange.all())));
    assertEquals(all(writerBee.history(HistoryRange.all())), all(replicaBee.history(HistoryRange.all())));
    assertEquals(List.of(), servedDropReasons());
  }
}
