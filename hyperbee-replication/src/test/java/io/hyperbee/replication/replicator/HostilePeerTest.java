package io.hyperbee.replication.replicator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.merkle.Node;
import io.hyperbee.merkle.Proof;
import io.hyperbee.replication.wire.WireCodec;
import io.hyperbee.replication.wire.WireMessage;
import io.hyperbee.replication.wire.WireMessage.Data;
import io.hyperbee.replication.wire.WireMessage.Sync;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A reader with a hostile peer (connected first, so it is asked first) and an honest one: each
 * kind of lie gets the hostile peer dropped with its reason, nothing it sent is stored, and the
 * read is served by the honest peer.
 */
class HostilePeerTest extends ReplicationFixture {

  private void readThroughHostile(MemoryLink.Tamper tamper, String expectedReason, ReplicatorOptions options) {
    Replicator writer = writer(64);
    Replicator hostileServer = own(Replicator.of(writer.core(), options)); // serves the real core, then lies
    Replicator reader = replica(writer, options);
    MemoryLink hostile = own(MemoryLink.connect(reader, hostileServer, tamper));
    // the hostile peer's sync arrives first, so the upgrade is asked of it
    await(() -> synced(reader, hostile.clientPeer) || hostile.clientCloseReason() != null, "the hostile peer synced");
    MemoryLink honest = link(reader, writer);
    assertNotNull(honest);
    for (int i : new int[] {9, 40, 63}) {
      assertArrayEquals(block(i), reader.get(i, WAIT), "block " + i);
    }
    await(() -> hostile.clientCloseReason() != null, "the hostile peer was dropped");
    assertTrue(hostile.clientCloseReason().contains(expectedReason), hostile.clientCloseReason());
    assertEquals(64, reader.core().length());
    assertArrayEquals(writer.core().signature(), reader.core().signature());
    reader.core().verify(); // every stored block and node hashes up to the writer's signed root
    for (int i = 0; i < 64; i++) {
      if (reader.core().has(i)) {
        assertArrayEquals(block(i), reader.core().get(i));
      }
    }
  }

  private static boolean synced(Replicator reader, Peer peer) {
    synchronized (reader.lock) {
      return peer.remoteSynced;
    }
  }

  /** Rewrites the proofs of outgoing data messages. */
  private static MemoryLink.Tamper data(UnaryOperator<Proof> change) {
    return MemoryLink.payloads((type, payload) -> {
      if (type != WireMessage.DATA) {
        return payload;
      }
      Data d = (Data) WireCodec.decode(type, payload);
      return WireCodec.encode(new Data(d.request(), change.apply(d.proof())));
    });
  }

  /** Rewrites the outgoing syncs. */
  private static MemoryLink.Tamper syncs(UnaryOperator<Sync> change) {
    return MemoryLink.payloads((type, payload) -> type != WireMessage.SYNC ? payload
        : WireCodec.encode(change.apply((Sync) WireCodec.decode(type, payload))));
  }

  /** Upgrades are answered, block requests never. */
  private static MemoryLink.Tamper blocksNeverAnswered() {
    return MemoryLink.payloads((type, payload) -> {
      if (type != WireMessage.DATA) {
        return payload;
      }
      Data d = (Data) WireCodec.decode(type, payload);
      return d.proof().block() == null ? payload : null;
    });
  }

  private static Proof withBlock(Proof p, byte[] value, List<Node> nodes) {
    return new Proof(p.fork(), new Proof.BlockProof(p.block().index(), value, nodes), p.hash(), p.seek(), p.upgrade(), p.manifest());
  }

  @Test
  void aForgedBlockIsRefused() {
    readThroughHostile(data(p -> {
      if (p.block() == null) {
        return p;
      }
      byte[] forged = p.block().value();
      forged[0] ^= 1;
      return withBlock(p, forged, p.block().nodes());
    }), "invalid data for request", OPTIONS);
  }

