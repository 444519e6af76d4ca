package io.hyperbee.replication.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.btree.Hyperbee;
import io.hyperbee.btree.SeqTrace;
import io.hyperbee.log.Hypercore;
import io.hyperbee.replication.bee.BeeExtension;
import io.hyperbee.replication.bee.ExtensionMessage;
import io.hyperbee.replication.replicator.Replicator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The "hyperbee" cache-warmup extension live with JS (interop/repl-peer.js: Corestore 7.12.5,
 * hyperbee 2.27.3) over TCP: a JS writer answers a Java reader's cold get, and a Java writer
 * answers a JS reader's; either way the seqs answered are those JS's walk touches on the tree.
 */
@Timeout(180)
class JsExtensionTest extends JsFixture {
  /** The seqs JS's get of {@code key} touches on {@code bee} (what an answer names). */
  private static String walk(Hyperbee bee, String key) {
    List<Long> seqs = new ArrayList<>();
    SeqTrace.get(bee, bee.version(), b(key), seqs::add);
    return seqs.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  @Test
  void jsWriterAnswersAJavaReadersColdGet() throws Exception {
    InetSocketAddress address = jsServes(js());
    js.command("bee b 2000");
    String[] created = js.awaitWords("core b ");
    Replicator reader = follow(HEX.parseHex(created[0]));
    connect(address);
    updated(reader, Long.parseLong(created[1]));
    Hyperbee bee = own(Hyperbee.open(reader.core()));
    BeeExtension extension = own(BeeExtension.attach(bee, reader));
    List<Long> answered = java.util.Collections.synchronizedList(new ArrayList<>());
    extension.observeAnswers(blocks -> Arrays.stream(blocks).forEach(answered::add));

    assertEquals("value 1234", s(bee.get(b(beeKey(1234))).value()));
    await(() -> !answered.isEmpty(), () -> "JS answered the get query");
    Hypercore replica = reader.core();
    await(() -> answered.stream().allMatch(replica::has), () -> "the blocks JS named were fetched");

    reader.download(0, replica.length(), 8, WAIT, null); // the whole tree, to walk it here
    String named;
    synchronized (answered) {
      named = answered.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
    assertEquals(walk(bee, beeKey(1234)), named, "JS's answer is the walk of its get");
    assertEquals(List.of(), servedDropReasons());
  }

  @Test
  void javaWriterAnswersAJsReadersColdGet() throws Exception {
    Hypercore writer = writerCore(9);
    Hyperbee writerBee = own(writerBee(writer));
    own(BeeExtension.attach(writerBee, serve(writer)));
    int port = listen().port();
    js();
    js.command("follow b " + HEX.formatHex(writer.key()));
    js.command("connect " + port);
    js.command("wait-length b " + writer.length());
    js.command("bee-get b " + beeKey(321));
    assertEquals("entry b " + beeKey(321) + " value 321", js.await("entry b "));
    String expected = walk(writerBee, beeKey(321));
    String[] stats = {""};
    await(() -> {
      try {
        js.command("ext-stats b");
        stats[0] = js.await("ext b ");
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      return !stats[0].endsWith(" -");
    }, () -> "the JS reader got our answer: " + stats[0]);
    assertEquals("ext b 1 " + expected, stats[0], "one cache message naming JS's walk");
    assertTrue(expected.split(",").length > 3, expected);
    assertEquals(List.of(), servedDropReasons());
  }

  @Test
  void javaAndJsReadersAskTheSameQueries() throws Exception {
    Hypercore writer = writerCore(10);
    writerBee(writer).close();
    List<String> asked = java.util.Collections.synchronizedList(new ArrayList<>());
    serve(writer).registerExtension(BeeExtension.NAME, (peer, message) -> asked.add(HEX.formatHex(message)));
    int port = listen().port();
    js();
    js.command("follow b " + HEX.formatHex(writer.key()));
    js.command("connect " + port);
    js.command("wait-length b " + writer.length());
    js.command("bee-get b " + beeKey(222));
    js.await("entry b ");
    js.command("bee-range b " + beeKey(400) + " 20");
    js.await("range b ");
    await(() -> asked.size() >= 2, () -> "JS's queries arrived: " + asked);
    List<String> fromJs = List.copyOf(asked);
    asked.clear();
    assertEquals(2, fromJs.size(), fromJs.toString());
    assertTrue(ExtensionMessage.decode(HEX.parseHex(fromJs.get(0))).get() != null, "a get query first");
    assertTrue(ExtensionMessage.decode(HEX.parseHex(fromJs.get(1))).iterator() != null, "then an iterator query");

    Replicator reader = follow(writer.key());
    connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    updated(reader, writer.length());
    Hyperbee bee = own(Hyperbee.open(reader.core()));
    own(BeeExtension.attach(bee, reader));
    assertEquals("value 222", s(bee.get(b(beeKey(222))).value()));
    assertEquals(expectedRange(400, 20), range(bee, beeKey(400), 20));
    await(() -> asked.size() >= fromJs.size(), () -> "our queries arrived: " + asked);
    assertEquals(fromJs, List.copyOf(asked), "the same get and iterator queries, byte for byte");
  }
}
