package io.hyperbee.replication.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hyperbee.crypto.KeyPair;
import io.hyperbee.log.Hypercore;
import io.hyperbee.merkle.ProofRequest;
import io.hyperbee.replication.net.ConnectionOptions;
import io.hyperbee.replication.net.JsPeer;
import io.hyperbee.replication.net.Listener;
import io.hyperbee.replication.replicator.Replicator;
import io.hyperbee.replication.wire.WireCodec;
import io.hyperbee.replication.wire.WireMessage;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 14: a Java replica asks for a block with exactly the proof nodes a JS reader (hypercore
 * 11.36.1, interop/repl-peer.js) asks for in the same state: the same reads, one after the
 * other, of a Java writer's core, captured as the writer receives them. JS counts the nodes the
 * reader lacks on the block's path ({@code MerkleTree.missingNodes}) when it sends the request.
 */
@Timeout(180)
class JsRequestNodesTest extends TcpFixture {
  private static final int BLOCKS = 300;
  /** Neighbours, siblings whose leaf a previous proof brought (0 nodes), far blocks, the ends. */
  private static final long[] READS = {5, 4, 6, 7, 150, 151, 149, 0, 299, 298, 64, 65, 128, 200, 3};
  private JsPeer js;

  @AfterEach
  void killNode() throws InterruptedException {
    if (js != null) {
      js.close();
    }
  }

  /** The block requests each accepted connection carried, as "index/nodes", in arrival order. */
  private final List<List<String>> requestsPerConnection = new CopyOnWriteArrayList<>();

  private int listenCapturing() throws Exception {
    Listener listener = Listener.listen(ANY_PORT, KeyPair.random(), ConnectionOptions.DEFAULTS, c -> {
      List<String> requests = new CopyOnWriteArrayList<>();
      requestsPerConnection.add(requests);
      accepted.add(ReplicationStream.attach(c, served, new WireTap() {
        @Override
        public void sent(int type, byte[] payload) {}

        @Override
        public void received(int type, byte[] payload) {
          if (type == WireMessage.REQUEST) {
            ProofRequest.Index b = ((WireMessage.Request) WireCodec.decode(type, payload)).proof().block();
            if (b != null) {
              requests.add(b.index() + "/" + b.nodes());
            }
          }
        }
      }));
    });
    own(listener::close);
    return listener.port();
  }

  @Test
  void javaAsksForTheNodesJsAsksForInTheSameState() throws Exception {
    Hypercore writer = servedCore(21, BLOCKS, "block ");
    int port = listenCapturing();

    js = JsPeer.script("repl-peer.js");
    js.command("follow c " + HexFormat.of().formatHex(writer.key()));
    js.command("connect " + port);
    js.command("wait-length c " + BLOCKS);
    for (long i : READS) {
      js.command("get c " + i);
      assertEquals(HexFormat.of().formatHex(b("block " + i)), js.awaitWords("block c " + i + " ")[0]);
    }
    await(() -> requestsPerConnection.size() == 1 && requestsPerConnection.get(0).size() == READS.length,
        () -> "JS's " + READS.length + " requests arrived: " + requestsPerConnection);
    List<String> fromJs = new ArrayList<>(requestsPerConnection.get(0));

    Replicator reader = follow(writer.key());
    connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
    updated(reader, BLOCKS);
    for (long i : READS) {
      assertArrayEquals(b("block " + i), reader.get(i, WAIT));
    }
    List<String> fromJava = requestsPerConnection.get(1);
    assertEquals(fromJs, fromJava);
    System.out.println("block requests (index/nodes), JS and Java alike: " + fromJava);
  }
}