  @Test
  void aBadProofIsRefused() {
    readThroughHostile(data(p -> {
      if (p.block() == null || p.block().nodes().isEmpty()) {
        return p;
      }
      List<Node> nodes = new ArrayList<>(p.block().nodes());
      Node n = nodes.get(0);
      byte[] hash = n.hash();
      hash[3] ^= 0x40;
      nodes.set(0, new Node(n.index(), n.size(), hash));
      return withBlock(p, p.block().value(), nodes);
    }), "invalid data for request", OPTIONS);
  }

  @Test
  void aWrongSignatureIsRefused() {
    readThroughHostile(data(p -> {
      if (p.upgrade() == null) {
        return p;
      }
      Proof.UpgradeProof u = p.upgrade();
      byte[] sig = u.signature();
      sig[10] ^= 1;
      return new Proof(p.fork(), p.block(), p.hash(), p.seek(),
          new Proof.UpgradeProof(u.start(), u.length(), u.nodes(), u.additionalNodes(), sig), p.manifest());
    }), "invalid data for request", OPTIONS);
  }

  @Test
  void aLyingLengthIsRefused() {
    readThroughHostile(syncs(s -> new Sync(s.fork(), s.length() + 1000, s.remoteLength(), true, s.uploading(),
        s.downloading(), s.hasManifest(), s.allowPush())), "lying length", OPTIONS);
  }

  @Test
  void garbageMessagesAreRefused() {
    Random random = new Random(7);
    readThroughHostile(MemoryLink.payloads((type, payload) -> {
      if (type != WireMessage.DATA) {
        return payload;
      }
      byte[] garbage = new byte[1 + random.nextInt(20)];
      random.nextBytes(garbage);
      garbage[0] = (byte) 0x7F; // flags no data message has
      return garbage;
    }), "malformed data message", OPTIONS);
  }

  @Test
  void aStalledPeerIsDroppedAndTheReadMovesOn() {
    ReplicatorOptions quick = OPTIONS.withRequestTimeout(Duration.ofMillis(300));
    readThroughHostile(MemoryLink.payloads((type, payload) -> type == WireMessage.DATA || type == WireMessage.NO_DATA ? null : payload),
        "stalled: no answer to request", quick);
  }

  @Test
  void dataOnAnotherForkIsRefused() {
    readThroughHostile(data(p -> p.block() == null ? p
        : new Proof(p.fork() + 1, p.block(), p.hash(), p.seek(), p.upgrade(), p.manifest())),
        "data on fork 1", OPTIONS);
  }

  @Test
  void aPeerAnsweringNoDataIsAskedNoMoreForThatReadAndAnotherServesIt() {
    Replicator writer = writer(64);
    Replicator refusing = own(Replicator.of(writer.core(), OPTIONS));
    Replicator reader = replica(writer);
    // the refusing peer proves the length but answers every block request with noData
    MemoryLink noData = own(MemoryLink.connect(reader, refusing, frame -> {
      if (frame.type() != WireMessage.DATA) {
        return frame;
      }
      Data d = (Data) WireCodec.decode(frame.type(), frame.payload());
      return d.proof().block() == null ? frame : new MemoryLink.Frame(WireMessage.NO_DATA,
          WireCodec.encode(new WireMessage.NoData(d.request(), WireMessage.NoData.NOT_AVAILABLE)));
    }));
    await(() -> synced(reader, noData.clientPeer), "the refusing peer synced");
    reader.update(WAIT); // the eager upgrade on its sync may have finished already
    assertEquals(64, reader.core().length());
    link(reader, writer);
    await(() -> reader.peerCount() == 2, "both peers opened");
    assertArrayEquals(block(20), reader.get(20, WAIT));
    assertEquals(null, noData.clientCloseReason(), "noData is an answer, not a lie");
    assertTrue(noData.clientSent.contains(WireMessage.REQUEST));
  }

