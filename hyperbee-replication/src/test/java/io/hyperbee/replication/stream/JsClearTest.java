package io.hyperbee.replication.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.crypto.KeyPair;
import io.hyperbee.log.Hypercore;
import io.hyperbee.replication.net.ConnectionOptions;
import io.hyperbee.replication.net.JsPeer;
import io.hyperbee.replication.net.Listener;
import io.hyperbee.replication.replicator.Replicator;
import io.hyperbee.replication.wire.WireCodec;
import io.hyperbee.replication.wire.WireMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A writer that clears blocks while a reader is connected tells it with a {@code range} whose
 * drop flag is set (hypercore's {@code onhave(start, length, true)}), live with JS both ways: the
 * reader then no longer counts on the writer for those blocks and does not ask it for them (a
 * read of one waits for another peer and fails at its timeout), while it still gets the blocks the
 * writer kept.
 */
@Timeout(180)
class JsClearTest extends JsFixture {
  private static final int LENGTH = 10;

  @Test
  void aJsReaderStopsCountingOnAJavaWriterForTheBlocksItCleared() throws Exception {
    Hypercore writer = servedCore(11, LENGTH, "block ");
    List<Long> blocksAsked = new CopyOnWriteArrayList<>();
    List<Integer> sent = new CopyOnWriteArrayList<>();
    Listener listener = own(Listener.listen(ANY_PORT, KeyPair.random(), ConnectionOptions.DEFAULTS,
        c -> accepted.add(ReplicationStream.attach(c, served, new WireTap() {
          @Override
          public void received(int type, byte[] payload) {
            if (type == WireMessage.REQUEST) {
              WireMessage.Request r = (WireMessage.Request) WireCodec.decode(type, payload);
              if (r.proof().block() != null) {
                blocksAsked.add(r.proof().block().index());
              }
            }
          }

          @Override
          public void sent(int type, byte[] payload) {
            sent.add(type);
          }
        }))));
    JsPeer js = js();
    js.command("follow c " + HEX.formatHex(writer.key()));
    js.command("connect " + listener.port());
    js.command("wait-length c " + LENGTH);
    assertEquals("1".repeat(LENGTH), jsRemoteHas(js));

    writer.clear(3, 7);
    await(() -> jsRemoteHasQuietly(js).startsWith("1110000"), () -> "the JS reader took the drop in");

    // the kept block first: asked right after JS's get of a dropped block timed out, it often never
    // came (JS asked nothing within 20 s); why is not known yet, see the report of this change
    assertEquals(HEX.formatHex(b("block 8")), jsBlock(js, "c", 8), "the blocks the writer kept are still served");
    js.send("get c 4 1000");
    String refused = js.await("error get");
    assertTrue(refused.contains("REQUEST_TIMEOUT"), refused);
    assertEquals(List.of(8L), blocksAsked, "JS asked for the kept block only, never a dropped one");
    assertTrue(!sent.contains(WireMessage.NO_DATA), "nothing was asked that the writer had to refuse");
    assertEquals(List.of(), servedDropReasons());
  }

  @Test
  void aJavaReaderStopsAskingAJsWriterForTheBlocksItCleared() throws Exception {
    JsPeer js = js();
    var address = jsServes(js);
    js.command("core c " + LENGTH);
    Replicator reader = follow(jsCoreKey(js, "c"));
    ReplicationStream stream = connect(address);
    updated(reader, LENGTH);

    js.command("clear c 3 7");
    js.await("cleared c 3 7");
    // an append after the clear: once the reader has it, the drop sent before it was handled too
    js.command("append c after");
    await(() -> reader.core().length() == LENGTH + 1, () -> "the JS append reached the Java reader");

    long requests = reader.requestsSent();
    HyperbeeException e = assertThrows(HyperbeeException.class, () -> reader.get(4, Duration.ofMillis(500)));
    assertEquals(ErrorCode.BLOCK_NOT_AVAILABLE, e.code());
    assertTrue(e.getMessage().contains("not available from any of 1 peers"), e.getMessage());
    assertEquals(requests, reader.requestsSent(), "no request went to the writer for a block it dropped");

    assertEquals("block 8", s(reader.get(8, WAIT)), "the blocks the writer kept are still fetched");
    assertEquals("after", s(reader.get(LENGTH, WAIT)));
    reader.core().verify();
    assertEquals(List.of(), stream.dropReasons());
  }

  /** Which of blocks 0..LENGTH-1 JS's reader counts on its peer for, "1"/"0" each. */
  private static String jsRemoteHas(JsPeer js) throws Exception {
    js.command("remote-has c 0 " + LENGTH);
    return js.awaitWords("remote-has c 0 ")[0];
  }

  private static String jsRemoteHasQuietly(JsPeer js) {
    try {
      return jsRemoteHas(js);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
