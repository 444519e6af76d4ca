package io.hyperbee.replication.protomux;

import static io.hyperbee.replication.protomux.MuxPair.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two Java muxes, and hand-made frames for what a well-behaved peer never sends. */
class ProtomuxPairTest {
  private static byte[] hex(String h) {
    return HexFormat.of().parseHex(h);
  }

  /** "test" channel open with local id {@code id}, no channel id, no handshake. */
  private static byte[] openTest(int id) {
    return Frames.open(id, "test", null, null);
  }

  @Test
  void openWithAnIdMoreThanOneAboveTheHighestDestroysTheStream() throws Exception {
    MuxPair x = new MuxPair();
    Channel ch = x.channel("a", x.a, "test", utf8("one"), 1);
    ch.open(null);
    x.settle();
    assertTrue(ch.isOpened());
    Protomux b = x.b;
    ProtomuxException e = assertThrows(ProtomuxException.class, () -> b.receive(openTest(3)));
    assertTrue(e.getMessage().startsWith("Invalid open message"), e.getMessage());
    assertTrue(b.isDestroyed());
    assertTrue(x.accepted.get(0).isClosed(), "b's channels closed with the stream");
    assertTrue(x.events.contains("b close test/6f6e65 remote=true"), x.events.toString());
    assertNull(b.createChannel(ChannelOptions.of("test", null)), "no channels on a destroyed mux");
    assertThrows(ProtomuxException.class, () -> b.receive(new byte[] {1, 0}));
  }

  @Test
  void openWithAnIdInUseDestroysTheStream() throws Exception {
    Protomux b = new MuxPair().b;
    b.receive(openTest(1));
    ProtomuxException e = assertThrows(ProtomuxException.class, () -> b.receive(openTest(1)));
    assertTrue(e.getMessage().startsWith("Invalid open message"), e.getMessage());
  }

  @Test
  void rejectOfAChannelNeverOpenedDestroysTheStream() {
    Protomux a = new MuxPair().a;
    ProtomuxException e = assertThrows(ProtomuxException.class, () -> a.receive(Frames.reject(1)));
    assertTrue(e.getMessage().startsWith("Invalid reject message"), e.getMessage());
  }

  @Test
  void emptyFramesUnknownControlTypesAndClosedChannelsAreIgnored() throws Exception {
    MuxPair x = new MuxPair();
    x.b.receive(new byte[0]);
    x.b.receive(hex("0009ffff")); // control type 9
    x.b.receive(hex("050068656c6c6f")); // channel 5 never opened
    x.b.receive(Frames.close(7));
    assertFalse(x.b.isDestroyed());
    assertTrue(x.bToA.isEmpty());
  }

  @Test
  void truncatedFramesDestroyTheStream() {
    for (String frame : List.of("00", "0001", "000101", "00010104746573", "fd01", "0000")) {
      Protomux b = new MuxPair().b;
      assertThrows(ProtomuxException.class, () -> b.receive(hex(frame)), frame);
      assertTrue(b.isDestroyed(), frame);
    }
  }

  @Test
  void batchStartingAtChannelZeroCarriesOpens() throws Exception {
    // as corestore sends it: 00 00 00 (len 01 01 ...)(len 01 02 ...) and then a message to 1
    byte[] open1 = java.util.Arrays.copyOfRange(Frames.open(1, "test", utf8("k1"), null), 1, 11);
    byte[] open2 = java.util.Arrays.copyOfRange(Frames.open(2, "test", utf8("k2"), null), 1, 11);
    String frame = "000000" + "0a" + MuxPair.hex(open1) + "0a" + MuxPair.hex(open2)
        + "00" + "01" + "03" + "00" + "6869";
    MuxPair x = new MuxPair();
    x.b.receive(hex(frame));
    assertEquals(List.of("b open test/6b31 hs=", "b open test/6b32 hs=", "b message test/6b31 type=0 6869"),
        x.events);
    // several items: b answered with one batch holding both opens
    assertEquals(1, x.bToA.size());
    assertEquals("0000000e01010474657374026b31622d6b310e01020474657374026b32622d6b32",
        MuxPair.hex(x.bToA.get(0)));
  }

  @Test
  void peerMessagesWaitUntilTheAcceptedChannelIsOpened() throws Exception {
    MuxPair x = new MuxPair();
    Channel[] later = new Channel[1];
    x.b.pair("slow", null, id -> later[0] = x.channel("b", x.b, "slow", id, 1));
    x.b.receive(Frames.open(1, "slow", null, utf8("hs")));
    x.b.receive(Frames.message(1, 0, utf8("early")));
    assertEquals(List.of(), x.events);
    later[0].open(null);
    assertEquals(List.of("b open slow/ hs=6873", "b message slow/ type=0 6561726c79"), x.events);
  }