  @Test
  void aReadThatTimesOutCancelsItsRequest() {
    Replicator writer = writer(16);
    Replicator silent = own(Replicator.of(writer.core(), OPTIONS));
    Replicator reader = replica(writer);
    MemoryLink link = own(MemoryLink.connect(reader, silent, blocksNeverAnswered()));
    reader.update(WAIT); // the eager upgrade on its sync may have finished already
    assertEquals(16, reader.core().length());
    io.hyperbee.HyperbeeException e = org.junit.jupiter.api.Assertions.assertThrows(io.hyperbee.HyperbeeException.class,
        () -> reader.get(7, Duration.ofMillis(300)));
    assertTrue(e.getMessage().contains("block 7"), e.getMessage());
    assertEquals(WireMessage.CANCEL, (int) link.clientSent.get(link.clientSent.size() - 1));
    assertEquals(null, link.clientCloseReason(), "the request timeout (20 s) has not passed: not a stall yet");
  }

  @Test
  void aFuzzedMessageOfEachTypeDropsThePeerAndLeavesTheReplicaAsItWas() {
    Replicator writer = writer(32);
    Replicator reader = followingReplica(writer);
    assertArrayEquals(block(3), reader.get(3, WAIT));
    byte[] signature = reader.core().signature();
    Random random = new Random(99);
    int dropped = 0;
    for (int type = 0; type < WireMessage.TYPES; type++) {
      for (int round = 0; round < 20; round++) {
        byte[] payload = new byte[1 + random.nextInt(40)];
        random.nextBytes(payload);
        ScriptedPeer fake = ScriptedPeer.open(reader);
        fake.receive(type, payload);
        String reason = fake.peer.dropReason();
        if (reason != null) {
          dropped++;
          assertTrue(reason.contains("malformed") || reason.contains("while handling") || reason.contains("fork")
              || reason.contains("invalid data"), reason);
        } else {
          fake.peer.onClose(); // it decoded to something harmless: an ignored answer, a want, an extension
        }
      }
    }
    assertTrue(dropped > 100, "most random payloads are malformed: " + dropped);
    assertEquals(32, reader.core().length());
    assertArrayEquals(signature, reader.core().signature());
    reader.core().verify();
    assertArrayEquals(block(9), reader.get(9, WAIT), "the honest peer still serves");
  }

  @Test
  void aPeerClaimingAnotherForkIsDroppedWhenItCannotProveIt() {
    readThroughHostile(syncs(s -> new Sync(s.fork() + 1, s.length(), s.remoteLength(), true, s.uploading(),
        s.downloading(), s.hasManifest(), s.allowPush())), "on fork 1", OPTIONS);
  }

  /** A well-formed lie of one kind, and the reason it is dropped for (null: ignored, as JS does). */
  private record Forgery(String what, List<WireMessage> messages, String dropReason) {}

