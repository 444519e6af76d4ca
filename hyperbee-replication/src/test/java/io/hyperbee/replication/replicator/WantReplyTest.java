package io.hyperbee.replication.replicator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import io.hyperbee.replication.wire.WireMessage;
import io.hyperbee.storage.CoreStorage;
import io.hyperbee.storage.MemoryCoreStorage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What a replica tells peers it holds (bitfields answering wants) comes from bits kept in memory:
 * asking it again reads no block from storage, and blocks stored since are in the next answer.
 */
class WantReplyTest extends ReplicationFixture {
  private static final int LENGTH = 4096;

  private final AtomicLong blockReads = new AtomicLong();

  /** A replica whose storage counts the blocks read from it. */
  private Replicator countedReplica(Replicator writer) {
    MemoryCoreStorage storage = new MemoryCoreStorage();
    CoreStorage counted = (CoreStorage) Proxy.newProxyInstance(CoreStorage.class.getClassLoader(),
        new Class<?>[] {CoreStorage.class}, (proxy, method, args) -> {
          if (method.getName().equals("readBlock")) {
            blockReads.incrementAndGet();
          }
          try {
            return method.invoke(storage, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    ReplicaSource source = new ReplicaSource();
    Hypercore core = own(Hypercore.open(counted, HypercoreOptions.builder().key(writer.core().key()).blockSource(source).build()));
    return own(Replicator.of(core, source, OPTIONS));
  }

  @Test
  void aWantIsAnsweredFromBitsInMemoryThatFollowWhatIsStored() {
    Replicator writer = writer(LENGTH);
    Replicator reader = countedReplica(writer);
    link(reader, writer);
    updated(reader);
    reader.download(0, 1000, 4, WAIT, null);
    for (int i = 1000; i < LENGTH; i += 97) {
      reader.get(i, WAIT);
    }
    ScriptedPeer asking = ScriptedPeer.open(reader);
    asking.receive(new WireMessage.Sync(0, 0, LENGTH, false, true, true, false, false));

    asking.receive(new WireMessage.Want(0, LENGTH, false, false));
    assertEquals(held(reader), bitfieldBlocks(asking), "the first answer");

    blockReads.set(0);
    asking.clear();
    asking.receive(new WireMessage.Want(0, LENGTH, false, false));
    assertEquals(0, blockReads.get(), "the second answer read no block");
    assertEquals(held(reader), bitfieldBlocks(asking));

    reader.get(4000, WAIT);
    reader.get(2001, WAIT);
    blockReads.set(0);
    asking.clear();
    asking.receive(new WireMessage.Want(0, LENGTH, false, false));
    assertEquals(0, blockReads.get(), "the answer after new blocks read no block");
    TreeSet<Long> now = bitfieldBlocks(asking);
    assertTrue(now.contains(4000L) && now.contains(2001L), "blocks stored since are told");
    assertEquals(held(reader), now);
  }

  @Test
  void localBlocksLoadEachPageOnceAndFollowAppendsAndTruncation() {
    TreeSet<Long> stored = new TreeSet<>(List.of(1L, 5L, 40_000L));
    AtomicLong asked = new AtomicLong();
    LocalBlocks local = new LocalBlocks(i -> {
      asked.incrementAndGet();
      return stored.contains(i);
    });
    assertTrue(local.has(1));
    assertFalse(local.has(2));
    assertEquals(1 << 15, asked.get(), "one page loaded");
    assertTrue(local.has(5));
    assertEquals(1 << 15, asked.get(), "and kept");
    local.add(2, 4);
    assertTrue(local.has(2) && local.has(3) && !local.has(4));
    local.add(39_000, 39_010); // a page not loaded: it reads the core when it is
    stored.add(39_005L);
    assertTrue(local.has(39_005) && local.has(40_000) && !local.has(39_004));
    local.truncate(3);
    assertTrue(local.has(2));
    assertFalse(local.has(3));
    assertFalse(local.has(5));
    stored.clear();
    assertFalse(local.has(40_000), "pages past the truncation are dropped and read again");
    assertFalse(local.has(-1));
  }

  @Test
  void aPeersWantsAreKeptUpTo512ThenItIsTakenToWantEverything() {
    Replicator writer = writer(64);
    Replicator reader = followingReplica(writer);
    ScriptedPeer wanting = ScriptedPeer.open(reader);
    for (long k = 0; k < 2000; k++) {
      wanting.receive(new WireMessage.Want(k * Peer.SEGMENT, Peer.SEGMENT, false, false));
    }
    synchronized (reader.lock) {
      assertEquals(Peer.MAX_REMOTE_WANTS, wanting.peer.remoteWantedSegments.size());
      assertTrue(wanting.peer.remoteWantsAll);
    }
    assertEquals(null, wanting.peer.dropReason(), "wanting is no lie");
  }

  /** Every block the bitfields sent to {@code peer} say we hold. */
  private static TreeSet<Long> bitfieldBlocks(ScriptedPeer peer) {
    TreeSet<Long> blocks = new TreeSet<>();
    for (WireMessage.Bitfield b : peer.sent(WireMessage.BITFIELD, WireMessage.Bitfield.class)) {
      int[] words = b.words();
      for (int w = 0; w < words.length; w++) {
        for (int bit = 0; bit < 32; bit++) {
          if ((words[w] & (1 << bit)) != 0) {
            blocks.add(b.start() + 32L * w + bit);
          }
        }
      }
    }
    return blocks;
  }

  private static TreeSet<Long> held(Replicator r) {
    TreeSet<Long> held = new TreeSet<>();
    for (long i = 0; i < r.core().length(); i++) {
      if (r.core().has(i)) {
        held.add(i);
      }
    }
    return held;
  }
}