  @Test
  void unpairedProtocolsAreRejectedAndIdsAreReused() throws Exception {
    MuxPair x = new MuxPair();
    x.b.unpair("test", null);
    Channel ch = x.channel("a", x.a, "test", null, 1);
    ch.open(null);
    x.settle();
    assertEquals(List.of("000201"), x.bToA.stream().map(MuxPair::hex).toList());
    assertTrue(ch.isClosed());
    Channel again = x.channel("a", x.a, "test", null, 1);
    again.open(null);
    assertEquals("000101047465737400", MuxPair.hex(x.aToB.get(x.aToB.size() - 1)), "id 1 again");
  }

  @Test
  void uniqueChannelsRefuseASecondOpenOfTheSameProtocolAndId() {
    MuxPair x = new MuxPair();
    Channel ch = x.channel("a", x.a, "test", utf8("u"), 1);
    assertNotNull(x.a.createChannel(ChannelOptions.of("test", utf8("u"))), "not open yet");
    ch.open(null);
    assertTrue(x.a.opened("test", utf8("u")));
    assertNull(x.a.createChannel(ChannelOptions.of("test", utf8("u"))));
    assertNotNull(x.a.createChannel(ChannelOptions.of("test", utf8("u")).unique(false)));
  }

  @Test
  void aChannelCreatedOnOneThreadAndOpenedLaterPairsThoughThePeersOpenCameBetween() {
    // ThreeReadersTest's hostile RawPeer (issue 14): it created its channel after the handshake
    // and opened it a moment later; the writer's own open came in between and was rejected (no
    // pair handler), which dropped the (protocol, id) record the created channel held, so the
    // writer's next open (answering ours) was rejected too and our channel never opened
    MuxPair x = new MuxPair();
    Channel theirs = x.channel("b", x.b, "test", utf8("k"), 1);
    theirs.open(utf8("first"));
    Channel ours = x.channel("a", x.a, "test", utf8("k"), 1);
    x.settle(); // a rejects b's open: nothing of ours is open yet
    assertTrue(theirs.isClosed());
    assertFalse(ours.isOpened());
    ours.open(utf8("ours"));
    x.settle(); // b's pair handler answers our open with a new channel
    assertTrue(ours.isOpened(), x.events.toString());
    assertTrue(x.accepted.get(0).isOpened(), x.events.toString());
    assertTrue(x.a.opened("test", utf8("k")));
  }

  @Test
  void aChannelClosedBeforeThePeersOpenArrivesFreesItsIdWhenItDoes() {
    MuxPair x = new MuxPair();
    Channel ch = x.channel("a", x.a, "test", null, 1);
    ch.open(null);
    ch.close();
    x.settle();
    assertTrue(ch.isDestroyed());
    Channel next = x.channel("a", x.a, "test", null, 1);
    next.open(null);
    x.settle();
    assertEquals("000101047465737400", MuxPair.hex(x.aToB.get(x.aToB.size() - 1)), "id 1 reused");
    assertTrue(next.isOpened());
  }

  @Test
  void aFailingCallbackDestroysTheStreamWithItsCause() {
    MuxPair x = new MuxPair();
    Channel ch = x.a.createChannel(ChannelOptions.of("test", null));
    ch.addMessage(MessageEncoding.RAW, (m, c) -> {
      throw new IllegalStateException("handler broke");
    });
    ch.open(null);
    x.settle();
    x.accepted.get(0).addMessage(MessageEncoding.RAW, (m, c) -> {});
    Protomux a = x.a;
    ProtomuxException e = assertThrows(ProtomuxException.class, () -> a.receive(Frames.message(1, 0, utf8("boom"))));
    assertEquals("handler broke", e.getCause().getMessage());
    assertTrue(ch.isClosed());
  }

  @Test
  void sendingBeforeOpenIsRefusedAndAfterCloseIsFalse() {
    MuxPair x = new MuxPair();
    Channel ch = x.a.createChannel(ChannelOptions.of("test", null));
    Message<byte[]> m = ch.addMessage(MessageEncoding.RAW, (v, c) -> {});
    assertThrows(IllegalStateException.class, () -> m.send(new byte[1]));
    ch.open(null);
    assertTrue(m.send(new byte[1]));
    ch.close();
    assertFalse(m.send(new byte[1]));
    assertThrows(IllegalStateException.class, () -> x.a.uncork());
  }

  @Test
  void channelsPairAcrossProtocolAliases() {
    // each side opens under its own name and knows the other's as an alias (as hypercore's
    // "hypercore/alpha" with alias "hypercore"); each open finds the other side's outgoing open
    MuxPair x = new MuxPair();
    byte[] key = utf8("k");
    Channel b = x.b.createChannel(ChannelOptions.of("hypercore/alpha", key).alias("hypercore")
        .onOpen((hs, c) -> x.events.add("b open " + MuxPair.hex(hs))));
    b.open(null);
    Channel a = x.a.createChannel(ChannelOptions.of("hypercore", key).alias("hypercore/alpha"));
    a.open(utf8("hs"));
    x.settle();
    assertTrue(a.isOpened());
    assertTrue(b.isOpened());
    assertTrue(x.events.contains("b open 6873"), x.events.toString());
  }
}