  @Test
  void aForgedMessageOfEachTypeIsRefusedOrIgnoredAndNothingIsStored() {
    Replicator writer = writer(32);
    Replicator reader = followingReplica(writer);
    assertArrayEquals(block(3), reader.get(3, WAIT));
    byte[] signature = reader.core().signature();
    List<Long> held = held(reader);
    Proof real = writer.core().proof(io.hyperbee.merkle.ProofRequest.block(0, 5, 0));
    Sync honestSync = new Sync(0, 32, 32, false, true, true, false, false);
    List<WireMessage> invalidRequests = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      invalidRequests.add(new WireMessage.Request(i + 1, io.hyperbee.merkle.ProofRequest.upgrade(0, 10_000, 5), 0));
    }
    List<Forgery> forgeries = List.of(
        new Forgery("sync on another fork", List.of(new Sync(7, 1000, 0, true, true, true, false, false)), null),
        new Forgery("requests no proof answers", invalidRequests, "64 invalid requests"),
        new Forgery("cancel of nothing", List.of(new WireMessage.Cancel(12345)), null),
        new Forgery("data nobody asked for", List.of(new Data(999, real)), null),
        new Forgery("noData nobody asked for", List.of(new WireMessage.NoData(999, 1)), null),
        new Forgery("want of more than a segment", List.of(new WireMessage.Want(0, 1L << 30, false, false)), null),
        new Forgery("unwant", List.of(new WireMessage.Want(0, Peer.SEGMENT, false, true)), null),
        new Forgery("bitfield past the advertised length",
            List.of(honestSync, new WireMessage.Bitfield(1 << 20, new int[] {-1})), "beyond the advertised length 32"),
        new Forgery("range past the advertised length", List.of(honestSync, new WireMessage.Range(false, 0, 1_000_000)), null),
        new Forgery("extension nobody registered", List.of(new WireMessage.Extension("nobody", new byte[100])), null));
    for (Forgery forgery : forgeries) {
      ScriptedPeer fake = ScriptedPeer.open(reader);
      forgery.messages().forEach(fake::receive);
      String reason = fake.peer.dropReason();
      if (forgery.dropReason() == null) {
        assertEquals(null, reason, forgery.what());
        assertTrue(!fake.sent.contains(WireMessage.REQUEST), forgery.what() + ": nothing was asked of it");
        fake.peer.onClose();
      } else {
        assertNotNull(reason, forgery.what());
        assertTrue(reason.contains(forgery.dropReason()), forgery.what() + ": " + reason);
      }
    }
    assertEquals(32, reader.core().length());
    assertArrayEquals(signature, reader.core().signature());
    assertEquals(held, held(reader), "no block was stored from a forgery");
    reader.core().verify();
    assertArrayEquals(block(9), reader.get(9, WAIT), "the honest peer still serves");
  }

  @Test
  void aPeerThatAdvertisesALengthAndRefusesToProveItIsDroppedForLying() {
    Replicator writer = writer(32);
    Replicator reader = followingReplica(writer);
    byte[] signature = reader.core().signature();
    ScriptedPeer liar = ScriptedPeer.open(reader);
    liar.receive(new Sync(0, 1000, 32, true, true, true, false, false));
    // asked at once, or as soon as the honest peer's upgrade still being stored completes
    await(() -> liar.sent(WireMessage.REQUEST, WireMessage.Request.class).stream()
        .anyMatch(r -> r.proof().upgrade() != null), "the longer length is asked for");
    WireMessage.Request asked = liar.sent(WireMessage.REQUEST, WireMessage.Request.class).stream()
        .filter(r -> r.proof().upgrade() != null).findFirst()
        .orElseThrow(() -> new AssertionError("the longer length was asked for: " + liar.sent));
    liar.receive(new WireMessage.NoData(asked.id(), 1));
    String reason = liar.peer.dropReason();
    assertNotNull(reason);
    assertTrue(reason.startsWith("lying length: advertised 1000 on fork 0"), reason);
    assertEquals(32, reader.core().length());
    assertArrayEquals(signature, reader.core().signature());
    assertArrayEquals(block(30), reader.get(30, WAIT), "the honest peer still serves");
  }

  @Test
  void aPeerThatDisconnectsWithTheRequestInFlightIsReplacedByAnother() throws Exception {
    Replicator writer = writer(64);
    Replicator leaving = own(Replicator.of(writer.core(), OPTIONS));
    Replicator reader = replica(writer);
    // it proves the length but never answers a block request: the read waits on it until it leaves
    MemoryLink link = own(MemoryLink.connect(reader, leaving, blocksNeverAnswered()));
    updated(reader);
    assertEquals(64, reader.core().length());
    java.util.concurrent.CompletableFuture<byte[]> read =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> reader.get(33, WAIT));
    await(() -> inflight(reader, link.clientPeer) > 0, "the block was asked of the peer that will leave");
    link(reader, writer); // the other source arrives while the read waits
    synchronized (leaving.lock) {
      link.serverPeer.close("going away");
    }
    assertArrayEquals(block(33), read.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
    assertEquals(null, link.clientCloseReason(), "it left; it was not dropped");
    reader.core().verify();
  }

  private static int inflight(Replicator reader, Peer peer) {
    synchronized (reader.lock) {
      return peer.inflight;
    }
  }

  private static List<Long> held(Replicator r) {
    List<Long> held = new ArrayList<>();
    for (long i = 0; i < r.core().length(); i++) {
      if (r.core().has(i)) {
        held.add(i);
      }
    }
    return held;
  }
}
